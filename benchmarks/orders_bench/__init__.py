"""The repair-orders benchmark (issue 6): a scratch database with a year of orders, and the four figures.

``scratch`` makes and removes the database, ``load`` fills it in bulk, ``lists``, ``kpi``, ``writes``
measure, ``report`` prints the table. ``benchmarks/bench_orders.py`` is the entry point.
"""
