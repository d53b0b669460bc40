"""The SQL figures equal the engine's kpi decisions over the same orders (issue 6 §4).

Orders are taken through the order and visit services, so the stored deadlines are the ones the door
reconciled; the engine then judges the facts of every order of the site (fuwu.orders.facts) for the
month, and each quota clause's value, numerator and denominator must be the same.
"""

from __future__ import annotations

import datetime as dt

from fuwu.core.models import Site
from fuwu.orders.models import Order
from fuwu.orders.services import orders
from fuwu.reports.kpis import ORDER_METRICS, kpis
from fuwu.reports.months import Month
from tests.reports.base import MINUTE, KpiTestCase, Plan, Visit, at, engine_kpis

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
MONTHS = (Month(2026, 9), Month(2026, 10), Month(2026, 11))


def assert_equal_to_engine(site: Site, month: Month) -> None:
    engine = engine_kpis(site, month)
    figures = kpis(site, month)
    assert {f.metric for f in figures} == set(ORDER_METRICS)
    for figure in figures:
        assert figure.clause in engine, figure.clause
        value, numerator, denominator = engine[figure.clause]
        assert (figure.value, figure.numerator, figure.denominator) == (value, numerator, denominator), (
            site.code,
            str(month),
            figure.clause,
        )


class KpisEqualTheEngineTests(KpiTestCase):
    orders: dict[str, Order]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        take = cls.take
        first = take(Plan(at("2026-09-03 09:00"), visits=[Visit(DAY, 5)]))
        cls.orders = {
            "first": first,
            # Arrival late; a visit scores 2, the rectification is done 3 hours later, the revisit scores 4.
            "late": take(
                Plan(
                    at("2026-09-04 09:00"),
                    arrive=60 * MINUTE,
                    complete=90 * MINUTE,
                    visits=[Visit(DAY, 2, rectified_after=3 * HOUR), Visit(DAY, 4)],
                )
            ),
            "tech2": take(Plan(at("2026-09-10 10:00"), technician=cls.tech2, visits=[Visit(2 * DAY, 3)])),
            # Completed 23:30 on 30 September (local): September's, though its visit is in October.
            "month_end": take(Plan(at("2026-09-30 22:00"), complete=90 * MINUTE, visits=[Visit(2 * DAY, 5)])),
            # A rework order of "first" within 30 days: "first" is reworked.
            "rework": take(Plan(at("2026-09-25 14:00"), rework_of=first, visits=[Visit(DAY, 4)])),
            # Finished on a later day than arrival: its completion deadline was breached.
            "next_day": take(
                Plan(
                    at("2026-09-28 15:00"),
                    complete=dt.timedelta(days=2, hours=20),
                    visits=[Visit(2 * DAY, 5)],
                )
            ),
            # Rectified 3 days after a visit scoring 2, in October: reworked in September, completed
            # again in October (the engine counts that completion in October).
            "cross": take(
                Plan(
                    at("2026-09-25 08:00"),
                    visits=[Visit(4 * DAY, 2, rectified_after=3 * DAY), Visit(2 * DAY, 5)],
                )
            ),
            "october": take(
                Plan(at("2026-10-05 09:00"), visits=[Visit(DAY, 1, rectified_after=40 * DAY), Visit(DAY, 4)])
            ),
            # Never reached: its arrival deadline is breached.
            "open": take(Plan(at("2026-10-08 09:00"), arrive=None)),
            "old": take(Plan(at("2026-09-12 09:00"), tags=("small",), visits=[Visit(DAY, 5)])),
        }
        # A rework order 38 days after "old" was completed: outside the window.
        cls.orders["late_rework"] = take(
            Plan(at("2026-10-20 09:00"), rework_of=cls.orders["old"], visits=[Visit(DAY, 5)])
        )
        # Another site's orders: counted for that site only.
        take(Plan(at("2026-09-05 09:00"), site=cls.site_b, visits=[Visit(DAY, 2, rectified_after=HOUR)]))
        take(
            Plan(
                at("2026-09-06 09:00"),
                site=cls.site_b,
                arrive=2 * HOUR,
                complete=3 * HOUR,
                visits=[Visit(DAY, 5)],
            )
        )

    def test_every_quota_equals_the_engine_in_every_month_and_site(self) -> None:
        for site in (self.site_a, self.site_b):
            for month in MONTHS:
                assert_equal_to_engine(site, month)

    def test_the_figures_are_not_trivial(self) -> None:
        september = {f.metric: f for f in kpis(self.site_a, Month(2026, 9))}
        assert september["rework_rate"].numerator >= 2  # "first" (rework order) and "late", "cross"
        assert september["on_time_rate"].denominator > september["on_time_rate"].numerator > 0
        assert september["satisfaction_rate"].denominator > september["satisfaction_rate"].numerator > 0
        october = {f.metric: f for f in kpis(self.site_a, Month(2026, 10))}
        assert october["on_time_rate"].denominator > october["on_time_rate"].numerator
        assert october["return_visit_rate"].denominator >= 3


class UnvisitedOrdersTests(KpiTestCase):
    """An order never chosen for a return visit: the door stores no p15.r2 deadline for it, and the
    engine leaves return-visit deadlines out of the on-time rate (decision 0006), so both agree."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.take(Plan(at("2026-09-03 09:00")))
        cls.take(Plan(at("2026-09-04 09:00"), arrive=60 * MINUTE, complete=90 * MINUTE))
        # Reached late, then cancelled: not a repair, counted by neither side.
        late = cls.take(Plan(at("2026-09-05 09:00"), arrive=60 * MINUTE, complete=None))
        orders.cancel(late, by=cls.dispatcher, reason="业主取消")

    def test_unvisited_orders_count_the_same(self) -> None:
        assert_equal_to_engine(self.site_a, Month(2026, 9))
        on_time = next(f for f in kpis(self.site_a, Month(2026, 9)) if f.metric == "on_time_rate")
        assert (on_time.numerator, on_time.denominator) == (1, 2)
