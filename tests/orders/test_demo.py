"""The orders demo: six months of a small company, loaded once, with visits rectified round after round."""

from __future__ import annotations

from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase
from django.utils import timezone

from fuwu.orders import demo
from fuwu.orders.demo import visits as demo_visits
from fuwu.orders.models import Batch, Order, Rectification, ReturnVisit, Sample
from fuwu.regulations.models import Obligation

SIZE = 60


def _counts() -> dict[str, int]:
    return {
        "orders": Order.objects.count(),
        "visits": ReturnVisit.objects.count(),
        "rectifications": Rectification.objects.count(),
        "samples": Sample.objects.count(),
        "batches": Batch.objects.count(),
        "obligations": Obligation.objects.count(),
    }


class OrdersDemoTests(TestCase):
    summary: str
    first: dict[str, int]

    @classmethod
    def setUpTestData(cls) -> None:
        out = StringIO()
        # Every first visit is dissatisfied, so every recorded one starts a rectification round.
        with (
            mock.patch.object(demo_visits, "SCORES", ((1, 2),)),
            mock.patch.object(demo, "ORDERS_UNDER_TEST", SIZE),
        ):
            call_command("demo", stdout=out)
        cls.summary = out.getvalue()
        cls.first = _counts()

    def test_a_second_load_creates_nothing(self) -> None:
        with mock.patch.object(demo, "ORDERS_UNDER_TEST", SIZE):
            call_command("demo", stdout=StringIO())
        assert _counts() == self.first
        assert SIZE * 0.9 <= self.first["orders"] <= SIZE * 1.2
        assert f"\n  orders: {self.first['orders']} orders (" in self.summary

    def test_orders_span_six_months_at_both_sites_through_every_step(self) -> None:
        now = timezone.now()
        by_site = dict(Order.objects.values_list("site__code").annotate(n=Count("id")).order_by())
        assert by_site["jinxiu"] > by_site["binjiang"] > 0
        oldest = Order.objects.order_by("received_at").first()
        assert oldest is not None and (now - oldest.received_at).days >= 150
        assert not Order.objects.filter(received_at__gt=now).exists()
        by_status = dict(Order.objects.values_list("status").annotate(n=Count("id")).order_by())
        assert by_status[Order.Status.CLOSED] > SIZE / 2
        # Dated steps follow each other, and the deadlines they met or missed are stored.
        for order in Order.objects.filter(status=Order.Status.CLOSED):
            assert order.dispatched_at and order.arrived_at and order.completed_at and order.closed_at
            assert order.received_at <= order.dispatched_at <= order.arrived_at <= order.completed_at
            assert order.completed_at <= order.closed_at <= now
            technician = order.technician
            assert technician is not None and technician.sites.filter(pk=order.site_id).exists()
        states = set(Obligation.objects.filter(subject_type="order").values_list("state", flat=True))
        assert {Obligation.State.MET, Obligation.State.BREACHED} <= states

    def test_dissatisfied_visits_are_rectified_and_visited_again(self) -> None:
        samples = Sample.objects.all()
        assert samples.count() >= 6 and len({s.seed for s in samples}) == samples.count()
        done = Rectification.objects.filter(state=Rectification.State.DONE).select_related(
            "visit", "next_visit"
        )
        assert done.exists()
        for rectification in done:
            assert rectification.visit.score is not None and rectification.visit.score <= 2
            assert rectification.visit.reason
            assert rectification.next_visit is not None
            assert rectification.next_visit.round == rectification.visit.round + 1
        assert ReturnVisit.objects.filter(round__gte=2, state=ReturnVisit.State.DONE, score__gte=4).exists()
        delivered = Batch.objects.filter(status=Batch.Status.DELIVERED)
        assert delivered.exists() and ReturnVisit.objects.filter(batch__in=delivered).exists()
