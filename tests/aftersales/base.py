"""Shared after-sales test data: the role users of tests.core.base on the payroll where an incident needs
them, a customer of site a with a purchase, and parts in site a's store."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fuwu.aftersales.models import Complaint, Part, ReturnRequest
from fuwu.aftersales.services import complaints, parts, returns
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.customers.models import Customer, Purchase
from fuwu.customers.services.customers import create_customer
from fuwu.staff.models import Employee
from fuwu.staff.services import employees
from tests.staff.base import StaffTestCase

# Two days ago at a whole minute, so that a reply within or past 24 hours is still in the past.
RECEIVED = (timezone.now() - dt.timedelta(days=2)).replace(second=0, microsecond=0)


class AftersalesTestCase(StaffTestCase):
    """Site a's supervisor on the payroll (the after-sales supervisor: the site's only 部门主管), the
    employee worker of StaffTestCase (whom attitude complaints are about), a customer who bought an air
    conditioner, and a part in the store."""

    boss: Employee
    customer: Customer
    purchase: Purchase
    part: Part

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.boss = employees.create_employee(
            user=cls.by_role[Role.SUPERVISOR],
            site=cls.site_a,
            shift=cls.day_shift,
            monthly_wage=Decimal("6000.00"),
            hired_on=dt.date(2024, 1, 1),
            by=cls.admin,
        )
        cls.customer = create_customer(
            site=cls.site_a,
            name="王女士",
            phones=["138-0013-8000"],
            address="锦绣花园3栋2单元1201",
            manager=cls.by_role[Role.CUSTOMER_MANAGER],
            by=cls.admin,
        )
        cls.purchase = Purchase.objects.create(
            customer=cls.customer,
            product="格力空调 KFR-35GW",
            grade="一级能效",
            serial="GL-2025-0001",
            purchased_on=dt.date(2025, 6, 1),
            amount=Decimal("3999.00"),
        )
        cls.part = parts.create_part(
            cls.site_a, by=cls.by_role[Role.SUPERVISOR], code="KT-35", name="空调整机 35GW", unit="台"
        )

    @property
    def supervisor(self) -> User:
        return self.by_role[Role.SUPERVISOR]

    @property
    def desk(self) -> User:
        return self.by_role[Role.DISPATCHER]

    @property
    def gm(self) -> User:
        return self.by_role[Role.GENERAL_MANAGER]

    def complaint(self, kind: str = Complaint.Kind.QUALITY, **values: Any) -> Complaint:
        values.setdefault("received_at", RECEIVED)
        values.setdefault("content", "空调不制冷")
        values.setdefault("purchase", self.purchase)
        values.setdefault("by", self.desk)
        if kind == Complaint.Kind.ATTITUDE:
            values.setdefault("staff_member", self.worker.user)
        return complaints.receive_complaint(
            values.pop("site", self.site_a),
            customer=values.pop("customer", self.customer),
            kind=kind,
            **values,
        )

    def return_request(self, amount: str = "3999.00", **values: Any) -> ReturnRequest:
        values.setdefault("kind", ReturnRequest.Kind.RETURN)
        values.setdefault("content", "压缩机故障,要求退货")
        values.setdefault("purchase", self.purchase)
        values.setdefault("part", self.part)
        values.setdefault("by", self.desk)
        customer = values.pop("customer", self.customer)
        return returns.register_return(self.site_a, customer=customer, amount=Decimal(amount), **values)
