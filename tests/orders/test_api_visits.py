"""The visits API: planned by hand, recorded, a low score's rectification, the loop, and sampling."""

from __future__ import annotations

from fuwu.orders.models import ReturnVisit
from tests.api.base import ApiTestCase, body
from tests.orders.base import OrdersTestCase


class VisitsApiTests(OrdersTestCase, ApiTestCase):
    def test_the_dissatisfaction_loop_through_the_api(self) -> None:
        order = self.done_order(minutes_ago=300)
        response = self.call("POST", "/api/v1/visits", self.agent, {"order": order.pk})
        self.assertEqual(response.status_code, 201, response.content)
        visit = body(response)
        self.assertEqual(
            (visit["order"], visit["clause"], visit["state"], visit["round"]), (order.pk, "p15.r2", "due", 1)
        )
        self.assertEqual(
            self.call("POST", "/api/v1/visits", self.agent, {"order": order.pk}).status_code, 409
        )

        url = f"/api/v1/visits/{visit['id']}/record"
        missing = self.call("POST", url, self.agent, {"channel": "phone", "score": 2})
        self.assertEqual(missing.status_code, 422)
        self.assertEqual(body(missing)["detail"][0]["loc"], ["body", "reason"])
        recorded = body(
            self.call(
                "POST",
                url,
                self.agent,
                {"channel": "phone", "score": 2, "reason": "仍漏水", "answers": {"repair_ok": False}},
            )
        )
        rectification = recorded["rectification"]
        self.assertEqual((rectification["clause"], rectification["assignee"]), ("p15.r4", self.tech.pk))

        done = self.call(
            "POST", f"/api/v1/rectifications/{rectification['id']}/complete", self.tech, {"notes": "重做"}
        )
        self.assertEqual(done.status_code, 200, done.content)
        next_visit = body(done)["next_visit"]
        self.assertEqual((body(done)["state"], next_visit["round"]), ("done", 2))
        final = self.call(
            "POST", f"/api/v1/visits/{next_visit['id']}/record", self.agent, {"channel": "visit", "score": 5}
        )
        self.assertIsNone(body(final)["rectification"])
        listed = body(self.call("GET", f"/api/v1/visits?order={order.pk}", self.agent))["results"]
        self.assertEqual(sorted(v["score"] for v in listed), [2, 5])

    def test_sampling_is_reproducible_by_seed(self) -> None:
        done = [self.done_order(minutes_ago=120) for _ in range(4)]
        from django.utils import timezone

        # The orders' own day, not today's: two hours ago is yesterday just after midnight in Shanghai.
        assert done[0].completed_at is not None
        day = timezone.localdate(done[0].completed_at).isoformat()
        payload = {"site": "a", "start": day, "end": day, "seed": 7}
        first = body(self.call("POST", "/api/v1/visits/sample", self.agent, payload))
        second = body(self.call("POST", "/api/v1/visits/sample", self.agent, payload))
        self.assertEqual((first["seed"], first["population"], len(first["chosen"])), (7, 4, 2))
        self.assertIn(first["clause"], ("p15.r1", "p10.3.10"))  # both ask for 30 %; the engine names one
        self.assertEqual(first["chosen"], second["chosen"])
        self.assertEqual(ReturnVisit.objects.count(), 2)

    def test_a_technician_may_not_plan_or_record_visits(self) -> None:
        order = self.done_order()
        self.assertEqual(self.call("POST", "/api/v1/visits", self.tech, {"order": order.pk}).status_code, 403)
