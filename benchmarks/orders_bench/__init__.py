"""The repair-orders benchmark (issue 6): a scratch database with a year of orders, and the four figures.

``scratch`` makes, migrates and removes the database; ``plan`` draws the year's rows and ``load`` writes
them in bulk; ``lists`` (with the baseline view in ``urlconf``), ``kpi`` and ``writes`` measure;
``report`` prints the table. ``benchmarks/bench_orders.py`` is the entry point.
"""
