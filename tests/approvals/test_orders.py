"""p10.3.5 on the approvals mechanism: an order outside the service list asks its site's supervisors
through the general queue; the order follows the decision, and its completion waits for it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from fuwu.approvals import services as approvals
from fuwu.approvals.models import ApprovalRequest
from fuwu.approvals.selectors import request_for, waiting_for
from fuwu.core.errors import Conflict
from fuwu.core.models import AuditEntry, OutboxMessage, User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.orders.models import Order, OrderEvent
from fuwu.orders.services import orders
from tests.core.base import PASSWORD
from tests.orders.base import OrdersTestCase


class OrderApprovalTests(OrdersTestCase):
    supervisor2: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.supervisor2 = users.create_user(
            username="supervisor2",
            password=PASSWORD,
            display_name="二号主管",
            roles=[Role.SUPERVISOR],
            by=cls.admin,
        )
        sites.add_member(cls.site_a, cls.supervisor2, by=cls.admin)

    def arrived(self) -> Order:
        order = orders.dispatch(
            self.new_order(outside_service_list=True), technician=self.tech, by=self.dispatcher
        )
        return orders.arrive(order, by=self.tech, checklist={})

    def test_marking_an_order_outside_the_list_asks_the_site_s_supervisors(self) -> None:
        order = self.new_order(outside_service_list=True)
        self.assertEqual(order.approval, "pending")
        chain = request_for("order", order.pk)
        assert chain is not None
        self.assertEqual(
            (chain.clause, chain.site_id, chain.requested_by_id, chain.subject_url, chain.state),
            (
                "p10.3.5",
                self.site_a.pk,
                self.dispatcher.pk,
                reverse("orders:detail", args=[order.pk]),
                "pending",
            ),
        )
        self.assertIn(order.number, chain.summary)
        self.assertEqual([row.request.pk for row in waiting_for(self.supervisor)], [chain.pk])
        told = OutboxMessage.objects.filter(idempotency_key__startswith=f"approval:{chain.pk}:step:1")
        self.assertEqual(
            set(told.values_list("recipient_id", flat=True)), {self.supervisor.pk, self.supervisor2.pk}
        )
        self.assertIsNone(request_for("order", self.new_order().pk))  # inside the list: nothing to approve

    def test_approved_from_the_general_queue_the_order_follows_and_can_be_completed(self) -> None:
        order = self.arrived()
        with self.assertRaises(Conflict):
            orders.complete(order, by=self.tech)
        chain = request_for("order", order.pk)
        assert chain is not None
        approvals.decide(chain, by=self.supervisor2, approve=True, note="同意，按项目外收费")
        order.refresh_from_db()
        self.assertEqual(order.approval, "approved")
        event = OrderEvent.objects.get(order=order, action="approved")
        self.assertEqual(
            (event.actor_id, event.note, event.data["approval"]),
            (self.supervisor2.pk, "同意，按项目外收费", chain.pk),
        )
        self.assertEqual(
            AuditEntry.objects.filter(action="order.approve", object_pk=str(order.pk)).count(), 1
        )
        self.assertEqual(orders.complete(order, by=self.tech).status, "completed")

    def test_rejected_the_order_cannot_be_completed(self) -> None:
        order = self.arrived()
        order = orders.decide_approval(order, by=self.supervisor, approved=False, note="不在服务范围")
        self.assertEqual(order.approval, "rejected")
        self.assertEqual(request_for("order", order.pk).state, "rejected")  # type: ignore[union-attr]
        with self.assertRaises(Conflict):
            orders.complete(order, by=self.tech)
        with self.assertRaises(Conflict):  # decided once
            orders.decide_approval(order, by=self.supervisor2, approved=True)

    def test_a_supervisor_s_delegate_approves_on_the_order_page(self) -> None:
        now = timezone.now()
        approvals.delegate(
            delegator=self.supervisor,
            delegate=self.dispatcher,
            starts_at=now - dt.timedelta(hours=1),
            ends_at=now + dt.timedelta(hours=1),
            by=self.supervisor,
        )
        order = self.arrived()
        self.client.login(username=self.dispatcher.username, password=PASSWORD)
        # The dispatcher asked for it: their own request, even as a delegate, is not theirs to decide.
        page = self.client.get(reverse("orders:detail", args=[order.pk]))
        self.assertNotIn("approval", page.context["can"])
        self.assertEqual(
            self.client.post(
                reverse("orders:approval", args=[order.pk]), {"decision": "approve"}
            ).status_code,
            403,
        )
        agent = self.by_role[Role.VISITOR_AGENT]
        approvals.delegate(
            delegator=self.supervisor2,
            delegate=agent,
            starts_at=now - dt.timedelta(hours=1),
            ends_at=now + dt.timedelta(hours=1),
            by=self.supervisor2,
        )
        order = orders.decide_approval(order, by=agent, approved=True, note="代主管同意")
        self.assertEqual(order.approval, "approved")
        step = request_for("order", order.pk).steps.get()  # type: ignore[union-attr]
        self.assertEqual((step.decided_by_id, step.on_behalf_of_id), (agent.pk, self.supervisor2.pk))
        self.assertEqual(
            OrderEvent.objects.get(order=order, action="approved").data["on_behalf_of"], self.supervisor2.pk
        )

    def test_the_order_page_shows_the_request_and_links_to_it(self) -> None:
        order = self.new_order(outside_service_list=True)
        chain = request_for("order", order.pk)
        assert chain is not None
        self.client.login(username=self.supervisor.username, password=PASSWORD)
        page = self.client.get(reverse("orders:detail", args=[order.pk]))
        self.assertIn("approval", page.context["can"])
        self.assertContains(page, reverse("approvals:request", args=[chain.pk]))
        # From the request's page, the link goes back to the order.
        self.assertContains(
            self.client.get(reverse("approvals:request", args=[chain.pk])),
            reverse("orders:detail", args=[order.pk]),
        )

    def test_cancelling_the_order_withdraws_its_request(self) -> None:
        order = orders.cancel(
            self.new_order(outside_service_list=True), by=self.dispatcher, reason="业主不修了"
        )
        chain = request_for("order", order.pk)
        assert chain is not None
        self.assertEqual((chain.state, chain.cancel_reason), ("cancelled", "业主不修了"))
        self.assertEqual(waiting_for(self.supervisor), [])
        order.refresh_from_db()
        self.assertEqual(order.status, "cancelled")

    def test_withdrawn_in_the_approvals_app_the_work_is_refused(self) -> None:
        order = self.new_order(outside_service_list=True)
        chain = request_for("order", order.pk)
        assert chain is not None
        approvals.cancel(chain, by=self.dispatcher, reason="改在服务项目内处理")
        order.refresh_from_db()
        self.assertEqual(order.approval, "rejected")
        self.assertEqual(OrderEvent.objects.get(order=order, action="rejected").note, "改在服务项目内处理")

    def test_who_may_not_decide(self) -> None:
        order = self.new_order(outside_service_list=True)
        for user in (self.dispatcher, self.tech, self.by_role[Role.GENERAL_MANAGER], self.outsider):
            with self.subTest(user.username), self.assertRaises(PermissionDenied):
                orders.decide_approval(order, by=user, approved=True)
        self.assertEqual(ApprovalRequest.objects.get().state, "pending")
