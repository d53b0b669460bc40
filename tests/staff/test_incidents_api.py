"""The incidents API: POST /incidents with the engine's proposal, approval by the named role, the one
appeal and its decision; 404 outside the user's scope, 403 for a role that may not act, 409, 422."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fuwu.core.roles import Role
from fuwu.regulations.services import set_profile
from fuwu.staff.models import Incident, MonthClose
from fuwu.staff.services.incidents import approve_incident, record_incident
from tests.api.base import ApiTestCase, body
from tests.staff.test_incidents import APRIL, AT, MARCH, IncidentTestCase


class IncidentApiTestCase(IncidentTestCase, ApiTestCase):
    def post(self, url: str, user: Any, data: Any = None, status: int = 200) -> Any:
        answer = self.call("POST", url, user, data if data is not None else {})
        self.assertEqual(answer.status_code, status, answer.content)
        return body(answer)

    def fine(self, **values: Any) -> Incident:
        return record_incident(
            employee=values.pop("employee", self.worker), clause="p01.1", at=AT, note="仪容不整",
            by=self.supervisor, **values,
        )  # fmt: skip


class RecordApiTests(IncidentApiTestCase):
    def test_a_supervisor_records_and_gets_the_engines_proposal(self) -> None:
        sent = {"employee": self.worker.user_id, "clause": "p01.r1", "at": "2026-03-05T10:30:00+08:00",
                "note": "主动帮同事搬运物资"}  # fmt: skip
        incident = self.post("/api/v1/incidents", self.supervisor, sent, status=201)
        self.assertEqual(
            (incident["state"], incident["employee"], incident["approver_role"], incident["entries"]),
            ("recorded", self.worker.user_id, "supervisor", []),
        )
        self.assertEqual(
            incident["proposed"],
            [{"kind": "reward", "employee": self.worker.user_id, "amount": "20.00", "clause": "p01.r1",
              "pack_version": 1, "because": "工作积极、乐于帮助", "status": None, "month": "2026-03"}],
        )  # fmt: skip
        self.assertEqual(incident["at"], "2026-03-05T10:30:00+08:00")

    def test_every_bad_field_is_named_and_a_role_that_may_not_record_is_refused(self) -> None:
        set_profile(self.site_a, "store", by=None)
        answer = self.call(
            "POST", "/api/v1/incidents", self.supervisor,
            {"employee": self.worker.user_id, "clause": "p04.8", "at": "2026-03-05T10:30:00+08:00",
             "amount": "10.00", "cost": "5.00", "manager_on_duty": self.worker.user_id, "note": ""},
        )  # fmt: skip
        self.assertEqual(answer.status_code, 422, answer.content)
        self.assertEqual(
            sorted(tuple(d["loc"]) for d in body(answer)["detail"]),
            [("body", "amount"), ("body", "cost"), ("body", "manager_on_duty"), ("body", "note")],
        )
        shapes = self.call(
            "POST", "/api/v1/incidents", self.supervisor,
            {"employee": 999999, "clause": "p01.1", "at": "yesterday", "note": "x"},
        )  # fmt: skip
        self.assertEqual(
            sorted(tuple(d["loc"]) for d in body(shapes)["detail"]), [("body", "at"), ("body", "employee")]
        )
        refused = self.call(
            "POST", "/api/v1/incidents", self.by_role[Role.DISPATCHER],
            {"employee": self.worker.user_id, "clause": "p01.1", "at": "2026-03-05T10:30:00+08:00",
             "note": "x"},
        )  # fmt: skip
        self.assertEqual(refused.status_code, 403)
        self.assertFalse(Incident.objects.exists())


class DecisionApiTests(IncidentApiTestCase):
    def test_the_named_role_approves_others_get_403_or_404_and_a_second_decision_409(self) -> None:
        incident = self.fine()
        url = f"/api/v1/incidents/{incident.pk}/approve"
        self.post(url, self.worker.user, status=403)  # the employee sees it but never approves it
        self.post(url, self.by_role[Role.HR_FINANCE], status=403)  # sees the site's, does not approve
        self.post(url, self.outsider, status=404)  # another site's: as if it did not exist
        done = self.post(url, self.supervisor)
        self.assertEqual(done["state"], "approved")
        self.assertEqual(
            [(e["kind"], e["amount"], e["clause"], e["month"], e["reverses"]) for e in done["entries"]],
            [("fine", "10.00", "p01.1", "2026-03", None)],
        )
        self.post(url, self.by_role[Role.GENERAL_MANAGER], status=409)
        self.post(f"/api/v1/incidents/{incident.pk}/reject", self.supervisor, {"note": "x"}, status=409)

    def test_a_rejection_leaves_the_ledger_alone(self) -> None:
        incident = self.fine()
        done = self.post(f"/api/v1/incidents/{incident.pk}/reject", self.supervisor, {"note": "证据不足"})
        self.assertEqual((done["state"], done["entries"]), ("rejected", []))

    def test_the_employee_appeals_once_and_the_supervisor_upholds_it(self) -> None:
        incident = self.fine()
        url = f"/api/v1/incidents/{incident.pk}/appeal"
        self.post(url, self.worker.user, {"reason": "不是我"}, status=409)  # not approved yet
        approve_incident(incident, by=self.supervisor)
        self.post(url, self.supervisor, {"reason": "代为申诉"}, status=403)
        self.post(url, self.worker.user, {"reason": ""}, status=422)
        appealed = self.post(url, self.worker.user, {"reason": "当天穿的是工服"}, status=201)
        self.assertEqual(
            (appealed["appeal"]["state"], appealed["appeal"]["by"]), ("pending", self.worker.user_id)
        )
        self.post(url, self.worker.user, {"reason": "再次申诉"}, status=409)
        decide = f"/api/v1/appeals/{appealed['appeal']['id']}/decide"
        self.post(decide, self.worker.user, {"upheld": True, "note": ""}, status=403)
        self.post(decide, self.outsider, {"upheld": True, "note": ""}, status=404)
        self.post(decide, self.supervisor, {"upheld": False, "note": ""}, status=422)  # a dismissal says why
        done = self.post(decide, self.supervisor, {"upheld": True, "note": "核实无误"})
        # The answer is the appeal (of either kind), with its subject's entries.
        self.assertEqual(
            (done["id"], done["incident"], done["shift"], done["employee"], done["state"], done["note"]),
            (appealed["appeal"]["id"], incident.pk, None, self.worker.user_id, "upheld", "核实无误"),
        )
        original, reversal = done["entries"]
        self.assertEqual((reversal["amount"], reversal["reverses"]), ("-10.00", original["id"]))
        shown = body(self.call("GET", f"/api/v1/incidents/{incident.pk}", self.worker.user))
        self.assertEqual((shown["state"], shown["appeal"]["state"]), ("withdrawn", "upheld"))
        self.post(decide, self.supervisor, {"upheld": False, "note": "改判"}, status=409)

    def test_a_write_dated_in_a_closed_month_says_the_month_it_lands_in(self) -> None:
        MonthClose.objects.create(site=self.site_a, month=MARCH)
        sent = {
            "employee": self.worker.user_id,
            "clause": "p01.1",
            "at": "2026-03-05T10:30:00+08:00",
            "note": "x",
        }
        incident = self.post("/api/v1/incidents", self.supervisor, sent, status=201)
        self.assertEqual(incident["proposed"][0]["month"], "2026-04")
        done = self.post(f"/api/v1/incidents/{incident['id']}/approve", self.supervisor)
        self.assertEqual((done["entries"][0]["month"], done["entries"][0]["state"]), ("2026-04", "open"))
        MonthClose.objects.create(site=self.site_a, month=APRIL)
        shown = body(self.call("GET", f"/api/v1/incidents/{incident['id']}", self.supervisor))
        self.assertEqual(shown["entries"][0]["state"], "closed")  # as GET /ledger says it


class ReadApiTests(IncidentApiTestCase):
    def test_an_employee_sees_their_own_a_supervisor_the_site_and_another_site_sees_nothing(self) -> None:
        mine = self.fine()
        colleague = self.fine(employee=self.guard)

        def ids(user: Any, query: str = "") -> list[int]:
            return [row["id"] for row in body(self.call("GET", f"/api/v1/incidents{query}", user))["results"]]

        self.assertEqual(ids(self.worker.user), [mine.pk])
        self.assertEqual(sorted(ids(self.supervisor)), sorted([mine.pk, colleague.pk]))
        self.assertEqual(ids(self.supervisor, f"?employee={self.guard.user_id}"), [colleague.pk])
        self.assertEqual(ids(self.outsider), [])
        self.assertEqual(
            self.call("GET", f"/api/v1/incidents/{colleague.pk}", self.worker.user).status_code, 404
        )
        self.assertEqual(self.call("GET", f"/api/v1/incidents/{mine.pk}", self.outsider).status_code, 404)
        self.assertEqual(
            body(self.call("GET", f"/api/v1/incidents/{mine.pk}", self.worker.user))["id"], mine.pk
        )

    def test_the_list_pages_with_a_cursor_and_its_queries_do_not_grow_with_rows(self) -> None:
        def counted() -> int:
            with CaptureQueriesContext(connection) as queries:
                answer = self.call("GET", "/api/v1/incidents?page_size=100", self.supervisor)
            self.assertEqual(answer.status_code, 200)
            return len(queries)

        counted()  # the token's first use is recorded once
        approve_incident(self.fine(), by=self.supervisor)
        few = counted()
        for _ in range(5):
            approve_incident(self.fine(amount=None), by=self.supervisor)
        self.assertEqual(counted(), few)
        first = body(self.call("GET", "/api/v1/incidents?page_size=4", self.supervisor))
        rest = body(
            self.client.get(first["next"], HTTP_AUTHORIZATION=f"Bearer {self.token_for(self.supervisor)}")
        )
        self.assertEqual(len(first["results"]) + len(rest["results"]), 6)
        self.assertEqual(Decimal(first["results"][0]["entries"][0]["amount"]), Decimal("10.00"))
