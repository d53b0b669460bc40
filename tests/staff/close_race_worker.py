"""A separate process for the close race: `setup` makes a site with an employee's March 2026, `close SITE
USER AT` tries to close that month at the wall-clock moment AT.

Run with DJANGO_SETTINGS_MODULE=fuwu.settings and the race's database (FUWU_VAR_DIR or DATABASE_URL).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from decimal import Decimal
from zoneinfo import ZoneInfo

MARCH = dt.date(2026, 3, 1)


def main(argv: list[str]) -> int:
    import django

    django.setup()
    from fuwu.core.errors import Conflict
    from fuwu.core.models import Site, User
    from fuwu.core.roles import Role
    from fuwu.core.services import sites, users
    from fuwu.staff.models import AttendanceDay
    from fuwu.staff.services import employees
    from fuwu.staff.services.close import close_month

    if argv[0] == "setup":
        site = sites.create_site(
            kind=Site.Kind.COMMUNITY,
            name="竞争小区",
            code="race",
            minimum_monthly_wage=Decimal("2690"),
            by=None,
        )
        for name in ("h1", "h2", "w1"):
            role = Role.EMPLOYEE if name == "w1" else Role.HR_FINANCE
            person = users.create_user(
                username=name, password="x-race-pass", display_name=name, roles=[role], by=None
            )
            sites.add_member(site, person, by=None)
        shift = employees.create_shift(site=site, name="正常班", start=dt.time(9), end=dt.time(18), by=None)
        worker = employees.create_employee(
            user=User.objects.get(username="w1"), site=site, shift=shift, monthly_wage=Decimal("4350.00"),
            hired_on=dt.date(2025, 1, 1), by=None,
        )  # fmt: skip
        zone = ZoneInfo("Asia/Shanghai")
        for day, clock in ((2, "09:45"), (3, "08:55"), (4, "08:58")):
            date = dt.date(2026, 3, day)
            AttendanceDay.objects.create(
                employee=worker, day=date, shift_start=dt.time(9), shift_end=dt.time(18),
                clock_in=dt.datetime.combine(date, dt.time.fromisoformat(clock), zone),
                clock_out=dt.datetime.combine(date, dt.time(18, 5), zone),
            )  # fmt: skip
        print(site.pk)
        return 0
    site = Site.objects.get(pk=int(argv[1]))
    by = User.objects.get(username=argv[2])
    time.sleep(max(0.0, float(argv[3]) - time.time()))
    try:
        close = close_month(site, MARCH, by=by)
    except Conflict as conflict:
        print(f"conflict {conflict.message}")
        return 0
    print(f"ok {close.employees} {close.totals['net']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
