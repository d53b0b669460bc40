"""Customers with files at the two test sites, on top of the role users: the customer manager's own, a
colleague's (whom they may stand in for), one at the other site; households to live in."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.test import Client
from django.utils import timezone
from openpyxl import Workbook  # type: ignore[import-untyped]

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.customers import services as household_services
from fuwu.customers.models import Customer, Household
from fuwu.customers.services import customers as services
from fuwu.customers.services import files
from tests.core.base import PASSWORD, RoleUsersTestCase

# An hour ago, so that every deadline of the tests is still ahead.
AN_HOUR_AGO = (timezone.now() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)


class CustomersTestCase(RoleUsersTestCase):
    manager: User
    colleague: User
    own: Customer
    colleagues: Customer
    elsewhere: Customer
    flat: Household
    community_flat: Household

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.manager = cls.by_role[Role.CUSTOMER_MANAGER]
        cls.manager.employee_no = "K007"
        cls.manager.save(update_fields=["employee_no"])
        cls.colleague = users.create_user(
            username="cm_colleague",
            password=PASSWORD,
            display_name="何娟",
            roles=[Role.CUSTOMER_MANAGER],
            by=cls.admin,
        )
        sites.add_member(cls.site_a, cls.colleague, by=cls.admin)
        cls.flat = household_services.household_create(
            site=cls.site_a, community="滨江花苑", building="5", unit="1", room="1201", by=cls.admin
        )
        # A community's own flat names no community: the site's name (锦绣花园小区) is the one people say.
        cls.community_flat = household_services.household_create(
            site=cls.site_a, building="3", unit="2", room="501", by=cls.admin
        )
        household_services.owner_register(
            name="赵秀英", phone="13912345678", households=[cls.flat], by=cls.admin
        )
        cls.own = services.create_customer(
            site=cls.site_a,
            name="赵先生",
            phones=["138-0013-8000", "0571-8888 6666"],
            address="滨江花苑 5栋1单元1201",
            household=cls.flat,
            manager=cls.manager,
            by=cls.admin,
        )
        files.add_vehicle(
            cls.own,
            plate="浙A·12345",
            model="大众帕萨特",
            vehicle_type="小型轿车",
            service_interval_days=180,
            by=cls.admin,
        )
        cls.colleagues = services.create_customer(
            site=cls.site_a,
            name="钱女士",
            phones=["13912340000"],
            address="锦绣花园 3栋2单元501",
            household=cls.community_flat,
            manager=cls.colleague,
            by=cls.admin,
        )
        files.add_vehicle(cls.colleagues, plate="浙B 67890", by=cls.admin)
        cls.elsewhere = services.create_customer(
            site=cls.site_b, name="孙先生", phones=["13700001111"], address="江南大道 88号", by=cls.admin
        )

    def client_of(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client


def workbook(rows: list[list[Any]], *, title_rows: int = 0) -> bytes:
    """An .xlsx file of these rows (the first the header), after ``title_rows`` title lines."""
    book = Workbook()
    sheet = book.active
    for index in range(title_rows):
        sheet.append(["客户档案基本资料表" if index == 0 else ""])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
