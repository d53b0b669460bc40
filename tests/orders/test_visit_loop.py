"""Return visits: due by p15.r2, a 2 or 1 starts p15.r4's 24-hour rectification, round after round."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fuwu.core.errors import Conflict, Invalid
from fuwu.orders.models import Order, Rectification, ReturnVisit
from fuwu.orders.services import orders
from fuwu.orders.services.visits import complete_rectification, plan_visit, record_visit, sample_visits
from fuwu.regulations.selectors import obligations_of
from tests.orders.base import OrdersTestCase


class VisitLoopTests(OrdersTestCase):
    def test_a_planned_visit_is_due_within_seven_days_of_completion(self) -> None:
        order = self.done_order()
        visit = plan_visit(order, by=self.dispatcher)
        assert order.completed_at is not None
        self.assertEqual((visit.clause, visit.round), ("p15.r2", 1))
        self.assertEqual(visit.due, order.completed_at + dt.timedelta(days=7))
        self.assertEqual(visit.assignee, self.agent)
        stored = {r.what: r for r in obligations_of("order", [order.pk])[str(order.pk)]}
        self.assertEqual(stored["return_visit"].due, visit.due)

    def test_a_leak_repair_is_visited_within_three_days(self) -> None:
        order = self.new_order(tags=("leak",))
        start = order.received_at
        order = orders.dispatch(order, technician=self.tech, by=self.dispatcher, at=start)
        order = orders.arrive(order, by=self.tech, at=start + dt.timedelta(minutes=5), checklist={})
        order = orders.complete(order, by=self.tech, at=start + dt.timedelta(minutes=30))
        visit = plan_visit(order, by=self.dispatcher)
        self.assertEqual(visit.due, start + dt.timedelta(minutes=30, days=3))

    def test_dissatisfied_loop_runs_until_the_owner_is_satisfied(self) -> None:
        order = self.done_order(minutes_ago=600)
        visit = plan_visit(order, by=self.dispatcher)
        visit = record_visit(visit, by=self.agent, channel="phone", score=2, reason="仍有渗水")
        rectification = Rectification.objects.get(visit=visit)
        assert visit.visited_at is not None
        self.assertEqual((rectification.clause, rectification.assignee), ("p15.r4", self.tech))
        self.assertEqual(rectification.due, visit.visited_at + dt.timedelta(hours=24))
        stored = {r.what: r for r in obligations_of("order", [order.pk])[str(order.pk)]}
        self.assertEqual(stored["rectification"].state, "open")

        rectification = complete_rectification(rectification, by=self.tech, notes="重新打胶")
        second = rectification.next_visit
        assert second is not None and rectification.completed_at is not None
        self.assertEqual((second.round, second.source), (2, ReturnVisit.Source.RECTIFICATION))
        self.assertEqual(second.due, rectification.completed_at + dt.timedelta(days=7))
        stored = {r.what: r for r in obligations_of("order", [order.pk])[str(order.pk)]}
        self.assertEqual(stored["rectification"].state, "met")

        record_visit(second, by=self.agent, channel="visit", score=5)
        self.assertEqual(Rectification.objects.filter(order=order).count(), 1)
        self.assertEqual(Order.objects.get(pk=order.pk).visits.count(), 2)

    def test_a_score_of_three_starts_no_rectification(self) -> None:
        visit = plan_visit(self.done_order(), by=self.dispatcher)
        record_visit(visit, by=self.agent, channel="intercom", score=3)
        self.assertFalse(Rectification.objects.exists())

    def test_a_low_score_needs_a_reason_and_bad_input_changes_nothing(self) -> None:
        visit = plan_visit(self.done_order(), by=self.dispatcher)
        with self.assertRaises(Invalid) as caught:
            record_visit(visit, by=self.agent, channel="fax", score=1, answers={"colour": "red"})
        places = {loc for loc, _ in caught.exception.problems}
        self.assertEqual(places, {("body", "channel"), ("body", "reason"), ("body", "answers", "colour")})
        self.assertEqual(ReturnVisit.objects.get(pk=visit.pk).state, ReturnVisit.State.DUE)

    def test_a_visit_is_recorded_once(self) -> None:
        visit = plan_visit(self.done_order(), by=self.dispatcher)
        record_visit(visit, by=self.agent, channel="phone", score=4)
        with self.assertRaises(Conflict):
            record_visit(visit, by=self.agent, channel="phone", score=5)

    def test_a_technician_cannot_record_a_visit(self) -> None:
        visit = plan_visit(self.done_order(), by=self.dispatcher)
        with self.assertRaises(PermissionDenied):
            record_visit(visit, by=self.tech, channel="phone", score=5)

    def test_an_unfinished_order_cannot_be_visited(self) -> None:
        with self.assertRaises(Conflict):
            plan_visit(self.new_order(), by=self.dispatcher)


class SampleTests(OrdersTestCase):
    def test_the_sample_is_thirty_percent_rounded_up_and_reproducible(self) -> None:
        for _ in range(7):
            self.done_order(minutes_ago=120)
        today = timezone.localdate()
        first = sample_visits(
            site=self.site_a, start=today - dt.timedelta(days=1), end=today, seed=42, by=None
        )
        self.assertEqual((first.population, len(first.chosen)), (7, 3))
        self.assertIn(first.clause, ("p15.r1", "p10.3.10"))  # both ask for 30 %; the engine names one
        self.assertEqual(ReturnVisit.objects.filter(sample=first).count(), 3)
        again = sample_visits(
            site=self.site_a, start=today - dt.timedelta(days=1), end=today, seed=42, by=None
        )
        self.assertEqual(again.chosen, first.chosen)
        self.assertEqual(ReturnVisit.objects.count(), 3)  # already-owed orders get no second visit
