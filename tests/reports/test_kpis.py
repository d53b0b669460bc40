"""Each KPI at its boundaries, over stored rows written directly (the SQL's own definitions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fuwu.core.models import Site, User
from fuwu.orders.models import Order, Rectification, ReturnVisit
from fuwu.regulations.models import Obligation
from fuwu.reports.kpis import count, kpis, scope_of
from fuwu.reports.months import Month
from tests.reports.base import KpiTestCase, at, counting_statements

SECOND = dt.timedelta(seconds=1)
DAY = dt.timedelta(days=1)
MARCH = Month(2026, 3)


class Rows(KpiTestCase):
    """Rows as the services would leave them, written directly so each boundary is exact."""

    def order(
        self,
        received: dt.datetime,
        *,
        completed: dt.datetime | None = None,
        site: Site | None = None,
        technician: User | None = None,
        rework_of: Order | None = None,
    ) -> Order:
        return Order.objects.create(
            site=site or self.site_a,
            location="1栋101",
            description="修水管",
            channel=Order.Channel.PHONE,
            received_at=received,
            completed_at=completed,
            status=Order.Status.COMPLETED if completed else Order.Status.DISPATCHED,
            technician=technician or self.tech,
            rework_of=rework_of,
        )

    def deadline(self, order: Order, due: dt.datetime, state: str, what: str = "arrival") -> Obligation:
        return Obligation.objects.create(
            site=order.site,
            subject_type="order",
            subject_id=str(order.pk),
            key=f"deadline|{order.pk}|{what}|{due.isoformat()}",
            kind=Obligation.Kind.DEADLINE,
            what=what,
            clause="p09.2a",
            pack="p09",
            pack_version=1,
            profile="demo",
            profile_version=1,
            because="到场时限25分钟",
            due=due,
            state=state,
        )

    def visit(self, order: Order, visited: dt.datetime, score: int) -> ReturnVisit:
        return ReturnVisit.objects.create(
            site=order.site,
            order=order,
            source=ReturnVisit.Source.SAMPLE,
            due=visited,
            state=ReturnVisit.State.DONE,
            channel=ReturnVisit.Channel.PHONE,
            score=score,
            visited_at=visited,
        )

    def rectified(self, order: Order, completed: dt.datetime) -> Rectification:
        visit = self.visit(order, completed - DAY, 2)
        return Rectification.objects.create(
            order=order, visit=visit, due=completed, clause="p15.r4", state="done", completed_at=completed
        )

    def figure(self, metric: str, month: Month = MARCH, **kwargs: object) -> tuple[int, int, Decimal | None]:
        found = {f.metric: f for f in kpis(self.site_a, month, **kwargs)}[metric]  # type: ignore[arg-type]
        return found.numerator, found.denominator, found.value


class OnTimeTests(Rows):
    def test_all_met_counts_one_met_and_one_missed_does_not(self) -> None:
        good = self.order(at("2026-03-02 09:00"))
        self.deadline(good, at("2026-03-02 09:25"), "met")
        self.deadline(good, at("2026-03-02 11:00"), "met", what="completion")
        mixed = self.order(at("2026-03-03 09:00"))
        self.deadline(mixed, at("2026-03-03 09:25"), "met")
        self.deadline(mixed, at("2026-03-03 11:00"), "breached", what="completion")
        assert self.figure("on_time_rate") == (1, 2, Decimal("0.5000"))

    def test_open_counts_as_not_met_and_void_is_left_out(self) -> None:
        still_open = self.order(at("2026-03-04 09:00"))
        self.deadline(still_open, at("2026-03-04 09:25"), "open")
        voided = self.order(at("2026-03-05 09:00"))
        self.deadline(voided, at("2026-03-05 09:25"), "void")
        assert self.figure("on_time_rate") == (0, 1, Decimal("0.0000"))

    def test_a_deadline_counts_in_the_local_month_it_falls_due(self) -> None:
        first = self.order(at("2026-03-31 23:00"))
        self.deadline(first, at("2026-04-01 00:00"), "met")  # April's (16:00 UTC on 31 March)
        last = self.order(at("2026-03-31 22:00"))
        self.deadline(last, at("2026-03-31 23:59:59"), "breached")  # March's
        assert self.figure("on_time_rate") == (0, 1, Decimal("0.0000"))
        assert self.figure("on_time_rate", Month(2026, 4)) == (1, 1, Decimal("1.0000"))

    def test_a_deadline_in_another_month_of_the_same_order_does_not_count(self) -> None:
        order = self.order(at("2026-03-31 20:00"))
        self.deadline(order, at("2026-03-31 20:25"), "met")
        self.deadline(order, at("2026-04-01 10:00"), "breached", what="completion")
        assert self.figure("on_time_rate") == (1, 1, Decimal("1.0000"))
        assert self.figure("on_time_rate", Month(2026, 4)) == (0, 1, Decimal("0.0000"))

    def test_a_return_visits_deadline_is_not_the_repairs_timeliness(self) -> None:
        order = self.order(at("2026-03-02 09:00"))
        self.deadline(order, at("2026-03-02 09:25"), "met")
        self.deadline(order, at("2026-03-09 10:00"), "breached", what="return_visit")
        assert self.figure("on_time_rate") == (1, 1, Decimal("1.0000"))

    def test_target_and_holds(self) -> None:
        order = self.order(at("2026-03-02 09:00"))
        self.deadline(order, at("2026-03-02 09:25"), "met")
        figure = next(f for f in kpis(self.site_a, MARCH) if f.metric == "on_time_rate")
        assert figure.clause == "p10.3.2b" and figure.target == Decimal("1.00") and figure.holds is True


class ReworkTests(Rows):
    def test_a_rework_order_within_30_days_counts_and_one_second_later_does_not(self) -> None:
        done = at("2026-03-05 10:00")
        inside = self.order(at("2026-03-05 09:00"), completed=done)
        self.order(done + 30 * DAY, rework_of=inside)  # exactly 30 days: reworked
        outside = self.order(at("2026-03-06 09:00"), completed=done + DAY)
        self.order(done + DAY + 30 * DAY + SECOND, rework_of=outside)
        assert self.figure("rework_rate") == (1, 2, Decimal("0.5000"))

    def test_a_rectification_completed_within_30_days_reopens_the_order(self) -> None:
        done = at("2026-03-05 10:00")
        reopened = self.order(at("2026-03-05 09:00"), completed=done)
        self.rectified(reopened, done + 30 * DAY)
        late = self.order(at("2026-03-06 09:00"), completed=done)
        self.rectified(late, done + 30 * DAY + SECOND)
        assert self.figure("rework_rate") == (1, 2, Decimal("0.5000"))

    def test_an_order_completed_at_2330_on_31_march_is_marchs(self) -> None:
        self.order(at("2026-03-31 22:00"), completed=at("2026-03-31 23:30"))
        self.order(at("2026-03-31 23:00"), completed=at("2026-04-01 00:10"))
        assert self.figure("rework_rate")[1] == 1
        assert self.figure("rework_rate", Month(2026, 4))[1] == 1

    def test_a_rectification_in_the_next_month_is_a_completion_of_that_month_as_for_the_engine(self) -> None:
        order = self.order(at("2026-03-20 09:00"), completed=at("2026-03-20 10:00"))
        self.rectified(order, at("2026-04-02 10:00"))
        assert self.figure("rework_rate") == (1, 1, Decimal("1.0000"))
        assert self.figure("rework_rate", Month(2026, 4)) == (0, 1, Decimal("0.0000"))

    def test_the_target_is_below_half_a_percent(self) -> None:
        for day in range(1, 11):
            self.order(at(f"2026-03-{day:02d} 09:00"), completed=at(f"2026-03-{day:02d} 10:00"))
        figure = next(f for f in kpis(self.site_a, MARCH) if f.metric == "rework_rate")
        assert (
            figure.value == Decimal("0.0000") and figure.target == Decimal("0.005") and figure.holds is True
        )


class SatisfactionTests(Rows):
    def test_four_and_five_are_satisfied_three_is_not(self) -> None:
        order = self.order(at("2026-03-02 09:00"), completed=at("2026-03-02 10:00"))
        for day, score in ((3, 5), (4, 4), (5, 3), (6, 1)):
            self.visit(order, at(f"2026-03-{day:02d} 10:00"), score)
        assert self.figure("satisfaction_rate") == (2, 4, Decimal("0.5000"))

    def test_visits_count_in_the_local_month_they_were_made(self) -> None:
        order = self.order(at("2026-02-27 09:00"), completed=at("2026-02-27 10:00"))
        self.visit(order, at("2026-03-01 00:00"), 5)  # 16:00 UTC on 28 February: March's
        self.visit(order, at("2026-02-28 23:59"), 1)
        self.visit(order, at("2026-04-01 00:00"), 1)
        assert self.figure("satisfaction_rate") == (1, 1, Decimal("1.0000"))

    def test_a_visit_not_yet_made_does_not_count(self) -> None:
        order = self.order(at("2026-03-02 09:00"), completed=at("2026-03-02 10:00"))
        ReturnVisit.objects.create(site=order.site, order=order, source="sample", due=at("2026-03-09 10:00"))
        assert self.figure("satisfaction_rate") == (0, 0, None)


class CoverageTests(Rows):
    def test_a_visit_at_the_completion_counts_one_before_does_not(self) -> None:
        done = at("2026-03-02 10:00")
        covered = self.order(at("2026-03-02 09:00"), completed=done)
        self.visit(covered, done, 5)
        early = self.order(at("2026-03-02 09:00"), completed=done)
        self.visit(early, done - SECOND, 5)
        self.order(at("2026-03-03 09:00"), completed=done + DAY)  # never visited
        assert self.figure("return_visit_rate") == (1, 3, Decimal("0.3333"))

    def test_a_visit_in_the_next_month_covers_the_order(self) -> None:
        order = self.order(at("2026-03-31 22:00"), completed=at("2026-03-31 23:30"))
        self.visit(order, at("2026-04-02 10:00"), 4)
        figure = next(f for f in kpis(self.site_a, MARCH) if f.metric == "return_visit_rate")
        assert (figure.numerator, figure.denominator, figure.holds) == (1, 1, True)


class ScopeTests(Rows):
    def test_the_technician_filter(self) -> None:
        mine = self.order(at("2026-03-02 09:00"), completed=at("2026-03-02 10:00"))
        theirs = self.order(at("2026-03-02 09:00"), completed=at("2026-03-02 10:00"), technician=self.tech2)
        self.visit(mine, at("2026-03-03 10:00"), 5)
        self.visit(theirs, at("2026-03-03 10:00"), 2)
        self.deadline(theirs, at("2026-03-02 09:25"), "breached")
        self.deadline(mine, at("2026-03-02 09:25"), "met")
        assert self.figure("satisfaction_rate", technician_id=self.tech.pk) == (1, 1, Decimal("1.0000"))
        assert self.figure("satisfaction_rate", technician_id=self.tech2.pk) == (0, 1, Decimal("0.0000"))
        assert self.figure("on_time_rate", technician_id=self.tech2.pk) == (0, 1, Decimal("0.0000"))
        assert self.figure("return_visit_rate", technician_id=self.tech2.pk) == (1, 1, Decimal("1.0000"))

    def test_another_sites_rows_are_never_counted(self) -> None:
        other = self.order(at("2026-03-02 09:00"), completed=at("2026-03-02 10:00"), site=self.site_b)
        self.visit(other, at("2026-03-03 10:00"), 1)
        self.deadline(other, at("2026-03-02 09:25"), "breached")
        self.order(at("2026-03-04 09:00"), rework_of=other)
        for metric in ("on_time_rate", "rework_rate", "satisfaction_rate", "return_visit_rate"):
            assert self.figure(metric) == (0, 0, None), metric
        assert {f.metric: f.denominator for f in kpis(self.site_b, MARCH)} == {
            "on_time_rate": 1,
            "rework_rate": 1,
            "satisfaction_rate": 1,
            "return_visit_rate": 1,
        }

    def test_counting_is_three_queries_however_many_rows(self) -> None:
        scope = scope_of(self.site_a, MARCH)
        for day in range(1, 21):
            order = self.order(at(f"2026-03-{day:02d} 09:00"), completed=at(f"2026-03-{day:02d} 10:00"))
            self.visit(order, at(f"2026-03-{day:02d} 12:00"), day % 5 + 1)
            self.deadline(order, at(f"2026-03-{day:02d} 09:25"), "met" if day % 3 else "breached")
        with CaptureQueriesContext(connection) as captured:
            counts = count(scope)
        assert len(counting_statements(captured)) == 3
        assert counts["on_time_rate"] == (14, 20) and counts["satisfaction_rate"] == (8, 20)


class MonthTests(Rows):
    def test_month_bounds_are_local_midnight(self) -> None:
        start, end = MARCH.bounds(at("2026-01-01 00:00").tzinfo)  # type: ignore[arg-type]
        assert (
            start.isoformat() == "2026-03-01T00:00:00+08:00"
            and end.isoformat() == "2026-04-01T00:00:00+08:00"
        )
        assert Month.parse("2026-12").next() == Month(2027, 1)
        assert [str(m) for m in Month(2026, 2).last(3)] == ["2025-12", "2026-01", "2026-02"]
        for bad in ("2026-3", "2026-13", "26-03", "2026/03", ""):
            try:
                Month.parse(bad)
            except ValueError:
                continue
            raise AssertionError(bad)
