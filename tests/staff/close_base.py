"""Shared data of the monthly close's tests: HR of site a, HR of site b, and helpers that close a month,
record an approved incident and read a payroll line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.staff.models import Employee, Incident, MonthClose, PayrollLine
from fuwu.staff.services.close import close_month
from fuwu.staff.services.reconcile import reconcile_months
from tests.core.base import PASSWORD
from tests.staff.base import SHANGHAI, StaffTestCase

MARCH = dt.date(2026, 3, 1)
APRIL = dt.date(2026, 4, 1)
MAY = dt.date(2026, 5, 1)
FEBRUARY = dt.date(2026, 2, 1)


class CloseTestCase(StaffTestCase):
    hr: User
    hr_b: User
    gm: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.hr = cls.by_role[Role.HR_FINANCE]
        cls.gm = cls.by_role[Role.GENERAL_MANAGER]
        cls.hr_b = users.create_user(
            username="hr_b", password=PASSWORD, display_name="乙站人事", roles=[Role.HR_FINANCE], by=cls.admin
        )
        sites.add_member(cls.site_b, cls.hr_b, by=cls.admin)

    def close(self, month: dt.date = MARCH, by: User | None = None) -> MonthClose:
        return close_month(self.site_a, month, by=by or self.hr)

    def line(self, month: dt.date = MARCH, employee: Employee | None = None) -> PayrollLine:
        return PayrollLine.objects.get(
            close__site=self.site_a, close__month=month, employee=employee or self.worker
        )

    def incident(
        self,
        clause: str,
        day: dt.date,
        *,
        cost: Decimal | None = None,
        amount: Decimal | None = None,
        employee: Employee | None = None,
        reconcile: bool = True,
    ) -> Incident:
        """An approved incident at noon of ``day`` (as the incident service leaves it), and its month
        reconciled as approving it does."""
        person = employee or self.worker
        incident = Incident.objects.create(
            employee=person,
            site=person.site,
            clause=clause,
            at=dt.datetime.combine(day, dt.time(12), SHANGHAI),
            cost=cost,
            amount=amount,
            note="测试",
            state=Incident.State.APPROVED,
            recorded_by=self.by_role[Role.SUPERVISOR],
            approver_role="supervisor",
            decided_by=self.by_role[Role.SUPERVISOR],
            decided_at=dt.datetime.combine(day, dt.time(13), SHANGHAI),
        )
        if reconcile:
            with transaction.atomic():
                reconcile_months([(person, day.replace(day=1))], by=self.admin)
        return incident

    def month_of_workdays(self, month: dt.date = MARCH, late: dict[dt.date, str] | None = None) -> None:
        """Every Monday–Friday of the first week of ``month`` worked on time, except ``late`` clock-ins."""
        late = late or {}
        day = month
        while day.weekday() != 0:
            day += dt.timedelta(days=1)
        for offset in range(5):
            worked = day + dt.timedelta(days=offset)
            self.shift_day(worked, late.get(worked, "08:55"), "18:05")
