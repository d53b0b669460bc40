"""The monthly-close benchmark (issue 7): a site's month of 10,000 people, its close, and its pages.

``month`` makes the people, their shifts and incidents; ``pages`` times the ledger page and the month view
against bare ``values()`` views mounted beside them (``urlconf``). ``benchmarks/bench_staff_close.py`` is
the entry point; the scratch database is ``orders_bench.scratch``'s.
"""
