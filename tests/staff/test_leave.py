"""Leave: asked, approved by the manager only, and judged by the engine in the month it falls in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.roles import Role
from fuwu.regulations.services import set_profile
from fuwu.staff.models import Leave, LedgerEntry
from fuwu.staff.services.leave import decide_leave, request_leave
from tests.api.base import ApiTestCase, body
from tests.core.base import PASSWORD
from tests.staff.base import SHANGHAI, StaffTestCase

THURSDAY = dt.date(2026, 3, 5)
ASKED = dt.datetime(2026, 3, 1, 10, tzinfo=SHANGHAI)


class LeaveTests(StaffTestCase):
    def ask(self, kind: str, days: str = "1", start: dt.date = THURSDAY) -> Leave:
        return request_leave(
            employee=self.worker, leave_type=kind, start=start, days=Decimal(days), by=self.worker.user,
            notified_at=ASKED,
        )  # fmt: skip

    def approve(self, leave: Leave) -> None:
        decide_leave(leave, by=self.by_role[Role.SUPERVISOR], approve=True)

    def test_personal_leave_deducts_one_and_a_half_days_wage_once_approved(self) -> None:
        self.shift_day(THURSDAY, None, None)  # the clock saw nobody: on leave, not absent
        leave = self.ask("personal")
        self.assertFalse(LedgerEntry.objects.exists())  # asked is not approved
        self.approve(leave)
        entries = {(e.clause, e.amount, e.because) for e in LedgerEntry.objects.all()}
        daily = (Decimal("4350.00") / Decimal("21.75")).quantize(Decimal("0.01"))
        self.assertIn(("p01.3.2", daily * Decimal("1.5"), "事假1天"), entries)
        self.assertNotIn("p01.3.3", {clause for clause, _a, _b in entries})  # no 旷工 for the day on leave
        self.assertEqual(LedgerEntry.objects.get(clause="p01.3.2").day, THURSDAY)

    def test_sick_leave_deducts_one_days_wage_and_annual_leave_nothing(self) -> None:
        self.approve(self.ask("sick", "0.5"))
        self.assertEqual(LedgerEntry.objects.get(clause="p01.3.2").amount, Decimal("100.00"))
        self.approve(self.ask("annual", "2", dt.date(2026, 3, 9)))
        self.shift_day(dt.date(2026, 3, 9), None, None)
        self.assertEqual(LedgerEntry.objects.filter(clause="p01.3.2").count(), 1)
        self.assertFalse(LedgerEntry.objects.filter(clause="p01.3.3").exists())

    def test_a_leave_across_the_month_end_counts_its_days_in_each_month(self) -> None:
        # Mon 30 and Tue 31 March, then Wed 1 and Thu 2 April (no holiday in between).
        self.approve(self.ask("personal", "4", dt.date(2026, 3, 30)))
        months = sorted((e.month, e.because) for e in LedgerEntry.objects.filter(clause="p01.3.2"))
        self.assertEqual(months, [(dt.date(2026, 3, 1), "事假2天"), (dt.date(2026, 4, 1), "事假2天")])

    def test_where_the_profile_has_p04_a_leave_not_notified_a_day_ahead_counts_as_absence(self) -> None:
        set_profile(self.site_a, "store", by=None)
        late = request_leave(
            employee=self.worker, leave_type="personal", start=THURSDAY, days=Decimal(1), by=self.worker.user,
            notified_at=dt.datetime(2026, 3, 5, 8, 30, tzinfo=SHANGHAI),  # the morning of the day itself
        )  # fmt: skip
        self.approve(late)
        entry = LedgerEntry.objects.get(clause="p04.9")
        self.assertEqual(
            (entry.amount, entry.because), (Decimal("600.00"), "事假1天未提前一天通知,按旷工1天处理")
        )
        self.assertFalse(LedgerEntry.objects.filter(clause="p01.3.2").exists())
        # Notified on an earlier day, the same leave is priced as p01.3.2 says.
        self.approve(self.ask("personal", "1", dt.date(2026, 3, 12)))
        self.assertEqual(LedgerEntry.objects.get(clause="p01.3.2").amount, Decimal("300.00"))

    def test_a_weekend_or_holiday_inside_a_leave_costs_nothing(self) -> None:
        # From Thursday 2 April: 2, 3 then the Qingming holiday 4–6 April, then Tuesday 7 April.
        self.approve(self.ask("personal", "3", dt.date(2026, 4, 2)))
        self.assertEqual(LedgerEntry.objects.get(clause="p01.3.2").because, "事假3天")

    def test_only_the_manager_decides_and_only_once(self) -> None:
        leave = self.ask("personal")
        for role in (Role.EMPLOYEE, Role.DISPATCHER, Role.HR_FINANCE):
            with self.subTest(role=role), self.assertRaises(PermissionDenied):
                decide_leave(leave, by=self.by_role[role], approve=True)
        self.approve(leave)
        with self.assertRaises(Conflict):
            self.approve(leave)

    def test_a_colleague_may_not_ask_for_someone_and_bad_days_are_named(self) -> None:
        with self.assertRaises(PermissionDenied):
            request_leave(
                employee=self.worker, leave_type="personal", start=THURSDAY, days=Decimal(1),
                by=self.by_role[Role.DISPATCHER],
            )  # fmt: skip
        with self.assertRaises(Invalid) as caught:
            self.ask("holiday", "0.3")
        self.assertEqual(
            [loc for loc, _msg in caught.exception.problems], [("body", "leave_type"), ("body", "days")]
        )


class LeaveApiTests(StaffTestCase, ApiTestCase):
    def test_an_employee_asks_and_the_manager_approves_through_the_api(self) -> None:
        me = self.worker.user
        answer = self.call(
            "POST",
            "/api/v1/leave",
            me,
            {"employee": me.pk, "leave_type": "personal", "start": "2026-03-05", "days": 1,
             "notified_at": "2026-03-01T10:00:00+08:00"},
        )  # fmt: skip
        self.assertEqual(answer.status_code, 201, answer.content)
        leave = body(answer)
        self.assertEqual((leave["status"], leave["employee"], leave["days"]), ("requested", me.pk, "1.0"))
        self.assertEqual(self.call("POST", f"/api/v1/leave/{leave['id']}/approve", me).status_code, 403)
        self.assertEqual(
            self.call("POST", f"/api/v1/leave/{leave['id']}/approve", self.outsider).status_code, 404
        )
        done = self.call("POST", f"/api/v1/leave/{leave['id']}/approve", self.by_role[Role.SUPERVISOR])
        self.assertEqual(body(done)["status"], "approved")
        self.assertTrue(LedgerEntry.objects.filter(clause="p01.3.2").exists())

    def test_a_bad_body_names_every_field(self) -> None:
        me = self.worker.user
        answer = self.call(
            "POST",
            "/api/v1/leave",
            me,
            {"employee": me.pk, "leave_type": "x", "start": "someday", "days": 0.3},
        )
        self.assertEqual(answer.status_code, 422)
        self.assertEqual(
            sorted(tuple(d["loc"]) for d in body(answer)["detail"]),
            [("body", "days"), ("body", "leave_type"), ("body", "start")],
        )
        unknown = self.call(
            "POST",
            "/api/v1/leave",
            me,
            {"employee": 99999, "leave_type": "sick", "start": "2026-03-05", "days": 1},
        )
        self.assertEqual(body(unknown)["detail"][0]["loc"], ["body", "employee"])


class LeavePageTests(StaffTestCase):
    def test_an_employee_asks_on_the_page_and_the_manager_approves_there(self) -> None:
        self.client.login(username=self.worker.user.username, password=PASSWORD)
        sent = self.client.post(
            "/staff/leave/", {"leave_type": "sick", "start": "2026-03-05", "days": "1", "reason": "发烧"}
        )
        self.assertEqual(sent.status_code, 302)
        leave = Leave.objects.get()
        self.assertEqual(
            self.client.post(f"/staff/leave/{leave.pk}/decide/", {"approve": "1"}).status_code, 404
        )
        self.client.logout()
        self.client.login(username=self.by_role[Role.SUPERVISOR].username, password=PASSWORD)
        self.assertContains(self.client.get("/staff/leave/"), "发烧")
        self.client.post(f"/staff/leave/{leave.pk}/decide/", {"approve": "1"})
        leave.refresh_from_db()
        self.assertEqual(leave.status, Leave.Status.APPROVED)


class UnknownYearTests(StaffTestCase):
    def test_a_leave_into_a_year_nobody_entered_is_refused_with_the_reason_not_a_crash(self) -> None:
        from fuwu.regulations.services import CalendarMissing

        leave = request_leave(
            employee=self.worker, leave_type="sick", start=dt.date(2030, 12, 30), days=Decimal(5),
            by=self.worker.user,
        )  # fmt: skip
        with self.assertRaises(CalendarMissing) as caught:
            decide_leave(leave, by=self.by_role[Role.SUPERVISOR], approve=True)
        self.assertIn("2030", caught.exception.message)
        leave.refresh_from_db()
        self.assertEqual(leave.status, Leave.Status.REQUESTED)  # nothing changed
