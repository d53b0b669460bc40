"""Benchmark: the monthly close of 10,000 employees × 31 days with 20,000 incidents (issue 7), on SQLite.

The month is stored as an import and the incidents' approvals leave it (310,000 shifts, 20,000 approved
incidents, every employee's month reconciled into the ledger: not timed), then ``close_month`` closes it
— every month judged again through the regulations door, the payroll lines written with the guardrail,
everything audited — with its progress printed. The baseline is the engine's own work in the same run:
the time spent inside ``regulations.services.evaluate`` (the door: the facts parsed and evaluated) during
that close.

Goals: ≤ 60 s, and ≤ 3 × the engine. ``--employees N`` tries it small first. Prints the figures; exits 1
when a goal is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

MONTH = dt.date(2026, 3, 1)
GOAL_SECONDS = 60.0
GOAL_RATIO = 3.0
INCIDENT_CLAUSES = ("p01.1", "p01.2", "p01.3.4", "p01.3.12", "p01.r1", "p01.r2", "p01.3.11")


def _month(count: int) -> tuple[Any, Any]:
    """The site, its HR, ``count`` employees with their month's shifts and 2 × ``count`` incidents."""
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from django.contrib.auth.hashers import make_password

    from fuwu.core.models import Site, User
    from fuwu.core.roles import Role
    from fuwu.core.services import sites, users
    from fuwu.regulations.calendars import work_calendar
    from fuwu.staff.models import AttendanceDay, Employee, Incident
    from fuwu.staff.services.employees import create_shift

    zone = ZoneInfo("Asia/Shanghai")
    site = sites.create_site(
        kind=Site.Kind.COMMUNITY,
        name="基准小区",
        code="bench",
        minimum_monthly_wage=Decimal("2690.00"),
        by=None,
    )
    hr = users.create_user(
        username="hr", password="x-bench-pass", display_name="人事", roles=[Role.HR_FINANCE], by=None
    )
    sites.add_member(site, hr, by=None)
    shift = create_shift(site=site, name="正常班", start=dt.time(9), end=dt.time(18), by=None)
    password = make_password(None)
    people = User.objects.bulk_create(
        User(username=f"e{n}", password=password, display_name=f"员工{n}", employee_no=str(n))
        for n in range(1, count + 1)
    )
    staff = Employee.objects.bulk_create(
        Employee(
            user=u, site=site, shift=shift, monthly_wage=Decimal("4350.00"), hired_on=dt.date(2025, 1, 1)
        )
        for u in people
    )
    calendar = work_calendar()
    workdays = [
        MONTH + dt.timedelta(days=d) for d in range(31) if calendar.is_workday(MONTH + dt.timedelta(days=d))
    ]
    draw = random.Random(7)
    rows: list[AttendanceDay] = []
    for employee in staff:
        for day in workdays:
            roll = draw.random()
            came = None if roll < 0.01 else dt.time(9, draw.randint(1, 40)) if roll < 0.06 else dt.time(8, 50)
            rows.append(
                AttendanceDay(
                    employee=employee, day=day, shift_start=dt.time(9), shift_end=dt.time(18),
                    clock_in=dt.datetime.combine(day, came, zone) if came else None,
                    clock_out=dt.datetime.combine(day, dt.time(18, 5), zone) if came else None,
                )
            )  # fmt: skip
        if len(rows) >= 50_000:
            AttendanceDay.objects.bulk_create(rows)
            rows = []
    AttendanceDay.objects.bulk_create(rows)
    incidents = []
    for number in range(2 * count):
        employee = staff[number % count]
        clause = draw.choice(INCIDENT_CLAUSES)
        at = dt.datetime.combine(draw.choice(workdays), dt.time(10, draw.randint(0, 59)), zone)
        incidents.append(
            Incident(
                employee=employee, site=site, clause=clause, at=at, note="基准",
                cost=Decimal(draw.randint(50, 3000)) if clause == "p01.3.11" else None,
                state=Incident.State.APPROVED, recorded_by=hr, approver_role="supervisor", decided_by=hr,
                decided_at=at,
            )
        )  # fmt: skip
    Incident.objects.bulk_create(incidents, batch_size=5000)
    return site, hr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    args = parser.parse_args()
    from orders_bench.scratch import scratch

    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    with scratch("sqlite"):
        from django.db import transaction

        from fuwu.core.services.silence import silenced
        from fuwu.staff.models import Employee, LedgerEntry, PayrollLine
        from fuwu.staff.services import close, reconcile

        began = time.perf_counter()
        site, hr = _month(args.employees)
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

        engine = [0.0]
        door = getattr(reconcile, "evaluate")  # noqa: B009  (the door as reconcile calls it, timed below)

        def timed(*given: Any, **named: Any) -> Any:
            start = time.perf_counter()
            try:
                return door(*given, **named)
            finally:
                engine[0] += time.perf_counter() - start

        setattr(reconcile, "evaluate", timed)  # noqa: B010

        def progress(done: int, of: int) -> None:
            print(f"\r  closed {done:,} / {of:,} employees", end="", flush=True)

        began = time.perf_counter()
        closed = close.close_month(site, MONTH, by=hr, progress=progress)
        seconds = time.perf_counter() - began
        setattr(reconcile, "evaluate", door)  # noqa: B010
        print()
        print(f"close: {PayrollLine.objects.count():,} lines, net {closed.totals['net']}, {seconds:.1f} s")
    baseline = engine[0]
    ratio = seconds / baseline
    ok_time, ok_ratio = seconds <= GOAL_SECONDS, ratio <= GOAL_RATIO
    verdicts = {True: "met", False: "MISSED"}
    print()
    print("| measurement | measured | baseline (same run) | ratio | goal | verdict |")
    print("|---|---|---|---|---|---|")
    print(
        f"| close of {args.employees:,} employees | {seconds:.1f} s | — | — | ≤ {GOAL_SECONDS:.0f} s "
        f"| {verdicts[ok_time]} |"
    )
    print(
        f"| same ÷ the engine's evaluations in it | {seconds:.1f} s | {baseline:.1f} s | {ratio:.2f} × "
        f"| ≤ {GOAL_RATIO:g} × | {verdicts[ok_ratio]} |"
    )
    return 0 if ok_time and ok_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
