"""Who may call each orders endpoint and what they see: another site's order is 404, a wrong role 403."""

from __future__ import annotations

from fuwu.core.roles import Role
from fuwu.orders.services import orders
from fuwu.orders.services.visits import plan_visit, record_visit
from tests.api.base import ApiTestCase, body
from tests.orders.base import OrdersTestCase

TRANSITIONS = ("dispatch", "accept", "arrive", "quote", "approve", "complete", "close", "cancel", "rework")


class OrderScopeTests(OrdersTestCase, ApiTestCase):
    def test_another_sites_staff_get_404_for_every_order_endpoint(self) -> None:
        order = self.new_order()
        self.assertEqual(self.call("GET", f"/api/v1/orders/{order.pk}", self.outsider).status_code, 404)
        for action in TRANSITIONS:
            response = self.call("POST", f"/api/v1/orders/{order.pk}/{action}", self.outsider, {})
            self.assertIn(response.status_code, (404, 422), action)  # a bad body may be read first
            if response.status_code == 404:
                self.assertEqual(set(body(response)), {"detail"})
        self.assertEqual(body(self.call("GET", "/api/v1/orders", self.outsider))["results"], [])

    def test_a_technician_sees_and_acts_on_own_orders_only(self) -> None:
        other = orders.dispatch(self.new_order(), technician=self.tech2, by=self.dispatcher)
        steps: tuple[tuple[str, dict[str, object]], ...] = (
            ("accept", {}),
            ("arrive", {"checklist": {}}),
            ("complete", {}),
        )
        for action, payload in steps:
            response = self.call("POST", f"/api/v1/orders/{other.pk}/{action}", self.tech, payload)
            self.assertEqual(response.status_code, 404, action)
        self.assertEqual(body(self.call("GET", "/api/v1/orders", self.tech))["results"], [])

    def test_roles_that_may_not_dispatch_close_cancel_or_rework_get_403(self) -> None:
        order = self.done_order()
        for role in (Role.VISITOR_AGENT, Role.CUSTOMER_MANAGER):
            user = self.by_role[role]
            for action, payload in (
                ("dispatch", {"technician": self.tech.pk}),
                ("close", {}),
                ("cancel", {"reason": "x"}),
                ("rework", {"description": "x"}),
                ("approve", {"approved": True}),
            ):
                response = self.call("POST", f"/api/v1/orders/{order.pk}/{action}", user, payload)
                self.assertEqual(response.status_code, 403, (role, action))
        for role in (Role.HR_FINANCE, Role.GUARD, Role.EMPLOYEE):
            self.assertEqual(
                self.call("GET", f"/api/v1/orders/{order.pk}", self.by_role[role]).status_code, 404
            )
            intake = {"site": "a", "location": "1栋", "description": "x"}
            self.assertEqual(self.call("POST", "/api/v1/orders", self.by_role[role], intake).status_code, 403)


class VisitScopeTests(OrdersTestCase, ApiTestCase):
    def test_visits_of_another_site_are_404_and_wrong_roles_403(self) -> None:
        order = self.done_order()
        visit = plan_visit(order, by=self.dispatcher)
        record_visit(visit, by=self.agent, channel="phone", score=1, reason="没修好")
        rectification = visit.rectification
        for method, url, payload in (
            ("GET", f"/api/v1/visits/{visit.pk}", None),
            ("POST", f"/api/v1/visits/{visit.pk}/record", {"channel": "phone", "score": 5}),
            ("POST", f"/api/v1/rectifications/{rectification.pk}/complete", {}),
        ):
            self.assertEqual(self.call(method, url, self.outsider, payload).status_code, 404, url)
        self.assertEqual(
            self.call("POST", "/api/v1/visits", self.outsider, {"order": order.pk}).status_code, 403
        )
        self.assertEqual(self.call("POST", "/api/v1/visits", self.agent, {"order": 10**9}).status_code, 404)
        self.assertEqual(body(self.call("GET", "/api/v1/visits", self.outsider))["results"], [])
        sample = {"site": "a", "start": "2026-03-01", "end": "2026-03-31"}
        self.assertEqual(self.call("POST", "/api/v1/visits/sample", self.tech, sample).status_code, 403)
        self.assertEqual(
            self.call("POST", "/api/v1/visits/sample", self.agent, {**sample, "site": "b"}).status_code, 422
        )
        # The technician of the order sees its visits; another technician does not.
        self.assertEqual(self.call("GET", f"/api/v1/visits/{visit.pk}", self.tech).status_code, 200)
        self.assertEqual(self.call("GET", f"/api/v1/visits/{visit.pk}", self.tech2).status_code, 404)
