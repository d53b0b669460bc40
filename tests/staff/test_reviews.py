"""HR's review queue: status proposals and withheld wages from the engine, the minimum-wage floor from the
close; decided once by HR of the site with a note, nothing done to the person; on the page and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fuwu.core.errors import Conflict
from fuwu.core.models import AuditEntry
from fuwu.core.roles import Role
from fuwu.staff.models import Employee, LedgerEntry, Review
from fuwu.staff.services import employees
from fuwu.staff.services.reconcile import reconcile_months
from fuwu.staff.services.reviews import decide_review
from tests.core.base import PASSWORD
from tests.staff.close_base import MARCH, CloseTestCase


class ReviewTestCase(CloseTestCase):
    def absent_three_days(self, employee: Employee | None = None) -> None:
        for day in (2, 3, 4):
            self.shift_day(dt.date(2026, 3, day), None, None, employee=employee)
        with transaction.atomic():
            reconcile_months([(employee or self.worker, MARCH)], by=self.admin)

    def status(self) -> Review:
        return Review.objects.get(kind="status", employee=self.worker)


class DecideTests(ReviewTestCase):
    def test_hr_confirms_with_a_note_and_nothing_is_done_to_the_person(self) -> None:
        self.absent_three_days()
        entries = LedgerEntry.objects.count()
        review = decide_review(self.status(), confirm=True, note="已电话联系，本人确认离职", by=self.hr)
        self.assertEqual(
            (review.state, review.decided_by, review.note), ("confirmed", self.hr, "已电话联系，本人确认离职")
        )
        self.worker.refresh_from_db()
        self.assertEqual(self.worker.status, Employee.Status.ACTIVE)
        self.assertEqual(LedgerEntry.objects.count(), entries)
        self.assertEqual(
            AuditEntry.objects.filter(action="review.confirm", object_pk=str(review.pk)).count(), 1
        )

    def test_a_review_is_decided_once(self) -> None:
        self.absent_three_days()
        decide_review(self.status(), confirm=False, note="病假，补交证明", by=self.hr)
        with self.assertRaises(Conflict):
            decide_review(self.status(), confirm=True, note="", by=self.gm)
        self.assertEqual(self.status().state, "dismissed")

    def test_only_hr_of_the_site_or_the_general_manager_decide(self) -> None:
        self.absent_three_days()
        for who in (self.hr_b, self.by_role[Role.SUPERVISOR], self.worker.user):
            with self.assertRaises(PermissionDenied):
                decide_review(self.status(), confirm=True, note="", by=who)
        decide_review(self.status(), confirm=True, note="", by=self.gm)


class ReviewPageTests(ReviewTestCase):
    def page(self, **query: str) -> str:
        response = self.client.get("/staff/reviews/", query)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_queue_shows_the_clause_its_text_the_reason_and_the_person(self) -> None:
        self.absent_three_days()
        self.client.login(username=self.hr.username, password=PASSWORD)
        page = self.page()
        for text in (
            "自动离职",
            "连续旷工3天",
            "不发放任何工资",
            "p01.3.3",
            "旷工按1:3倍工资扣除",
            str(self.worker.user),
        ):
            self.assertIn(text, page)
        self.assertIn("系统不会对员工做任何处理", page)

    def test_hr_confirms_on_the_page_and_it_leaves_the_open_queue(self) -> None:
        self.absent_three_days()
        self.client.login(username=self.hr.username, password=PASSWORD)
        review = self.status()
        response = self.client.post(
            f"/staff/reviews/{review.pk}/decide/", {"decision": "confirm", "note": "本人确认", "site": ""}
        )
        self.assertEqual(response.status_code, 302)
        review.refresh_from_db()
        self.assertEqual((review.state, review.note), ("confirmed", "本人确认"))
        self.assertNotIn(f'id="review-{review.pk}"', self.page())
        self.assertIn(f'id="review-{review.pk}"', self.page(state="confirmed"))
        again = self.client.post(f"/staff/reviews/{review.pk}/decide/", {"decision": "dismiss"}, follow=True)
        self.assertIn("已经处理过了", again.content.decode())

    def test_scope_hr_sees_their_sites_and_others_are_refused(self) -> None:
        self.absent_three_days()
        review = self.status()
        self.client.login(username=self.hr_b.username, password=PASSWORD)
        self.assertNotIn("连续旷工3天", self.page())
        response = self.client.post(f"/staff/reviews/{review.pk}/decide/", {"decision": "confirm"})
        self.assertEqual(response.status_code, 404)
        self.client.login(username=self.by_role[Role.SUPERVISOR].username, password=PASSWORD)
        self.assertEqual(self.client.get("/staff/reviews/").status_code, 403)
        self.assertEqual(self.client.post(f"/staff/reviews/{review.pk}/decide/", {}).status_code, 403)
        self.assertEqual(self.status().state, "open")

    def test_its_queries_do_not_grow_with_reviews(self) -> None:
        self.absent_three_days()
        self.client.login(username=self.hr.username, password=PASSWORD)
        self.page()
        with CaptureQueriesContext(connection) as few:
            self.page()
        for index, role in enumerate((Role.GUARD, Role.TECHNICIAN, Role.VISITOR_AGENT)):
            person = employees.create_employee(
                user=self.by_role[role], site=self.site_a, shift=self.day_shift,
                monthly_wage=self.worker.monthly_wage, hired_on=dt.date(2025, 1, 1), by=self.admin,
            )  # fmt: skip
            self.absent_three_days(person)
            self.assertEqual(Review.objects.filter(employee=person).count(), 2, index)
        with CaptureQueriesContext(connection) as more:
            page = self.page()
        self.assertEqual(page.count('class="card" id="review-'), 8)
        self.assertEqual(len(more.captured_queries), len(few.captured_queries))


class ReviewApiTests(ReviewTestCase):
    def call(self, method: str, url: str, who: Any, data: Any = None) -> Any:
        self.client.logout()
        self.client.login(username=who.username, password=PASSWORD)
        if method == "GET":
            return self.client.get(url, data or {})
        return self.client.post(url, data or {}, content_type="application/json")

    def test_hr_lists_and_decides_through_the_api_and_others_are_refused(self) -> None:
        self.absent_three_days()
        listed = self.call("GET", "/api/v1/reviews", self.hr, {"site": "a", "state": "open"})
        self.assertEqual(listed.status_code, 200)
        results = listed.json()["results"]
        self.assertEqual(
            {(r["kind"], r["clause"], r["status"]) for r in results},
            {("status", "p01.3.3", "auto_resignation"), ("needs_review", "p01.3.3", None)},
        )
        first = results[0]
        self.assertEqual(
            (first["employee"], first["site"], first["month"]), (self.worker.user_id, "a", "2026-03")
        )
        review = self.status()
        url = f"/api/v1/reviews/{review.pk}/decide"
        self.assertEqual(
            self.call("POST", url, self.by_role[Role.DISPATCHER], {"confirm": True}).status_code, 403
        )
        self.assertEqual(self.call("POST", url, self.hr_b, {"confirm": True}).status_code, 404)
        self.assertEqual(self.call("POST", url, self.hr, {"confirm": "maybe"}).status_code, 422)
        self.assertEqual(
            self.call("POST", url, self.hr, {"confirm": True, "note": "x" * 501}).status_code, 422
        )
        done = self.call("POST", url, self.hr, {"confirm": False, "note": "补了请假条"})
        self.assertEqual(done.status_code, 200, done.content)
        self.assertEqual((done.json()["state"], done.json()["note"]), ("dismissed", "补了请假条"))
        self.assertEqual(self.call("POST", url, self.hr, {"confirm": True}).status_code, 409)
        self.assertEqual(self.call("GET", "/api/v1/reviews", self.by_role[Role.EMPLOYEE]).status_code, 403)
        self.assertEqual(self.call("GET", "/api/v1/reviews", self.hr_b).json()["results"], [])
        self.assertEqual(self.call("GET", "/api/v1/reviews", self.hr_b, {"site": "a"}).status_code, 422)
        gm = self.call("GET", "/api/v1/reviews", self.gm, {"state": "dismissed", "month": "2026-03"}).json()
        self.assertEqual([r["id"] for r in gm["results"]], [review.pk])


class OpenWorkTests(ReviewTestCase):
    def test_hr_sees_the_waiting_reviews_on_the_home_page_and_others_do_not(self) -> None:
        self.absent_three_days()
        self.client.login(username=self.hr.username, password=PASSWORD)
        page = self.client.get("/").content.decode()
        self.assertIn("待人事审核的事项", page)
        self.assertIn("/staff/reviews/", page)
        self.client.login(username=self.hr_b.username, password=PASSWORD)
        self.assertNotIn("待人事审核的事项", self.client.get("/").content.decode())
