"""Each transition of an order, the state it allows, and the deadlines the regulations set on it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import AuditEntry, OutboxMessage
from fuwu.orders.models import Order, OrderEvent
from fuwu.orders.services import orders
from fuwu.regulations.models import Obligation
from fuwu.regulations.selectors import StoredObligation, obligations_of
from tests.orders.base import SH, OrdersTestCase


def deadlines(order: Order) -> dict[str, StoredObligation]:
    return {row.what: row for row in obligations_of("order", [order.pk]).get(str(order.pk), [])}


class IntakeTests(OrdersTestCase):
    def test_a_new_order_gets_its_number_timeline_audit_and_arrival_deadline(self) -> None:
        order = self.new_order(minutes_ago=5)
        self.assertTrue(order.number and order.number.startswith("A"))
        self.assertEqual(order.status, Order.Status.CREATED)
        self.assertEqual(list(order.events.values_list("action", flat=True)), ["created"])
        self.assertTrue(AuditEntry.objects.filter(action="order.create", object_pk=str(order.pk)).exists())
        arrival = deadlines(order)["arrival"]
        self.assertEqual((arrival.clause, arrival.state), ("p09.2a", "open"))
        self.assertEqual(arrival.due, order.received_at + dt.timedelta(minutes=25))

    def test_an_emergency_in_office_hours_is_due_in_ten_minutes(self) -> None:
        received = dt.datetime.now(SH).replace(hour=10, minute=0, second=0, microsecond=0)
        if received > timezone.now():
            received -= dt.timedelta(days=1)
        order = orders.create_order(
            site=self.site_a,
            by=self.dispatcher,
            description="水管爆裂",
            channel="phone",
            tags=["emergency", "burst_pipe"],
            location="1栋",
            received_at=received,
        )
        arrival = deadlines(order)["arrival"]
        self.assertEqual((arrival.clause, arrival.due), ("p10.3.7", received + dt.timedelta(minutes=10)))

    def test_bad_input_names_every_field_and_creates_nothing(self) -> None:
        with self.assertRaises(Invalid) as caught:
            orders.create_order(
                site=self.site_a,
                by=self.dispatcher,
                description=" ",
                channel="fax",
                tags=["leak", "nope"],
                received_at=timezone.now() + dt.timedelta(hours=1),
            )
        places = {loc for loc, _msg in caught.exception.problems}
        self.assertEqual(
            places,
            {
                ("body", "tags", 1),
                ("body", "description"),
                ("body", "location"),
                ("body", "channel"),
                ("body", "received_at"),
            },
        )
        self.assertFalse(Order.objects.exists())

    def test_a_qr_report_tells_the_desk(self) -> None:
        order = orders.create_order(
            site=self.site_a, by=None, description="灯不亮", channel="qr", location="2栋1单元301"
        )
        self.assertTrue(
            OutboxMessage.objects.filter(idempotency_key__startswith=f"order:{order.pk}:reported").exists()
        )


class TransitionTests(OrdersTestCase):
    def test_the_whole_path_meets_every_deadline(self) -> None:
        order = self.done_order()
        self.assertEqual(order.status, Order.Status.COMPLETED)
        rows = deadlines(order)
        self.assertEqual(rows["arrival"].state, "met")
        self.assertEqual(rows["completion"].state, "met")
        self.assertEqual(rows["completion"].clause, "p09.2b")
        self.assertNotIn("return_visit", rows)  # owed only once the order is chosen for a visit
        order = orders.close(order, by=self.dispatcher)
        self.assertEqual(order.status, Order.Status.CLOSED)
        self.assertEqual(
            list(order.events.values_list("action", flat=True)),
            ["created", "dispatched", "arrived", "completed", "closed"],
        )

    def test_late_arrival_breaches_the_deadline(self) -> None:
        order = self.new_order(minutes_ago=90)
        order = orders.dispatch(order, technician=self.tech, by=self.dispatcher)
        order = orders.arrive(order, by=self.tech, checklist={})
        arrival = deadlines(order)["arrival"]
        self.assertEqual(arrival.state, "breached")
        self.assertEqual(arrival.breached_at, order.received_at + dt.timedelta(minutes=25))

    def test_a_step_the_state_does_not_allow_is_a_conflict_and_changes_nothing(self) -> None:
        order = self.new_order()
        with self.assertRaises(Conflict) as caught:
            orders.complete(order, by=self.tech)
        self.assertIn("当前状态为「待派工」", caught.exception.message)
        self.assertEqual(Order.objects.get(pk=order.pk).status, Order.Status.CREATED)

    def test_only_the_assigned_technician_may_act(self) -> None:
        order = orders.dispatch(self.new_order(), technician=self.tech, by=self.dispatcher)
        with self.assertRaises(PermissionDenied):
            orders.accept(order, by=self.tech2)
        with self.assertRaises(PermissionDenied):
            orders.dispatch(order, technician=self.tech2, by=self.tech)

    def test_redispatch_before_arrival_moves_the_deadlines_to_the_new_technician(self) -> None:
        order = orders.dispatch(self.new_order(minutes_ago=5), technician=self.tech, by=self.dispatcher)
        order = orders.dispatch(order, technician=self.tech2, by=self.dispatcher)
        self.assertEqual(deadlines(order)["arrival"].assignee_id, self.tech2.pk)

    def test_a_technician_of_another_site_cannot_be_dispatched(self) -> None:
        with self.assertRaises(Invalid):
            orders.dispatch(self.new_order(), technician=self.outsider, by=self.dispatcher)

    def test_finishing_on_a_later_day_needs_an_explanation(self) -> None:
        order = self.new_order(minutes_ago=60 * 30)
        start = order.received_at
        order = orders.dispatch(order, technician=self.tech, by=self.dispatcher, at=start)
        order = orders.arrive(order, by=self.tech, at=start + dt.timedelta(minutes=20), checklist={})
        with self.assertRaises(Invalid) as caught:
            orders.complete(order, by=self.tech, at=start + dt.timedelta(hours=26))
        self.assertEqual(caught.exception.problems[0][0], ("body", "explanation"))
        order = orders.complete(
            order, by=self.tech, at=start + dt.timedelta(hours=26), explanation="配件次日到货"
        )
        self.assertEqual(order.explanation, "配件次日到货")

    def test_a_time_in_the_future_or_before_the_previous_step_is_refused(self) -> None:
        order = orders.dispatch(self.new_order(), technician=self.tech, by=self.dispatcher)
        with self.assertRaises(Invalid):
            orders.arrive(order, by=self.tech, at=timezone.now() + dt.timedelta(hours=1), checklist={})
        with self.assertRaises(Invalid):
            orders.arrive(order, by=self.tech, at=order.received_at - dt.timedelta(minutes=1), checklist={})

    def test_quote_is_recorded_on_the_order(self) -> None:
        order = orders.dispatch(self.new_order(), technician=self.tech, by=self.dispatcher)
        order = orders.arrive(order, by=self.tech, checklist={"shoe_covers": True})
        order = orders.quote(order, by=self.tech, amount=Decimal("80"), items="更换角阀", accepted=True)
        self.assertEqual((order.quote_amount, order.quote_accepted), (Decimal("80.00"), True))

    def test_work_outside_the_service_list_waits_for_the_department_head(self) -> None:
        order = self.new_order(outside_service_list=True)
        order = orders.dispatch(order, technician=self.tech, by=self.dispatcher)
        order = orders.arrive(order, by=self.tech, checklist={})
        with self.assertRaises(Conflict):
            orders.complete(order, by=self.tech)
        with self.assertRaises(PermissionDenied):
            orders.decide_approval(order, by=self.dispatcher, approved=True)
        orders.decide_approval(order, by=self.supervisor, approved=True)
        self.assertEqual(orders.complete(order, by=self.tech).status, Order.Status.COMPLETED)

    def test_cancel_voids_the_open_deadlines(self) -> None:
        order = orders.cancel(self.new_order(minutes_ago=5), by=self.dispatcher, reason="业主自行修好")
        self.assertEqual(order.status, Order.Status.CANCELLED)
        self.assertEqual(deadlines(order), {})
        self.assertTrue(Obligation.objects.filter(subject_id=str(order.pk), state="void").exists())
        with self.assertRaises(Conflict):
            orders.cancel(order, by=self.dispatcher, reason="再取消")

    def test_rework_opens_a_linked_order(self) -> None:
        first = self.done_order()
        second = orders.rework(first, by=self.dispatcher, description="仍然漏水")
        self.assertEqual(second.rework_of_id, first.pk)
        self.assertEqual(second.status, Order.Status.CREATED)
        self.assertTrue(OrderEvent.objects.filter(order=first, action="reworked").exists())
        with self.assertRaises(Conflict):
            orders.rework(self.new_order(), by=self.dispatcher, description="x")
