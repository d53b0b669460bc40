"""Shared follow-up test data: the role users of tests.core.base, a second customer manager, and a
customer of each manager at site a; times are built in the site's zone at chosen local hours, far enough
in the past that every call and visit of a test has happened."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.customers.models import Customer, CustomerEvent
from fuwu.customers.services import timeline
from fuwu.customers.services.customers import create_customer
from tests.core.base import PASSWORD, RoleUsersTestCase

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """``day`` at the local hour (Asia/Shanghai)."""
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI)


def days_ago(days: int) -> dt.date:
    return timezone.localtime(timezone.now(), SHANGHAI).date() - dt.timedelta(days=days)


def days_on(days: int) -> dt.date:
    return timezone.localtime(timezone.now(), SHANGHAI).date() + dt.timedelta(days=days)


class FollowupTestCase(RoleUsersTestCase):
    manager: User
    colleague: User
    supervisor: User
    agent: User
    customer: Customer
    other: Customer

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.manager = cls.by_role[Role.CUSTOMER_MANAGER]
        cls.supervisor = cls.by_role[Role.SUPERVISOR]
        cls.agent = cls.by_role[Role.VISITOR_AGENT]
        cls.colleague = users.create_user(
            username="cm2",
            password=PASSWORD,
            display_name="周经理",
            roles=[Role.CUSTOMER_MANAGER],
            by=cls.admin,
        )
        sites.add_member(cls.site_a, cls.colleague, by=cls.admin)
        cls.customer = create_customer(
            site=cls.site_a,
            name="赵先生",
            phones=["13800138000"],
            address="滨江花苑5栋1单元1201",
            manager=cls.manager,
            by=cls.admin,
        )
        cls.other = create_customer(
            site=cls.site_a, name="钱女士", phones=["13900139000"], manager=cls.colleague, by=cls.admin
        )

    def pickup(self, at: dt.datetime, customer: Customer | None = None) -> CustomerEvent:
        """The customer collected their car at ``at``: the first call's window opens (p16.b4)."""
        return timeline.record_event(
            customer or self.customer,
            CustomerEvent.Type.CONTACT,
            at=at,
            by=self.admin,
            reason=CustomerEvent.Reason.PICKUP,
        )
