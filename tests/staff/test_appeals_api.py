"""The appeals API: POST /attendance/{id}/appeal by the employee, GET /appeals and /appeals/{id} in scope,
POST /appeals/{id}/decide answering the appeal of either kind with its subject's entries; 404 outside the
user's scope, 403 for a role that may not act, 409, and 422 naming every bad field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fuwu.core.roles import Role
from fuwu.staff.models import Appeal, AttendanceDay, MonthClose
from fuwu.staff.services.appeals import appeal_incident, appeal_shift
from fuwu.staff.services.incidents import approve_incident, record_incident
from fuwu.staff.services.reconcile import reconcile_months
from tests.api.base import ApiTestCase, body
from tests.staff.test_shift_appeals import MARCH, WEDNESDAY, ShiftAppealTestCase, at


class AppealApiTestCase(ShiftAppealTestCase, ApiTestCase):
    def post(self, url: str, user: Any, data: Any = None, status: int = 200) -> Any:
        answer = self.call("POST", url, user, data if data is not None else {})
        self.assertEqual(answer.status_code, status, answer.content)
        return body(answer)

    def get(self, url: str, user: Any, status: int = 200) -> Any:
        answer = self.call("GET", url, user)
        self.assertEqual(answer.status_code, status, answer.content)
        return body(answer)


class ShiftAppealApiTests(AppealApiTestCase):
    def test_the_employee_appeals_the_supervisor_upholds_and_the_fine_is_reversed(self) -> None:
        url = f"/api/v1/attendance/{self.late.pk}/appeal"
        sent = {"reason": "考勤机故障", "clock_in": "2026-03-04T08:58:00+08:00"}
        self.post(url, self.supervisor, sent, status=403)  # the manager sees the shift, it is not theirs
        self.post(url, self.outsider, sent, status=404)
        self.post(url, self.by_role[Role.DISPATCHER], sent, status=404)
        bad = self.call("POST", url, self.worker.user, {"reason": "", "clock_in": "yesterday"})
        self.assertEqual(bad.status_code, 422)
        self.assertEqual(
            sorted(tuple(d["loc"]) for d in body(bad)["detail"]), [("body", "clock_in"), ("body", "reason")]
        )
        two_days_off = {"clock_in": "2026-03-02T08:58:00+08:00", "clock_out": "2026-03-02T08:00:00+08:00"}
        far = self.call("POST", url, self.worker.user, {"reason": "x", **two_days_off})
        self.assertEqual(
            [tuple(d["loc"]) for d in body(far)["detail"]],
            [("body", "clock_in"), ("body", "clock_out"), ("body", "clock_out")],  # far off; out before in
        )
        alone = self.call(
            "POST", url, self.worker.user, {"reason": "x", "clock_out": "2026-03-04T09:30:00+08:00"}
        )
        self.assertEqual(  # a clock-out claimed alone must come after the clock's clock-in (09:45)
            [tuple(d["loc"]) for d in body(alone)["detail"]], [("body", "clock_out")]
        )
        self.assertFalse(Appeal.objects.exists())
        made = self.post(url, self.worker.user, sent, status=201)
        self.assertEqual(
            {key: made[key] for key in ("incident", "shift", "employee", "by", "state", "clock_out")},
            {"incident": None, "shift": self.late.pk, "employee": self.worker.user_id,
             "by": self.worker.user_id, "state": "pending", "clock_out": None},
        )  # fmt: skip
        self.assertEqual(made["clock_in"], "2026-03-04T08:58:00+08:00")
        self.assertEqual(
            [(e["clause"], e["amount"], e["reverses"]) for e in made["entries"]],
            [("p01.3.1", "50.00", None), ("p01.3", "200.00", None)],
        )
        self.post(url, self.worker.user, sent, status=409)  # once only

        decide = f"/api/v1/appeals/{made['id']}/decide"
        self.post(decide, self.worker.user, {"upheld": True}, status=403)
        self.post(decide, self.by_role[Role.HR_FINANCE], {"upheld": True}, status=403)
        self.post(decide, self.outsider, {"upheld": True}, status=404)
        self.post(decide, self.supervisor, {"upheld": False, "note": ""}, status=422)
        MonthClose.objects.create(site=self.site_a, month=MARCH)  # closed before the decision
        done = self.post(decide, self.supervisor, {"upheld": True, "note": "监控属实"})
        self.assertEqual(
            (done["state"], done["decided_by"], done["note"]), ("upheld", self.supervisor.pk, "监控属实")
        )
        reversals = [e for e in done["entries"] if e["reverses"] is not None]
        self.assertEqual(
            sorted((e["amount"], e["month"], e["state"]) for e in reversals),
            [("-200.00", "2026-04", "open"), ("-50.00", "2026-04", "open")],
        )
        self.post(decide, self.by_role[Role.GENERAL_MANAGER], {"upheld": False, "note": "改判"}, status=409)
        shift = self.get("/api/v1/attendance?from=2026-03-04&to=2026-03-04", self.worker.user)["results"][0]
        self.assertEqual(shift["clock_in"], "2026-03-04T08:58:00+08:00")

    def test_a_shift_the_ledger_takes_nothing_for_is_409(self) -> None:
        on_time = self.shift_day(WEDNESDAY + dt.timedelta(days=1), "08:55", "18:00")
        reconcile_months([(self.worker, MARCH)], by=None)
        self.post(
            f"/api/v1/attendance/{on_time.pk}/appeal", self.worker.user,
            {"reason": "x", "clock_in": "2026-03-05T08:50:00+08:00"}, status=409,
        )  # fmt: skip


class ReadApiTests(AppealApiTestCase):
    def incident_appeal(self) -> Appeal:
        incident = record_incident(
            employee=self.worker, clause="p01.1", at=at(WEDNESDAY, "10:30"), note="仪容不整",
            by=self.supervisor,
        )  # fmt: skip
        approve_incident(incident, by=self.supervisor)
        return appeal_incident(incident, reason="当天穿的是工服", by=self.worker.user)

    def test_each_sees_the_appeals_in_their_scope_of_both_kinds(self) -> None:
        shift = self.appeal()
        incident = self.incident_appeal()

        def ids(user: Any, query: str = "") -> list[int]:
            return [row["id"] for row in self.get(f"/api/v1/appeals{query}", user)["results"]]

        self.assertEqual(ids(self.worker.user), [incident.pk, shift.pk])  # newest first
        self.assertEqual(ids(self.supervisor), [incident.pk, shift.pk])
        self.assertEqual(ids(self.by_role[Role.HR_FINANCE]), [incident.pk, shift.pk])
        self.assertEqual(ids(self.by_role[Role.GENERAL_MANAGER], "?kind=shift"), [shift.pk])
        self.assertEqual(ids(self.outsider), [])
        self.assertEqual(ids(self.by_role[Role.DISPATCHER]), [])
        self.assertEqual(ids(self.supervisor, "?state=upheld"), [])
        self.assertEqual(
            ids(self.supervisor, f"?employee={self.worker.user_id}&kind=incident"), [incident.pk]
        )
        one = self.get(f"/api/v1/appeals/{incident.pk}", self.worker.user)
        self.assertEqual(
            (one["incident"], one["shift"], one["reason"]), (incident.incident_id, None, "当天穿的是工服")
        )
        self.assertEqual([e["clause"] for e in one["entries"]], ["p01.1"])
        self.get(f"/api/v1/appeals/{shift.pk}", self.outsider, status=404)
        self.get(f"/api/v1/appeals/{shift.pk}", self.by_role[Role.DISPATCHER], status=404)
        decided = self.post(
            f"/api/v1/appeals/{incident.pk}/decide", self.supervisor, {"upheld": False, "note": "有照片"}
        )
        self.assertEqual((decided["state"], decided["incident"]), ("dismissed", incident.incident_id))

    def test_the_list_pages_with_a_cursor_and_its_queries_do_not_grow_with_rows(self) -> None:
        def counted() -> int:
            with CaptureQueriesContext(connection) as queries:
                answer = self.call("GET", "/api/v1/appeals?page_size=100", self.supervisor)
            self.assertEqual(answer.status_code, 200)
            return len(queries)

        counted()  # the token's first use is recorded once
        self.appeal()
        self.incident_appeal()
        few = counted()
        for n in range(1, 5):
            day = self.shift_day(WEDNESDAY + dt.timedelta(days=n), "09:45", "18:00")
            reconcile_months([(self.worker, MARCH)], by=None)
            appeal_shift(
                day, reason="打卡机慢", clock_in=at(day.day, "08:59"), clock_out=None, by=self.worker.user
            )
        self.assertEqual(AttendanceDay.objects.count(), 5)
        self.assertEqual(counted(), few)
        first = self.get("/api/v1/appeals?page_size=4", self.supervisor)
        rest = body(
            self.client.get(first["next"], HTTP_AUTHORIZATION=f"Bearer {self.token_for(self.supervisor)}")
        )
        self.assertEqual(len(first["results"]) + len(rest["results"]), 6)
        self.assertIsNone(rest["next"])
