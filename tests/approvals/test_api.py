"""The approvals API: what each person sees and may do, the 409 of a decided step, delegations, and query
counts of the lists that do not grow with the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fuwu.approvals import services as approvals
from fuwu.approvals.models import Delegation
from fuwu.core.models import User
from fuwu.core.roles import Role
from tests.api.base import ApiTestCase, body
from tests.approvals.base import CALLS, ApprovalsTestCase

HOUR = dt.timedelta(hours=1)


class ApprovalApiTests(ApprovalsTestCase, ApiTestCase):
    def test_a_request_with_its_chain_clause_and_amount(self) -> None:
        chain = self.ask(("p12.15", "p14.3.4.7"), amount=Decimal("6200"))
        found = body(self.call("GET", f"/api/v1/approvals/{chain.pk}", self.gm))
        self.assertEqual(
            (found["clause"], found["clauses"], found["pack_version"], found["amount"], found["state"]),
            ("p12.15", ["p12.15", "p14.3.4.7"], 1, "6200.00", "pending"),
        )
        self.assertEqual([s["role"] for s in found["steps"]], ["general_manager", "general_manager_meeting"])
        self.assertTrue(found["may_decide"])
        self.assertEqual((found["unapproved"], found["costs_to_customer"]), ("costs_to_customer", False))
        self.assertIn("总经理", found["text"])

    def test_decide_then_a_second_decision_is_409(self) -> None:
        chain = self.ask()
        answer = self.call(
            "POST", f"/api/v1/approvals/{chain.pk}/decide", self.gm, {"approve": True, "note": "同意"}
        )
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(
            (body(answer)["state"], body(answer)["steps"][0]["decided_by"]["id"]), ("approved", self.gm.pk)
        )
        again = self.call("POST", f"/api/v1/approvals/{chain.pk}/decide", self.gm2, {"approve": False})
        self.assertEqual(again.status_code, 409)
        self.assertEqual(set(body(again)), {"detail"})
        self.assertEqual(len(CALLS), 1)

    def test_the_office_meeting_needs_its_note_422(self) -> None:
        chain = self.ask("p14.3.4.7", amount=Decimal("8000"))
        answer = self.call("POST", f"/api/v1/approvals/{chain.pk}/decide", self.gm, {"approve": True})
        self.assertEqual(answer.status_code, 422)
        self.assertEqual(body(answer)["detail"][0]["loc"], ["body", "note"])
        bad = self.call(
            "POST", f"/api/v1/approvals/{chain.pk}/decide", self.gm, {"approve": "maybe", "step": 0}
        )
        self.assertEqual(
            {tuple(p["loc"]) for p in body(bad)["detail"]},
            {("body", "approve"), ("body", "step"), ("body", "note")},
        )

    def test_scope_of_the_requests(self) -> None:
        """Approvers see their sites' requests, others only their own or what they may decide; 404 else,
        403 to decide without the role, the requester never decides their own."""
        here = self.ask("p10.3.5", by=self.dispatcher)
        there = self.ask("p10.3.5", by=self.dispatcher, subject_id=2, site=self.site_b)

        def ids(user: User, query: str = "") -> list[int]:
            return [row["id"] for row in body(self.call("GET", f"/api/v1/approvals{query}", user))["results"]]

        self.assertEqual(ids(self.gm), [there.pk, here.pk])
        self.assertEqual(ids(self.supervisor), [here.pk])
        self.assertEqual(ids(self.supervisor_b, "?waiting=true"), [there.pk])
        self.assertEqual(ids(self.dispatcher), [there.pk, here.pk])  # asked for both
        self.assertEqual(ids(self.by_role[Role.TECHNICIAN]), [])
        self.assertEqual(ids(self.outsider), [])
        self.assertEqual(self.call("GET", f"/api/v1/approvals/{here.pk}", self.outsider).status_code, 404)
        self.assertEqual(self.call("GET", f"/api/v1/approvals/{here.pk}", self.supervisor_b).status_code, 404)
        decide = {"approve": True}
        self.assertEqual(
            self.call("POST", f"/api/v1/approvals/{here.pk}/decide", self.outsider, decide).status_code, 404
        )
        self.assertEqual(
            self.call("POST", f"/api/v1/approvals/{here.pk}/decide", self.gm, decide).status_code, 403
        )
        self.assertEqual(
            self.call("POST", f"/api/v1/approvals/{here.pk}/decide", self.dispatcher, decide).status_code, 403
        )
        self.assertEqual(
            self.call("POST", f"/api/v1/approvals/{here.pk}/cancel", self.supervisor, {}).status_code, 403
        )
        self.assertEqual(
            self.call("POST", f"/api/v1/approvals/{here.pk}/cancel", self.outsider, {}).status_code, 404
        )
        self.assertEqual(
            self.call("POST", f"/api/v1/approvals/{here.pk}/decide", self.supervisor, decide).status_code, 200
        )
        cancelled = self.call(
            "POST", f"/api/v1/approvals/{there.pk}/cancel", self.dispatcher, {"reason": "业主撤回"}
        )
        self.assertEqual(body(cancelled)["state"], "cancelled")
        self.assertEqual(
            self.call("POST", f"/api/v1/approvals/{there.pk}/cancel", self.dispatcher, {}).status_code, 409
        )
        self.assertEqual(ids(self.gm, "?state=cancelled"), [there.pk])
        self.assertEqual(ids(self.gm, "?subject_type=test_subject&subject_id=1"), [here.pk])

    def test_the_list_costs_the_same_queries_at_any_size(self) -> None:
        for subject in range(3):
            self.ask(subject_id=subject)
        self.call("GET", "/api/v1/approvals", self.gm)  # the token is made on the first call
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(len(body(self.call("GET", "/api/v1/approvals", self.gm))["results"]), 3)
        for subject in range(3, 12):
            approvals.decide(self.ask(subject_id=subject), by=self.gm2, approve=subject % 2 == 0)
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(len(body(self.call("GET", "/api/v1/approvals", self.gm))["results"]), 12)
        self.assertEqual(len(many), len(few))


class DelegationApiTests(ApprovalsTestCase, ApiTestCase):
    def test_hand_over_decide_on_behalf_and_end(self) -> None:
        now = timezone.now()
        made = self.call(
            "POST",
            "/api/v1/delegations",
            self.gm,
            {
                "delegate": self.cm.pk,
                "starts_at": (now - HOUR).isoformat(),
                "ends_at": (now + HOUR).isoformat(),
            },
        )
        self.assertEqual(made.status_code, 201, made.content)
        delegation = body(made)
        self.assertEqual((delegation["delegator"]["id"], delegation["in_force"]), (self.gm.pk, True))
        chain = self.ask(by=self.dispatcher)
        queue = body(self.call("GET", "/api/v1/approvals?waiting=true", self.cm))["results"]
        self.assertEqual([row["id"] for row in queue], [chain.pk])
        decided = body(self.call("POST", f"/api/v1/approvals/{chain.pk}/decide", self.cm, {"approve": True}))
        self.assertEqual(decided["steps"][0]["on_behalf_of"]["id"], self.gm.pk)
        ended = self.call("POST", f"/api/v1/delegations/{delegation['id']}/end", self.cm)
        self.assertEqual((ended.status_code, body(ended)["in_force"]), (200, False))
        self.assertEqual(
            self.call("POST", f"/api/v1/delegations/{delegation['id']}/end", self.gm).status_code, 409
        )

    def test_delegation_scope_and_problems(self) -> None:
        now = timezone.now()
        period = {"starts_at": (now - HOUR).isoformat(), "ends_at": (now + HOUR).isoformat()}
        someone_else = {"delegator": self.supervisor.pk, "delegate": self.cm.pk, **period}
        self.assertEqual(
            self.call("POST", "/api/v1/delegations", self.dispatcher, someone_else).status_code, 403
        )
        answer = self.call(
            "POST", "/api/v1/delegations", self.supervisor, {"delegate": 10**9, "ends_at": "soon"}
        )
        self.assertEqual(
            {tuple(p["loc"]) for p in body(answer)["detail"]},
            {("body", "delegate"), ("body", "ends_at"), ("body", "starts_at")},
        )
        self.assertEqual(
            self.call(
                "POST", "/api/v1/delegations", self.supervisor, {"delegate": self.cm.pk, **period}
            ).status_code,
            201,
        )
        row = Delegation.objects.get()
        self.assertEqual(
            self.call("POST", f"/api/v1/delegations/{row.pk}/end", self.dispatcher).status_code, 404
        )
        self.assertEqual(self.call("POST", f"/api/v1/delegations/{row.pk}/end", self.gm2).status_code, 200)

        def seen(user: User) -> list[int]:
            return [d["id"] for d in body(self.call("GET", "/api/v1/delegations", user))["results"]]

        self.assertEqual(
            (seen(self.supervisor), seen(self.cm), seen(self.gm), seen(self.dispatcher)),
            ([row.pk], [row.pk], [row.pk], []),
        )
