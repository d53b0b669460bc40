"""Every write answers ONE 422 naming every bad field of its body: the schema's shape problems (types,
ranges, enums, required) and the service's own checks together (fuwu.core.api.bodies).

For each write with two or more independent inputs: two independently bad fields are both named in one
answer; a valid request still succeeds; a state conflict is still 409 — with a bad body too, since a
state conflict is not a field error.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client
from django.utils import timezone
from pydantic import Field

from fuwu.core.api.bodies import Body, answered
from fuwu.core.errors import UNKNOWN, Invalid
from fuwu.orders.models import Order, Rectification, ReturnVisit
from fuwu.orders.services import orders, visits
from tests.api.base import ApiTestCase, body
from tests.orders.base import OrdersTestCase

WRITES = {"post", "put", "patch", "delete"}


def soon(hours: float = 2) -> str:
    """A time in the future (refused by every service that takes a time)."""
    return (timezone.now() + dt.timedelta(hours=hours)).isoformat()


class EveryBadFieldTests(OrdersTestCase, ApiTestCase):
    def places(self, response: Any) -> list[list[str | int]]:
        self.assertEqual(response.status_code, 422, response.content)
        detail: list[dict[str, Any]] = body(response)["detail"]
        self.assertTrue(all(set(problem) == {"loc", "msg"} and problem["msg"] for problem in detail), detail)
        return [problem["loc"] for problem in detail]

    def assert_names(self, response: Any, *expected: list[str | int]) -> None:
        places = self.places(response)
        for place in expected:
            self.assertIn(place, places)

    def assert_conflict(self, response: Any) -> None:
        self.assertEqual(response.status_code, 409, response.content)
        self.assertIsInstance(body(response)["detail"], str)

    def arrived(self, *, minutes_ago: int = 60) -> Order:
        order = self.new_order(minutes_ago=minutes_ago)
        start = order.received_at
        orders.dispatch(order, technician=self.tech, by=self.dispatcher, at=start + dt.timedelta(minutes=1))
        return orders.arrive(order, by=self.tech, at=start + dt.timedelta(minutes=10), checklist={})

    # ------------------------------------------------------------------ POST /orders

    def test_create_names_shape_site_household_and_intake_problems_together(self) -> None:
        response = self.call(
            "POST",
            "/api/v1/orders",
            self.dispatcher,
            {"site": "a", "tags": ["leak", "bogus"], "received_at": "2026-03-02T09:00:00", "location": "1栋"},
        )  # description missing and a naive time (shape); an unknown tag (intake)
        self.assert_names(response, ["body", "description"], ["body", "received_at"], ["body", "tags", 1])
        response = self.call(
            "POST",
            "/api/v1/orders",
            self.dispatcher,
            {"site": "nope", "household": "abc", "channel": "fax", "description": "漏水", "tags": "leak"},
        )
        self.assert_names(
            response, ["body", "site"], ["body", "household"], ["body", "channel"], ["body", "tags"]
        )
        self.assertNotIn(["body", "location"], self.places(response))  # the household is not known
        self.assertFalse(Order.objects.exists())
        valid = {"site": "a", "location": "1栋", "description": "灯坏了", "tags": ["small"]}
        self.assertEqual(self.call("POST", "/api/v1/orders", self.dispatcher, valid).status_code, 201)

    # ------------------------------------------------------------------ transitions

    def test_arrive_names_a_future_time_and_a_checklist_that_is_not_true_or_false(self) -> None:
        order = orders.dispatch(self.new_order(), technician=self.tech, by=self.dispatcher)
        url = f"/api/v1/orders/{order.pk}/arrive"
        response = self.call("POST", url, self.tech, {"at": soon(), "checklist": {"uniform": "maybe"}})
        self.assert_names(response, ["body", "at"], ["body", "checklist", "uniform"])
        ok = self.call("POST", url, self.tech, {"checklist": {"uniform": True}})
        self.assertEqual(body(ok)["status"], "arrived")
        self.assert_conflict(self.call("POST", url, self.tech, {"at": soon(), "checklist": {"uniform": "x"}}))

    def test_quote_names_every_bad_field(self) -> None:
        order = self.arrived()
        url = f"/api/v1/orders/{order.pk}/quote"
        response = self.call("POST", url, self.tech, {"amount": "八十", "items": "x" * 2001})
        self.assert_names(response, ["body", "amount"], ["body", "items"], ["body", "accepted"])
        ok = self.call("POST", url, self.tech, {"amount": "80.00", "items": "换角阀", "accepted": True})
        self.assertEqual(body(ok)["quote"]["amount"], "80.00")
        created = self.call("POST", f"/api/v1/orders/{self.new_order().pk}/quote", self.tech, {"amount": "x"})
        self.assertEqual(created.status_code, 404)  # not the technician's order: not even seen

    def test_quote_on_an_order_not_yet_accepted_is_409_whatever_the_body(self) -> None:
        order = orders.dispatch(self.new_order(), technician=self.tech, by=self.dispatcher)
        url = f"/api/v1/orders/{order.pk}/quote"
        self.assert_conflict(self.call("POST", url, self.tech, {"amount": "八十"}))
        self.assert_conflict(self.call("POST", url, self.tech, {"amount": "80", "accepted": True}))

    def test_approve_names_both_fields_and_an_order_without_a_pending_approval_is_409(self) -> None:
        order = self.new_order(outside_service_list=True)
        url = f"/api/v1/orders/{order.pk}/approve"
        response = self.call("POST", url, self.supervisor, {"approved": "maybe", "note": "x" * 501})
        self.assert_names(response, ["body", "approved"], ["body", "note"])
        ok = self.call("POST", url, self.supervisor, {"approved": True, "note": "同意"})
        self.assertEqual(body(ok)["approval"], "approved")
        self.assert_conflict(self.call("POST", url, self.supervisor, {"approved": True}))
        self.assert_conflict(self.call("POST", url, self.supervisor, {"approved": "maybe"}))

    def test_complete_names_a_future_time_and_the_missing_explanation_together(self) -> None:
        order = self.arrived(minutes_ago=60 * 30)  # arrived on an earlier local day (p09.2d)
        url = f"/api/v1/orders/{order.pk}/complete"
        response = self.call("POST", url, self.tech, {"at": soon()})
        self.assert_names(response, ["body", "at"], ["body", "explanation"])
        response = self.call("POST", url, self.tech, {"at": soon(), "notes": "x" * 5001})
        self.assert_names(response, ["body", "at"], ["body", "notes"], ["body", "explanation"])
        # A time that cannot be read: whether an explanation is needed cannot be known.
        response = self.call("POST", url, self.tech, {"at": "yesterday", "notes": "x" * 5001})
        self.assertEqual(sorted(self.places(response)), [["body", "at"], ["body", "notes"]])
        ok = self.call("POST", url, self.tech, {"notes": "已修好", "explanation": "等配件,已告知业主"})
        self.assertEqual(body(ok)["status"], "completed")
        self.assert_conflict(self.call("POST", url, self.tech, {"at": soon(), "notes": "x" * 5001}))

    def test_the_pages_service_gathers_the_same_problems(self) -> None:
        order = self.arrived(minutes_ago=60 * 30)
        with self.assertRaises(Invalid) as caught:
            orders.complete(order, by=self.tech, at=timezone.now() + dt.timedelta(hours=2), explanation="")
        self.assertEqual(
            [loc for loc, _ in caught.exception.problems], [("body", "at"), ("body", "explanation")]
        )

    def test_a_single_field_write_on_an_order_the_state_does_not_allow_is_409_whatever_the_body(self) -> None:
        done = self.done_order()
        url = f"/api/v1/orders/{done.pk}"
        for action, payload in (
            ("dispatch", {"technician": "abc"}),
            ("dispatch", {"technician": 999_999}),
            ("cancel", {"reason": "  "}),
            ("cancel", {"reason": 5}),
        ):
            self.assert_conflict(self.call("POST", f"{url}/{action}", self.dispatcher, payload))
        created = self.new_order()
        self.assert_conflict(
            self.call("POST", f"/api/v1/orders/{created.pk}/rework", self.dispatcher, {"description": 5})
        )
        # The state allows it: the one bad field is named.
        response = self.call("POST", f"/api/v1/orders/{created.pk}/cancel", self.dispatcher, {"reason": " "})
        self.assertEqual(self.places(response), [["body", "reason"]])
        response = self.call(
            "POST", f"/api/v1/orders/{created.pk}/dispatch", self.dispatcher, {"technician": 0}
        )
        self.assertEqual(self.places(response), [["body", "technician"]])

    def test_a_role_that_may_not_act_is_403_whatever_the_body(self) -> None:
        order = self.new_order()
        response = self.call("POST", f"/api/v1/orders/{order.pk}/cancel", self.agent, {"reason": 5})
        self.assertEqual(response.status_code, 403, response.content)
        response = self.call("POST", "/api/v1/orders", self.tech, {"site": "a", "tags": "x"})
        self.assertEqual(response.status_code, 403, response.content)

    # ------------------------------------------------------------------ visits and rectifications

    def test_record_names_a_bad_channel_and_the_missing_reason_together(self) -> None:
        visit = visits.plan_visit(self.done_order(), by=self.agent)
        url = f"/api/v1/visits/{visit.pk}/record"
        response = self.call("POST", url, self.agent, {"channel": "fax", "score": 2})
        self.assertEqual(sorted(self.places(response)), [["body", "channel"], ["body", "reason"]])
        response = self.call(
            "POST",
            url,
            self.agent,
            {"channel": "fax", "score": "two", "at": soon(), "answers": {"repair_ok": 3}},
        )
        self.assert_names(
            response, ["body", "channel"], ["body", "score"], ["body", "at"], ["body", "answers", "repair_ok"]
        )
        self.assertNotIn(["body", "reason"], self.places(response))  # the score is not known
        response = self.call("POST", url, self.agent, {"channel": "phone", "score": 9, "reason": "x" * 2001})
        self.assert_names(response, ["body", "score"], ["body", "reason"])
        self.assertEqual(ReturnVisit.objects.get(pk=visit.pk).state, ReturnVisit.State.DUE)
        ok = self.call("POST", url, self.agent, {"channel": "phone", "score": 2, "reason": "仍漏水"})
        self.assertEqual(body(ok)["state"], "done")
        self.assertIsNotNone(body(ok)["rectification"])
        self.assert_conflict(self.call("POST", url, self.agent, {"channel": "phone", "score": 5}))
        self.assert_conflict(self.call("POST", url, self.agent, {"channel": "fax", "score": 2}))

    def test_rectification_names_a_future_time_and_overlong_notes_together(self) -> None:
        visit = visits.plan_visit(self.done_order(), by=self.agent)
        visits.record_visit(visit, by=self.agent, channel="phone", score=1, reason="仍漏水")
        rectification = Rectification.objects.get(visit=visit)
        url = f"/api/v1/rectifications/{rectification.pk}/complete"
        response = self.call("POST", url, self.tech, {"at": soon(), "notes": "x" * 5001})
        self.assertEqual(sorted(self.places(response)), [["body", "at"], ["body", "notes"]])
        ok = self.call("POST", url, self.tech, {"notes": "重做"})
        self.assertEqual(body(ok)["state"], "done")
        self.assert_conflict(self.call("POST", url, self.tech, {"notes": "again"}))
        self.assert_conflict(self.call("POST", url, self.tech, {"at": soon(), "notes": "x" * 5001}))

    def test_sample_names_the_site_and_the_period_together(self) -> None:
        today = timezone.localdate()
        payload = {
            "site": "nope",
            "start": today.isoformat(),
            "end": (today - dt.timedelta(days=1)).isoformat(),
        }
        response = self.call("POST", "/api/v1/visits/sample", self.agent, payload)
        self.assertEqual(sorted(self.places(response)), [["body", "end"], ["body", "site"]])
        response = self.call(
            "POST", "/api/v1/visits/sample", self.agent, {"site": "nope", "start": "soon", "seed": -1}
        )
        self.assert_names(response, ["body", "site"], ["body", "start"], ["body", "end"], ["body", "seed"])
        day = today.isoformat()
        ok = self.call("POST", "/api/v1/visits/sample", self.agent, {"site": "a", "start": day, "end": day})
        self.assertEqual(ok.status_code, 201, ok.content)


class BodyTests(ApiTestCase):
    """The mechanism itself: what a router sees of a body whose shape is bad."""

    class Sample(Body):
        count: int = Field(ge=1)
        note: str = Field("", max_length=3)

    def test_a_bad_field_reads_unknown_for_a_check_and_raises_the_shape_problems_otherwise(self) -> None:
        sample = self.Sample.model_validate({"count": 0, "note": "ok"})
        self.assertEqual([loc for loc, _ in sample.problems], [("body", "count")])
        self.assertIs(sample.given.count, UNKNOWN)
        self.assertEqual((sample.given.note, sample.note), ("ok", "ok"))
        with self.assertRaises(Invalid) as caught:
            _ = sample.count
        self.assertEqual(caught.exception.problems, sample.problems)
        with self.assertRaises(Invalid) as caught:
            sample.check(lambda given: [(("body", "note"), "too plain")] if given.note == "ok" else [])
        self.assertEqual([loc for loc, _ in caught.exception.problems], [("body", "count"), ("body", "note")])
        whole = self.Sample.model_validate({"count": 2})
        whole.check(lambda given: [(("body", "note"), "never asked")])  # the service runs its checks
        self.assertEqual((whole.count, whole.note, whole.problems), (2, "", []))

    def test_a_view_that_leaves_a_bad_field_unread_still_answers_422(self) -> None:
        view = answered(lambda request, body: "written")
        with self.assertRaises(Invalid):
            view(None, body=self.Sample.model_validate({"count": "many"}))
        self.assertEqual(view(None, body=self.Sample.model_validate({"count": 1})), "written")

    def test_every_write_of_the_api_reads_its_body_as_a_body(self) -> None:
        schema = json.loads(Client().get("/api/v1/openapi.json").content)
        bodies = {
            operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            for item in schema["paths"].values()
            for method, operation in item.items()
            # A file upload (multipart: the attendance import) is checked by its service, every bad row
            # of the file in one answer (tests/staff/test_api_attendance.py).
            if method in WRITES and "application/json" in operation.get("requestBody", {}).get("content", {})
        }
        self.assertGreaterEqual(len(bodies), 13)
        self.assertLessEqual(bodies, {model.__name__ for model in _subclasses(Body)})


def _subclasses(model: type[Body]) -> list[type[Body]]:
    return [model, *(sub for child in model.__subclasses__() for sub in _subclasses(child))]
