"""The staff pages, one module per part: the ledger (我的奖惩), attendance and its imports, leave,
incidents, appeals, months (the site view, the team view, the close and the payroll) and HR's reviews."""
