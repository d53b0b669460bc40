"""Orders test data: the role users of tests/core, and helpers to take an order through its life."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.orders.models import Order
from fuwu.orders.services import orders
from tests.core.base import PASSWORD, RoleUsersTestCase

SH = ZoneInfo("Asia/Shanghai")


class OrdersTestCase(RoleUsersTestCase):
    tech: User
    tech2: User
    dispatcher: User
    supervisor: User
    agent: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.tech = cls.by_role[Role.TECHNICIAN]
        cls.dispatcher = cls.by_role[Role.DISPATCHER]
        cls.supervisor = cls.by_role[Role.SUPERVISOR]
        cls.agent = cls.by_role[Role.VISITOR_AGENT]
        cls.tech2 = users.create_user(
            username="tech2",
            password=PASSWORD,
            display_name="二号维修工",
            roles=[Role.TECHNICIAN],
            by=cls.admin,
        )
        sites.add_member(cls.site_a, cls.tech2, by=cls.admin)

    def new_order(
        self, *, tags: tuple[str, ...] = ("general",), minutes_ago: int = 60, **extra: object
    ) -> Order:
        received = timezone.now() - dt.timedelta(minutes=minutes_ago)
        return orders.create_order(
            site=self.site_a,
            by=self.dispatcher,
            description="卫生间漏水",
            channel="phone",
            tags=tags,
            location="3栋2单元1201",
            contact_name="王女士",
            contact_phone="13800138000",
            received_at=received,
            **extra,  # type: ignore[arg-type]
        )

    def done_order(self, *, minutes_ago: int = 60) -> Order:
        """An order received ``minutes_ago``, reached after 10 minutes and finished 30 minutes later."""
        order = self.new_order(minutes_ago=minutes_ago)
        start = order.received_at
        order = orders.dispatch(
            order, technician=self.tech, by=self.dispatcher, at=start + dt.timedelta(minutes=1)
        )
        order = orders.arrive(
            order, by=self.tech, at=start + dt.timedelta(minutes=10), checklist={"uniform": True}
        )
        arrived, done = start + dt.timedelta(minutes=10), start + dt.timedelta(minutes=40)
        # Reached before midnight and finished after it (received late in the evening, local time), the repair
        # needs its explanation to the owner (p09.2d), whatever hour the test runs at.
        later_day = timezone.localdate(done) != timezone.localdate(arrived)
        explanation = "次日完工，已告知业主" if later_day else ""
        return orders.complete(order, by=self.tech, at=done, notes="已修好", explanation=explanation)
