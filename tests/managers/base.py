"""Shared customer-manager test data: the role users of tests.core.base, the customer manager appointed at
site A (certified, on the payroll), a second manager there, and customers of both sites."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.customers.models import Customer
from fuwu.customers.services.customers import create_customer
from fuwu.managers.models import Eligibility, Level, Manager
from fuwu.managers.services import levels
from fuwu.managers.services.levels import ConditionMark
from fuwu.staff.models import Employee
from fuwu.staff.services import employees
from tests.core.base import PASSWORD, RoleUsersTestCase

APPOINTED = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
ALL_MET = [ConditionMark(number, True, "人事档案") for number in range(1, 6)]


def certified(candidate: User, site: Site, supervisor: User) -> Eligibility:
    """A certified eligibility review of ``candidate``, requested and approved by ``supervisor``."""
    row = levels.request_eligibility(site=site, candidate=candidate, marks=ALL_MET, by=supervisor)
    return levels.decide_eligibility(row, approve=True, by=supervisor)


class ManagersTestCase(RoleUsersTestCase):
    supervisor: User
    cm: User
    cm2: User
    manager: Manager
    manager2: Manager
    employee: Employee
    customers_a: list[Customer]
    customer_b: Customer

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.supervisor = cls.by_role[Role.SUPERVISOR]
        cls.cm = cls.by_role[Role.CUSTOMER_MANAGER]
        cls.cm2 = users.create_user(
            username="cm2",
            password=PASSWORD,
            display_name="钱经理",
            roles=[Role.CUSTOMER_MANAGER],
            by=cls.admin,
        )
        sites.add_member(cls.site_a, cls.cm2, by=cls.admin)
        cls.manager = levels.appoint(
            certified(cls.cm, cls.site_a, cls.supervisor), level=Level.TRAINEE, by=cls.supervisor
        )
        cls.manager2 = levels.appoint(
            certified(cls.cm2, cls.site_a, cls.supervisor), level=Level.SECOND, by=cls.supervisor
        )
        # Appointed at the start of 2026, so that the tests' months (fixed dates) may be appraised.
        Manager.objects.filter(pk__in=[cls.manager.pk, cls.manager2.pk]).update(appointed_at=APPOINTED)
        cls.manager.refresh_from_db()
        cls.manager2.refresh_from_db()
        shift = employees.create_shift(
            site=cls.site_a, name="正常班", start=dt.time(9), end=dt.time(18), by=cls.admin
        )
        cls.employee = employees.create_employee(
            user=cls.cm,
            site=cls.site_a,
            shift=shift,
            monthly_wage=Decimal("5000.00"),
            hired_on=dt.date(2025, 1, 1),
            manager=cls.supervisor,
            by=cls.admin,
        )
        cls.customers_a = [
            create_customer(
                site=cls.site_a, name=f"客户{index}", phones=[f"1380000{index:04d}"], by=cls.admin
            )
            for index in range(4)
        ]
        cls.customer_b = create_customer(
            site=cls.site_b, name="外站客户", phones=["13900000000"], by=cls.admin
        )
