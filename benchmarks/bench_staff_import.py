"""Benchmark: importing a month of attendance for 10,000 employees (issue 7), on SQLite.

A DingTalk 考勤统计 workbook of 10,000 people × 31 days (310,000 每日统计 rows, made with
``fuwu.staff.samples`` in the real shape) is imported through ``import_attendance`` — read, matched,
stored with its audit entries and every employee's month reconciled into the ledger — against openpyxl's
own read-only load of the same file (every row's values), measured in the same run. Fuwu's own reader of
the workbook (``readers.xlsx``) is timed alone too, over the same rows.

Goals: ≤ 60 s, and ≤ 2 × openpyxl's read-only load (wall-clock time; CPU time is printed beside it, as
other work on the shared machine stretches wall time). ``--employees N`` tries it small first. Prints the
machine, its load and a reference loop's time before and after; exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

MONTH = dt.date(2026, 3, 1)
GOAL_SECONDS = 60.0
GOAL_RATIO = 2.0


def _workbook(count: int) -> bytes:
    import random

    from fuwu.regulations.calendars import work_calendar
    from fuwu.staff.samples import REST, Day, dingtalk_workbook

    calendar = work_calendar()
    draw = random.Random(7)
    days = []
    for number in range(1, count + 1):
        for offset in range(31):
            day = MONTH + dt.timedelta(days=offset)
            if not calendar.is_workday(day):
                days.append(Day(str(number), f"员工{number}", day, (("", ""),), shift=REST))
                continue
            late = draw.random() < 0.05
            came = f"09:{draw.randint(1, 40):02d}" if late else f"08:{draw.randint(40, 59):02d}"
            days.append(Day(str(number), f"员工{number}", day, ((came, f"18:{draw.randint(0, 30):02d}"),)))
    return dingtalk_workbook(days, detail=False, monthly=False)


def _people(count: int) -> object:
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password

    from fuwu.core.models import Site, User
    from fuwu.core.services import sites
    from fuwu.staff.models import Employee
    from fuwu.staff.services.employees import create_shift

    site = sites.create_site(
        kind=Site.Kind.COMMUNITY,
        name="基准小区",
        code="bench",
        minimum_monthly_wage=Decimal("2690.00"),
        by=None,
    )
    shift = create_shift(site=site, name="正常班", start=dt.time(9), end=dt.time(18), by=None)
    password = make_password(None)
    users = User.objects.bulk_create(
        User(username=f"e{n}", password=password, display_name=f"员工{n}", employee_no=str(n))
        for n in range(1, count + 1)
    )
    Employee.objects.bulk_create(
        Employee(
            user=u, site=site, shift=shift, monthly_wage=Decimal("4350.00"), hired_on=dt.date(2025, 1, 1)
        )
        for u in users
    )
    return site


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    args = parser.parse_args()
    from machine import Stopwatch, conditions, cpu_model
    from orders_bench.scratch import scratch

    print(f"machine: {cpu_model()}")
    print(f"at start: {conditions()}")
    with scratch("sqlite"):
        from openpyxl import load_workbook  # type: ignore[import-untyped]

        from fuwu.staff.models import LedgerEntry
        from fuwu.staff.readers.xlsx import XlsxBook
        from fuwu.staff.services.attendance import import_attendance

        began = time.perf_counter()
        site = _people(args.employees)
        data = _workbook(args.employees)
        print(
            f"made {args.employees:,} employees and a {len(data) / 1e6:.1f} MB workbook "
            f"in {time.perf_counter() - began:.0f} s",
            flush=True,
        )

        with Stopwatch() as watch:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = sum(1 for sheet in book.worksheets for _row in sheet.iter_rows(values_only=True))
            book.close()
        baseline = watch.timed
        print(f"openpyxl read-only load: {rows:,} rows in {baseline.wall:.1f} s (CPU {baseline.cpu:.1f} s)")

        with Stopwatch() as watch:
            ours = XlsxBook(data)
            rows = sum(1 for sheet in ours.sheets for _row in ours.rows(sheet))
            ours.close()
        reader = watch.timed
        del book, ours
        print(
            f"Fuwu's reader alone: {rows:,} rows in {reader.wall:.1f} s (CPU {reader.cpu:.1f} s)", flush=True
        )

        # When the import reaches each stage, from its own progress calls: the first chunk of shifts
        # stored (reading and matching are done), the last, and the last chunk of months judged.
        marks: dict[str, float] = {}

        def progress(done: int, of: int) -> None:
            marks.setdefault("first stored", time.perf_counter())
            marks["stored"] = time.perf_counter()
            if done == of or done % 20_000 < 31:
                print(f"\r  stored {done:,} / {of:,} shifts", end="", flush=True)

        def judging(done: int, of: int) -> None:
            marks["judged"] = time.perf_counter()

        with Stopwatch() as watch:
            began = time.perf_counter()
            done = import_attendance(
                site=site,  # type: ignore[arg-type]
                data=data,
                filename="考勤报表.xlsx",
                by=None,
                progress=progress,
                judging=judging,
            )
            ended = time.perf_counter()
        imported = watch.timed
        print()
        entries = LedgerEntry.objects.count()
        print(
            f"import: {done.batch.rows:,} shifts, {entries:,} ledger entries in {imported.wall:.1f} s "
            f"(CPU {imported.cpu:.1f} s)"
        )
        stages = {
            "read, matched and the first chunk of shifts stored": marks["first stored"] - began,
            "the other shifts stored": marks["stored"] - marks["first stored"],
            "months judged and the ledger written": marks["judged"] - marks["stored"],
            "after: the comparison with the vendor's verdicts, the commit": ended - marks["judged"],
        }
        for stage, seconds in stages.items():
            print(f"  {stage}: {seconds:.1f} s")
    print(f"at end: {conditions()}")
    ratio = imported.wall / baseline.wall
    print()
    print("| measurement | measured | baseline (same run) | ratio | goal | verdict |")
    print("|---|---|---|---|---|---|")
    ok_time, ok_ratio = imported.wall <= GOAL_SECONDS, ratio <= GOAL_RATIO
    verdicts = {True: "met", False: "MISSED"}
    print(
        f"| Fuwu's reader alone ÷ openpyxl read-only load | {reader.wall:.1f} s (CPU {reader.cpu:.1f} s) "
        f"| {baseline.wall:.1f} s (CPU {baseline.cpu:.1f} s) | {reader.wall / baseline.wall:.2f} × | — | — |"
    )
    print(
        f"| import of {done.batch.rows:,} shifts | {imported.wall:.1f} s (CPU {imported.cpu:.1f} s) | — | — "
        f"| ≤ {GOAL_SECONDS:.0f} s | {verdicts[ok_time]} |"
    )
    print(
        f"| same ÷ openpyxl read-only load | {imported.wall:.1f} s | {baseline.wall:.1f} s | {ratio:.2f} × "
        f"(CPU {imported.cpu / baseline.cpu:.2f} ×) | ≤ {GOAL_RATIO:g} × | {verdicts[ok_ratio]} |"
    )
    return 0 if ok_time and ok_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
