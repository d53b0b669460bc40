"""Shared staff test data: the role users of tests.core.base, a day shift, and one employee on it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from fuwu.core.roles import Role
from fuwu.staff.models import AttendanceDay, Employee, Shift
from fuwu.staff.services import employees
from tests.core.base import RoleUsersTestCase

SHANGHAI = ZoneInfo("Asia/Shanghai")


class StaffTestCase(RoleUsersTestCase):
    day_shift: Shift
    worker: Employee

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.day_shift = employees.create_shift(
            site=cls.site_a, name="正常班", start=dt.time(9), end=dt.time(18), by=cls.admin
        )
        person = cls.by_role[Role.EMPLOYEE]
        person.employee_no = "85089"
        person.save(update_fields=["employee_no"])
        cls.worker = employees.create_employee(
            user=person,
            site=cls.site_a,
            shift=cls.day_shift,
            monthly_wage=Decimal("4350.00"),
            hired_on=dt.date(2025, 1, 1),
            manager=cls.by_role[Role.SUPERVISOR],
            by=cls.admin,
        )

    def shift_day(
        self, day: dt.date, clock_in: str | None, clock_out: str | None, employee: Employee | None = None
    ) -> AttendanceDay:
        """A stored shift of the day shift with these local clock times ("HH:MM" or None)."""

        def moment(text: str | None) -> dt.datetime | None:
            if text is None:
                return None
            return dt.datetime.combine(day, dt.time.fromisoformat(text), SHANGHAI)

        return AttendanceDay.objects.create(
            employee=employee or self.worker,
            day=day,
            shift_start=dt.time(9),
            shift_end=dt.time(18),
            clock_in=moment(clock_in),
            clock_out=moment(clock_out),
        )
