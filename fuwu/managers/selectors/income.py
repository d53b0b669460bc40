"""A customer manager's income by month (p05.income: 基础工资 + 绩效工资 + 行为考核评分), read in four queries
for any number of months.

Only the behaviour score's money is a ledger entry (priced by the clause, approved as incidents are); the
base wage is the staff record's monthly wage and the performance pay what the department head set on the
month's appraisal — the pack gives it no amount, so no clause is cited for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from fuwu.managers.models import Appraisal, Manager
from fuwu.managers.services.income import payroll_record
from fuwu.staff.models import Incident, LedgerEntry
from fuwu.staff.selectors.incidents import entries_of


@dataclass(frozen=True)
class MonthIncome:
    month: dt.date
    appraisal: Appraisal | None
    base: Decimal | None
    performance: Decimal | None
    # The ledger's entries of the month's p05.income incident (reversals too) and what they add up to.
    entries: list[LedgerEntry] = field(default_factory=list)
    behaviour: Decimal | None = None
    # What the incident would give while it waits for approval.
    proposed: Decimal | None = None

    @property
    def total(self) -> Decimal:
        return sum((v for v in (self.base, self.performance, self.behaviour) if v is not None), Decimal(0))

    @property
    def waiting(self) -> bool:
        incident = self.appraisal.income_incident if self.appraisal is not None else None
        return incident is not None and incident.state == Incident.State.RECORDED


def income_of(manager: Manager, months: Sequence[dt.date]) -> list[MonthIncome]:
    """The manager's income of each of ``months`` (their first days), in the order given."""
    employee = payroll_record(manager.user_id)
    appraisals = {
        row.month: row
        for row in Appraisal.objects.filter(
            manager=manager, kind=Appraisal.Kind.REGULAR, month__in=list(months)
        ).select_related("income_incident")
    }
    incidents = [a.income_incident for a in appraisals.values() if a.income_incident is not None]
    entries = entries_of(incidents)
    found: list[MonthIncome] = []
    for month in months:
        appraisal = appraisals.get(month)
        incident = appraisal.income_incident if appraisal is not None else None
        mine = entries.get(incident.pk, []) if incident is not None else []
        proposed = None
        if incident is not None and incident.state == Incident.State.RECORDED:
            amounts = [
                Decimal(p["amount"])
                for p in incident.proposed
                if isinstance(p, dict) and p.get("kind") == "reward" and p.get("amount")
            ]
            proposed = sum(amounts, Decimal(0))
        found.append(
            MonthIncome(
                month=month,
                appraisal=appraisal,
                base=employee.monthly_wage if employee is not None else None,
                performance=appraisal.performance_pay if appraisal is not None else None,
                entries=mine,
                behaviour=sum((e.amount for e in mine), Decimal(0)) if mine else None,
                proposed=proposed,
            )
        )
    return found
