"""A site's month for the benchmark: HR, ``count`` employees on 正常班 with March 2026's shifts as an import
leaves them (about one in twenty late, one in a hundred absent) and 2 × ``count`` approved incidents."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from fuwu.core.models import Site, User

MONTH = dt.date(2026, 3, 1)
INCIDENT_CLAUSES = ("p01.1", "p01.2", "p01.3.4", "p01.3.12", "p01.r1", "p01.r2", "p01.3.11")


@dataclass(frozen=True)
class Month:
    site: Site
    hr: User


def make_month(count: int) -> Month:
    """Write the site, its HR (HR / finance, member of the site) and the month's people and facts."""
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
    return Month(site, hr)
