"""The follow-up API's calls, letters, plans and requests: a customer manager acts for their own customers
(others' are 422 in a body, 404 in a path), the site's agents for every customer of their sites, a role
without follow-up gets 403; every bad field named at once; 409 where the state refuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fuwu.core.roles import Role
from fuwu.followup.models import Call, CallRequest
from fuwu.followup.services.calls import record_call
from tests.api.base import ApiTestCase, body
from tests.followup.base import FollowupTestCase, days_ago, days_on, local


class FollowupApiCase(FollowupTestCase, ApiTestCase):
    def post(self, url: str, user: Any, data: Any, status: int) -> Any:
        answer = self.call("POST", url, user, data)
        self.assertEqual(answer.status_code, status, answer.content)
        return body(answer)

    def get(self, url: str, user: Any, status: int = 200) -> Any:
        answer = self.call("GET", url, user)
        self.assertEqual(answer.status_code, status, answer.content)
        return body(answer)


class CallApiTests(FollowupApiCase):
    def test_a_manager_records_and_lists_the_calls_of_their_own_customers_only(self) -> None:
        sent = {
            "customer": self.customer.pk,
            "at": local(days_ago(2), 12, 30).isoformat(),
            "direction": "out",
            "purpose": "planned_contact",
            "points": "提醒保养",
            "requests": "希望周末上门",
        }
        call = self.post("/api/v1/followup/calls", self.manager, sent, 201)
        self.assertEqual(
            (call["customer_name"], call["by"], call["sequence"]), ("赵先生", self.manager.pk, None)
        )
        self.assertEqual([v["clause"] for v in call["violations"]], ["p08.23"])
        self.assertEqual(call["at"], local(days_ago(2), 12, 30).isoformat())
        self.assertEqual(call["request"], CallRequest.objects.get().pk)
        others = self.post("/api/v1/followup/calls", self.manager, {**sent, "customer": self.other.pk}, 422)
        self.assertEqual([d["loc"] for d in others["detail"]], [["body", "customer"]])
        record_call(
            self.other,
            by=self.colleague,
            at=local(days_ago(1), 10),
            direction="out",
            purpose="planned_contact",
        )
        mine = self.get("/api/v1/followup/calls", self.manager)["results"]
        self.assertEqual([row["customer"] for row in mine], [self.customer.pk])
        everyone = self.get("/api/v1/followup/calls?site=a", self.supervisor)["results"]
        self.assertEqual([row["customer"] for row in everyone], [self.other.pk, self.customer.pk])
        self.get("/api/v1/followup/calls", self.by_role[Role.TECHNICIAN], 403)
        self.get("/api/v1/followup/calls", self.outsider, 403)

    def test_every_bad_field_is_named_and_an_owed_call_is_checked(self) -> None:
        bad = {"customer": self.customer.pk, "at": "yesterday", "direction": "sideways", "purpose": "chat"}
        problems = self.post("/api/v1/followup/calls", self.manager, bad, 422)["detail"]
        self.assertEqual(sorted(d["loc"][-1] for d in problems), ["at", "direction", "purpose"])
        later = {
            "customer": self.customer.pk,
            "at": (local(days_on(1), 10)).isoformat(),
            "direction": "in",
            "purpose": "planned_contact",
        }
        problems = self.post("/api/v1/followup/calls", self.manager, later, 422)["detail"]
        self.assertEqual(sorted(d["loc"][-1] for d in problems), ["at", "purpose"])
        first = {
            **later,
            "at": local(days_ago(1), 10).isoformat(),
            "direction": "out",
            "purpose": "first_follow_up",
        }
        self.post("/api/v1/followup/calls", self.manager, first, 409)
        self.assertFalse(Call.objects.exists())


class LetterAndPlanApiTests(FollowupApiCase):
    def test_letters_are_registered_and_listed_in_scope(self) -> None:
        sent = {
            "customer": self.customer.pk,
            "sent_on": str(days_ago(1)),
            "category": "invitation",
            "summary": "邀请",
        }
        letter = self.post("/api/v1/followup/letters", self.agent, sent, 201)
        self.assertEqual(
            (letter["address"], letter["category"], letter["by"]),
            ("滨江花苑5栋1单元1201", "invitation", self.agent.pk),
        )
        self.post(
            "/api/v1/followup/letters", self.agent, {**sent, "sent_on": str(days_on(1)), "summary": ""}, 422
        )
        self.assertEqual(len(self.get("/api/v1/followup/letters", self.manager)["results"]), 1)
        self.assertEqual(self.get("/api/v1/followup/letters", self.colleague)["results"], [])
        self.post("/api/v1/followup/letters", self.colleague, sent, 422)

    def test_a_plan_in_the_quiet_hours_names_the_first_allowed_time(self) -> None:
        sent = {
            "customer": self.customer.pk,
            "needs": "保养",
            "content": "提醒",
            "planned_at": local(days_on(1), 12, 30).isoformat(),
        }
        (problem,) = self.post("/api/v1/followup/plans", self.manager, sent, 422)["detail"]
        self.assertEqual(problem["loc"], ["body", "planned_at"])
        self.assertIn("14:00", problem["msg"])
        plan = self.post("/api/v1/followup/plans", self.manager, {**sent, "emergency": True}, 201)
        self.assertEqual(plan["state"], "planned")
        self.post("/api/v1/followup/plans", self.by_role[Role.HR_FINANCE], sent, 403)


class RequestApiTests(FollowupApiCase):
    def setUp(self) -> None:
        super().setUp()
        record_call(
            self.customer,
            by=self.manager,
            at=local(days_ago(3), 10),
            direction="out",
            purpose="planned_contact",
            requests="希望延长质保",
        )
        self.request = CallRequest.objects.get()

    def test_the_manager_solves_and_tells_and_the_same_day_is_judged(self) -> None:
        url = f"/api/v1/followup/requests/{self.request.pk}"
        self.assertEqual(self.get(url, self.manager)["state"], "studying")
        self.get(url, self.colleague, 404)
        self.post(f"{url}/tell", self.manager, {"via": "call"}, 409)
        self.post(f"{url}/solve", self.manager, {"solution": ""}, 422)
        solved = self.post(f"{url}/solve", self.supervisor, {"solution": "延长半年"}, 200)
        self.assertEqual((solved["state"], solved["told_same_day"]), ("solved", "due"))
        told = self.post(f"{url}/tell", self.manager, {"via": "letter"}, 200)
        self.assertEqual((told["state"], told["told_same_day"], told["due"]), ("told", "met", None))
        self.post(f"{url}/solve", self.manager, {"solution": "x"}, 409)
        self.post(f"{url}/solve", self.colleague, {"solution": "x"}, 404)

    def test_it_is_reported_to_the_supervisor_once_and_listed_for_them(self) -> None:
        url = f"/api/v1/followup/requests/{self.request.pk}/escalate"
        escalated = self.post(url, self.manager, {}, 200)
        self.assertEqual((escalated["state"], escalated["escalated_by"]), ("escalated", self.manager.pk))
        self.post(url, self.manager, {}, 409)
        listed = self.get("/api/v1/followup/requests?state=escalated", self.supervisor)["results"]
        self.assertEqual([row["id"] for row in listed], [self.request.pk])
        self.assertEqual(self.get("/api/v1/followup/requests", self.colleague)["results"], [])
        self.get("/api/v1/followup/requests", self.by_role[Role.GUARD], 403)
        self.post(url, self.by_role[Role.GUARD], {}, 403)
        self.assertEqual(dt.timedelta(days=2), self.request.escalate_at - self.request.raised_at)
