"""Benchmark: the monthly close of 10,000 employees × 31 days with 20,000 incidents (issue 7), and the
ledger page and month view at that size, on SQLite.

The month is stored as an import and the incidents' approvals leave it (310,000 days, 220,000 of them
shifts, 20,000 approved incidents, every employee's month reconciled into the ledger: not timed). Then,
in the same run:

1. the ledger page of one employee (the one with the most entries) and the site's month view, open, at
   its first and its last page (100 people a page), as the site's HR, each interleaved request by request
   with a bare ``values()`` view of the same rows (``staff_bench.urlconf``): p50 and p99 of ``requests``
   requests each; goal p99 ≤ 50 ms;
2. ``close_month`` — every month judged again through the regulations door, the payroll lines written
   with the guardrail, everything audited — with its progress printed. The baseline is the engine's own
   work in the same close: the time spent inside ``regulations.services.evaluate`` (the facts parsed and
   evaluated). Goals: ≤ 60 s, and ≤ 3 × the engine;
3. the same pages of the closed month (its payroll lines in the month view).

``--employees N`` tries it small first. Prints the machine, its load and a reference loop's time before
and after, and one table; exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from orders_bench.report import Row, print_table

GOAL_SECONDS = 60.0
GOAL_RATIO = 3.0


def close(month: Any, employees: int) -> list[Row]:
    """Close the month, timing the engine's evaluations inside it."""
    from staff_bench.month import MONTH

    from fuwu.staff.models import PayrollLine
    from fuwu.staff.services import close, reconcile

    engine = [0.0]
    door = getattr(reconcile, "evaluate")  # noqa: B009  (the door as reconcile calls it, timed below)

    def timed(*given: Any, **named: Any) -> Any:
        start = time.perf_counter()
        try:
            return door(*given, **named)
        finally:
            engine[0] += time.perf_counter() - start

    def progress(done: int, of: int) -> None:
        print(f"\r  closed {done:,} / {of:,} employees", end="", flush=True)

    setattr(reconcile, "evaluate", timed)  # noqa: B010
    try:
        began = time.perf_counter()
        closed = close.close_month(month.site, MONTH, by=month.hr, progress=progress)
        seconds = time.perf_counter() - began
    finally:
        setattr(reconcile, "evaluate", door)  # noqa: B010
    print()
    print(f"close: {PayrollLine.objects.count():,} lines, net {closed.totals['net']}, {seconds:.1f} s")
    baseline = engine[0]
    ratio = seconds / baseline
    what = f"close of {employees:,} employees"
    return [
        Row("sqlite", what, f"{seconds:.1f} s", "", "", f"≤ {GOAL_SECONDS:.0f} s", seconds <= GOAL_SECONDS),
        Row(
            "sqlite",
            f"{what} ÷ the engine's evaluations in it",
            f"{seconds:.1f} s",
            f"{baseline:.1f} s",
            f"{ratio:.2f} ×",
            f"≤ {GOAL_RATIO:g} ×",
            ratio <= GOAL_RATIO,
        ),
    ]


def served() -> None:
    """The process as a served one before its requests: what it holds now (the scratch month's setup,
    the engine's and the facts' caches after the close) lives as long as it, so it is moved out of the
    collector's generations as ``fuwu.wsgi`` does with what loading the application leaves; garbage is
    collected first. Otherwise a full collection walks the setup's objects again and again and stops a
    request for 20–30 ms now and then, which a served process does not do."""
    gc.collect()
    gc.freeze()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300, help="requests of each page and baseline")
    args = parser.parse_args()
    from machine import conditions, cpu_model
    from orders_bench.scratch import scratch

    print(f"machine: {cpu_model()}")
    print(f"at start: {conditions()}")
    with scratch("sqlite"):
        from django.db import transaction
        from staff_bench import pages
        from staff_bench.month import MONTH, make_month

        from fuwu.core.services.silence import silenced
        from fuwu.staff.models import Employee, LedgerEntry
        from fuwu.staff.services import reconcile

        began = time.perf_counter()
        month = make_month(args.employees)
        print(f"made {args.employees:,} employees' month in {time.perf_counter() - began:.0f} s")
        began = time.perf_counter()
        with transaction.atomic(), silenced():
            reconcile.reconcile_months(
                [(e, MONTH) for e in Employee.objects.select_related("site", "user")], by=None
            )
        print(
            f"reconciled as imports and approvals leave it: {LedgerEntry.objects.count():,} entries "
            f"in {time.perf_counter() - began:.0f} s"
        )
        person, entries = pages.busiest(MONTH)
        served()
        print(f"pages of the open month (the ledger of user {person}: {entries} entries):")
        rows = pages.measure(month, person, args.employees, state="open", requests=args.requests)
        # What the pages left for the cycle collector is not the close's to collect.
        gc.collect()
        rows.extend(close(month, args.employees))
        served()
        print("pages of the closed month:")
        rows.extend(pages.measure(month, person, args.employees, state="closed", requests=args.requests))
    print(f"at end: {conditions()}")
    print()
    print_table(rows)
    missed = [row for row in rows if row.ok is False]
    for row in missed:
        print(f"GOAL MISSED: {row.what}: {row.measured} (goal {row.goal})")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
