"""KPI test data: orders taken through the order and visit services at given local times."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.test.utils import CaptureQueriesContext

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.orders.facts import order_events
from fuwu.orders.models import Order, Rectification, ReturnVisit
from fuwu.orders.services import orders, visits
from fuwu.regulations import periods
from fuwu.reports.months import Month
from tests.core.base import PASSWORD, RoleUsersTestCase

SH = ZoneInfo("Asia/Shanghai")
MINUTE = dt.timedelta(minutes=1)


def at(text: str) -> dt.datetime:
    """A local Shanghai time written "2026-09-03 09:00"."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=SH)


@dataclass
class Visit:
    """A return visit recorded ``after`` the completion it follows, with its score."""

    after: dt.timedelta
    score: int
    # For a score of 2 or 1: the rectification is completed this long after the visit (None: left open).
    rectified_after: dt.timedelta | None = None


@dataclass
class Plan:
    """How one order goes: received, reached, completed (offsets from receipt), then its visits."""

    received: dt.datetime
    tags: tuple[str, ...] = ("general",)
    arrive: dt.timedelta | None = 10 * MINUTE
    complete: dt.timedelta | None = 40 * MINUTE
    visits: list[Visit] = field(default_factory=list)
    technician: User | None = None
    rework_of: Order | None = None
    site: Site | None = None


class KpiTestCase(RoleUsersTestCase):
    tech: User
    tech2: User
    dispatcher: User
    agent: User
    supervisor: User
    tech_b: User
    dispatcher_b: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.tech = cls.by_role[Role.TECHNICIAN]
        cls.dispatcher = cls.by_role[Role.DISPATCHER]
        cls.agent = cls.by_role[Role.VISITOR_AGENT]
        cls.supervisor = cls.by_role[Role.SUPERVISOR]
        cls.tech2 = users.create_user(
            username="tech2",
            password=PASSWORD,
            display_name="二号维修工",
            roles=[Role.TECHNICIAN],
            by=cls.admin,
        )
        sites.add_member(cls.site_a, cls.tech2, by=cls.admin)
        cls.tech_b = cls.outsider  # the technician of site b
        cls.dispatcher_b = users.create_user(
            username="dispatcher_b",
            password=PASSWORD,
            display_name="乙站调度",
            roles=[Role.DISPATCHER],
            by=cls.admin,
        )
        sites.add_member(cls.site_b, cls.dispatcher_b, by=cls.admin)

    @classmethod
    def take(cls, plan: Plan) -> Order:
        """Create the order and take it through its life as planned, through the services."""
        site = plan.site or cls.site_a
        dispatcher = cls.dispatcher if site == cls.site_a else cls.dispatcher_b
        technician = plan.technician or (cls.tech if site == cls.site_a else cls.tech_b)
        order = orders.create_order(
            site=site,
            by=dispatcher,
            description="卫生间漏水",
            channel="phone",
            tags=plan.tags,
            location="3栋2单元1201",
            contact_name="王女士",
            contact_phone="13800138000",
            received_at=plan.received,
            rework_of=plan.rework_of,
        )
        order = orders.dispatch(order, technician=technician, by=dispatcher, at=plan.received + MINUTE)
        if plan.arrive is None:
            return order
        order = orders.arrive(
            order, by=technician, at=plan.received + plan.arrive, checklist={"uniform": True}
        )
        if plan.complete is None:
            return order
        order = orders.complete(
            order, by=technician, at=plan.received + plan.complete, notes="已修好", explanation="次日完工"
        )
        done = order.completed_at
        assert done is not None
        for visit_plan in plan.visits:
            visit = visits.plan_visit(order, by=cls.admin)
            when = done + visit_plan.after
            visit = visits.record_visit(
                visit, by=cls.admin, channel="phone", score=visit_plan.score, at=when, reason="不满意"
            )
            rectification = Rectification.objects.filter(visit=visit).first()
            if rectification is not None and visit_plan.rectified_after is not None:
                visits.complete_rectification(
                    rectification, by=cls.admin, at=when + visit_plan.rectified_after, notes="已整改"
                )
                rectification.refresh_from_db()
                assert rectification.completed_at is not None
                done = rectification.completed_at
        order.refresh_from_db()
        return order


ENGINE_COUNTS = re.compile(r"(\d+)/(\d+)$")


def engine_kpis(site: Site, month: Month) -> dict[str, tuple[object, int, int]]:
    """The engine's kpi decisions over the facts of every order of the site: clause → (value, num, den)."""
    events: list[dict[str, object]] = []
    rows = (
        Order.objects.filter(site=site)
        .exclude(status=Order.Status.CANCELLED)  # not a repair: left out of the facts, as out of the SQL
        .order_by("pk")
        .prefetch_related("visits", "rectifications")
    )
    for order in rows:
        events.extend(order_events(order, list(order.visits.all()), list(order.rectifications.all())))
    start, end = month.bounds(SH)
    found: dict[str, tuple[object, int, int]] = {}
    for kpi in periods.kpis(site, events, start, end):
        counts = ENGINE_COUNTS.search(kpi.because)
        numerator, denominator = (int(counts.group(1)), int(counts.group(2))) if counts else (0, 0)
        found[kpi.clause] = (kpi.value, numerator, denominator)
    return found


def counting_statements(captured: CaptureQueriesContext) -> list[dict[str, str]]:
    """The statements that count, without PostgreSQL's JIT guard (savepoint, SET LOCAL, release)."""
    guard = ("SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL")
    return [query for query in captured.captured_queries if not query["sql"].startswith(guard)]


__all__ = [
    "MINUTE",
    "SH",
    "KpiTestCase",
    "Plan",
    "ReturnVisit",
    "Visit",
    "at",
    "counting_statements",
    "engine_kpis",
]
