"""The appeal pages: from 我的奖惩 the employee appeals a shift's fine on its page (the shift, what it gave
with the clause, the times they say are right), the decider upholds or dismisses on the appeal's page,
and the deciders' list shows appeals of shifts and of incidents together, what waits first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fuwu.core.roles import Role
from fuwu.staff.models import Appeal, AttendanceDay, LedgerEntry
from fuwu.staff.services.appeals import appeal_incident, appeal_shift, decide_appeal
from fuwu.staff.services.employees import create_employee
from fuwu.staff.services.incidents import approve_incident, record_incident
from fuwu.staff.services.reconcile import reconcile_months
from tests.staff.test_shift_appeals import MARCH, WEDNESDAY, ShiftAppealTestCase, at


class AppealPageTestCase(ShiftAppealTestCase):
    def as_user(self, user: object) -> None:
        self.client.force_login(user)  # type: ignore[arg-type]

    def late_days(self, count: int) -> list[AttendanceDay]:
        """``count`` more late shifts of the worker in March after the Wednesday, judged."""
        days = [
            self.shift_day(WEDNESDAY + dt.timedelta(days=n), "09:45", "18:00") for n in range(1, count + 1)
        ]
        reconcile_months([(self.worker, MARCH)], by=None)
        return days


class ShiftAppealPageTests(AppealPageTestCase):
    def test_the_employee_appeals_from_the_ledger_and_the_supervisor_upholds_on_the_appeal_page(self) -> None:
        form_url = f"/staff/attendance/{self.late.pk}/appeal/"
        self.as_user(self.worker.user)
        ledger = self.client.get("/staff/ledger/?month=2026-03")
        self.assertContains(ledger, f'href="{form_url}"', count=2)  # the fine and the bonus forfeit
        page = self.client.get(form_url)
        self.assertContains(page, "09:00–18:00")
        self.assertContains(page, "09:45")
        self.assertContains(page, "迟到45分钟")
        self.assertContains(page, "p01.3.1")
        self.assertContains(page, 'value="09:45"')  # the clock's times, to change the wrong one
        self.assertContains(page, 'name="reason"')
        unchanged = self.client.post(
            form_url, {"clock_in": "09:45", "clock_out": "18:02", "reason": "机器坏了"}
        )
        self.assertContains(
            unchanged, "请填写您认为正确的时间", status_code=422
        )  # the clock's own: nothing claimed
        sent = self.client.post(
            form_url, {"clock_in": "08:58", "clock_out": "18:02", "reason": "考勤机故障，保安可作证"}
        )
        appeal = Appeal.objects.get()
        self.assertRedirects(sent, f"/staff/appeals/{appeal.pk}/")
        self.assertEqual((appeal.clock_in, appeal.clock_out), (at(WEDNESDAY, "08:58"), None))
        self.assertRedirects(self.client.get(form_url), f"/staff/appeals/{appeal.pk}/")
        ledger = self.client.get("/staff/ledger/?month=2026-03")
        self.assertNotContains(ledger, f'href="{form_url}"')
        self.assertContains(ledger, f'href="/staff/appeals/{appeal.pk}/"', count=2)
        self.assertContains(ledger, "申诉：待处理")
        mine = self.client.get(f"/staff/appeals/{appeal.pk}/")
        self.assertNotContains(mine, 'name="upheld"')
        self.assertEqual(
            self.client.post(f"/staff/appeals/{appeal.pk}/decide/", {"upheld": "1"}).status_code, 403
        )

        self.as_user(self.supervisor)
        page = self.client.get(f"/staff/appeals/{appeal.pk}/")
        self.assertContains(page, "08:58")
        self.assertContains(page, "考勤机故障，保安可作证")
        self.assertContains(page, 'name="upheld"')
        done = self.client.post(f"/staff/appeals/{appeal.pk}/decide/", {"upheld": "1", "note": "监控属实"})
        self.assertRedirects(done, f"/staff/appeals/{appeal.pk}/")
        page = self.client.get(f"/staff/appeals/{appeal.pk}/")
        self.assertContains(page, "-50.00")
        self.assertContains(page, "-200.00")
        self.assertContains(page, "监控属实")
        self.assertNotContains(page, 'name="upheld"')
        again = self.client.post(f"/staff/appeals/{appeal.pk}/decide/", {"upheld": "0"}, follow=True)
        self.assertEqual([m.level_tag for m in again.context["messages"]][-1], "error")
        self.as_user(self.worker.user)
        self.assertContains(self.client.get("/staff/ledger/?month=2026-03"), "申诉：申诉成立")

    def test_a_shift_without_a_charge_shows_why_and_no_form(self) -> None:
        on_time = self.shift_day(WEDNESDAY + dt.timedelta(days=1), "08:55", "18:00")
        reconcile_months([(self.worker, MARCH)], by=None)
        self.as_user(self.worker.user)
        page = self.client.get(f"/staff/attendance/{on_time.pk}/appeal/")
        self.assertContains(page, "没有可申诉的罚款或扣款")
        self.assertNotContains(page, 'name="reason"')
        sent = self.client.post(
            f"/staff/attendance/{on_time.pk}/appeal/", {"clock_in": "08:50", "reason": "x"}
        )
        self.assertEqual(sent.status_code, 409)
        self.assertFalse(Appeal.objects.exists())

    def test_only_the_employee_appeals_others_who_see_the_shift_get_403_the_rest_404(self) -> None:
        form_url = f"/staff/attendance/{self.late.pk}/appeal/"
        for role, status in (
            (Role.SUPERVISOR, 403),  # the manager sees the shift but it is not theirs
            (Role.HR_FINANCE, 403),
            (Role.DISPATCHER, 404),  # a colleague
        ):
            with self.subTest(role=role):
                self.as_user(self.by_role[role])
                self.assertEqual(self.client.get(form_url).status_code, status)
                self.assertEqual(self.client.post(form_url, {"reason": "x"}).status_code, status)
        self.as_user(self.outsider)
        self.assertEqual(self.client.get(form_url).status_code, 404)
        appeal = self.appeal()
        self.assertEqual(self.client.get(f"/staff/appeals/{appeal.pk}/").status_code, 404)
        self.assertEqual(
            self.client.post(f"/staff/appeals/{appeal.pk}/decide/", {"upheld": "1"}).status_code, 404
        )
        self.as_user(self.by_role[Role.HR_FINANCE])  # sees the site's appeals, decides none
        page = self.client.get(f"/staff/appeals/{appeal.pk}/")
        self.assertContains(page, "考勤机故障")
        self.assertNotContains(page, 'name="upheld"')
        self.assertEqual(
            self.client.post(f"/staff/appeals/{appeal.pk}/decide/", {"upheld": "1"}).status_code, 403
        )
        self.assertEqual(Appeal.objects.get().state, Appeal.State.PENDING)


class AppealListTests(AppealPageTestCase):
    def incident_appeal(self) -> Appeal:
        incident = record_incident(
            employee=self.worker, clause="p01.1", at=at(WEDNESDAY, "10:30"), note="仪容不整",
            by=self.supervisor,
        )  # fmt: skip
        approve_incident(incident, by=self.supervisor)
        return appeal_incident(incident, reason="当天穿的是工服", by=self.worker.user)

    def test_pending_first_both_kinds_each_linking_to_its_page_and_each_sees_their_scope(self) -> None:
        decided = self.appeal()
        decide_appeal(decided, upheld=False, note="迟到属实", by=self.supervisor)
        (later,) = self.late_days(1)
        waiting = appeal_shift(
            later, reason="忘记打卡，实际 08:50 到", clock_in=at(later.day, "08:50"), clock_out=None,
            by=self.worker.user,
        )  # fmt: skip
        incident = self.incident_appeal()
        self.as_user(self.supervisor)
        page = self.client.get("/staff/appeals/")
        shown = [appeal.pk for appeal, _url in page.context["lines"]]
        self.assertEqual(shown, [incident.pk, waiting.pk, decided.pk])  # pending first, then the newest
        self.assertContains(page, f'href="/staff/incidents/{incident.incident_id}/#appeal"')
        self.assertContains(page, f'href="/staff/appeals/{waiting.pk}/"')
        self.assertContains(page, "当天穿的是工服")
        self.assertRedirects(
            self.client.get(f"/staff/appeals/{incident.pk}/"),
            f"/staff/incidents/{incident.incident_id}/#appeal",
            fetch_redirect_response=False,
        )
        dismissed = self.client.get("/staff/appeals/?state=dismissed")
        self.assertEqual([a.pk for a, _url in dismissed.context["lines"]], [decided.pk])
        self.as_user(self.worker.user)
        self.assertEqual(len(self.client.get("/staff/appeals/").context["lines"]), 3)  # their own
        for user in (self.outsider, self.by_role[Role.DISPATCHER]):
            with self.subTest(user=user.username):
                self.as_user(user)
                self.assertEqual(self.client.get("/staff/appeals/").context["lines"], [])
        self.as_user(self.by_role[Role.GENERAL_MANAGER])
        self.assertEqual(len(self.client.get("/staff/appeals/").context["lines"]), 3)
        self.assertContains(self.client.get("/"), 'href="/staff/appeals/"')  # in the deciders' menu
        self.as_user(self.worker.user)
        self.assertNotContains(self.client.get("/"), 'href="/staff/appeals/"')

    def test_the_lists_queries_do_not_grow_with_rows(self) -> None:
        self.as_user(self.supervisor)

        def counted() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get("/staff/appeals/").status_code, 200)
            return len(queries)

        self.appeal()
        self.incident_appeal()
        counted()  # the session's first read
        few = counted()
        for day in self.late_days(4):
            appeal_shift(
                day, reason="打卡机慢", clock_in=at(day.day, "08:59"), clock_out=None, by=self.worker.user
            )
        self.assertEqual(Appeal.objects.count(), 6)
        self.assertEqual(counted(), few)

    def test_my_ledgers_queries_do_not_grow_with_appeals(self) -> None:
        self.as_user(self.worker.user)

        def counted() -> int:
            with CaptureQueriesContext(connection) as queries:
                page = self.client.get("/staff/ledger/?month=2026-03")
            self.assertEqual(page.status_code, 200)
            return len(queries)

        self.appeal()
        counted()
        few = counted()
        days = self.late_days(4)
        for day in days[:3]:
            appeal_shift(
                day, reason="打卡机慢", clock_in=at(day.day, "08:59"), clock_out=None, by=self.worker.user
            )
        self.assertEqual(counted(), few)
        page = self.client.get("/staff/ledger/?month=2026-03").content.decode()
        self.assertEqual(page.count(f'href="/staff/attendance/{days[3].pk}/appeal/"'), 1)

    def test_a_manager_reading_someones_ledger_gets_no_appeal_links(self) -> None:
        self.as_user(self.supervisor)
        page = self.client.get(f"/staff/ledger/?month=2026-03&employee={self.worker.user_id}")
        self.assertContains(page, "迟到45分钟")
        self.assertNotContains(page, "/appeal/")
        self.assertEqual(LedgerEntry.objects.filter(amount=Decimal("50.00")).count(), 1)

    def test_a_guard_on_the_site_sees_no_appeals_of_others(self) -> None:
        create_employee(
            user=self.by_role[Role.GUARD], site=self.site_a, shift=self.day_shift,
            monthly_wage=Decimal("5000.00"), hired_on=dt.date(2024, 1, 1), by=self.admin,
        )  # fmt: skip
        appeal = self.appeal()
        self.as_user(self.by_role[Role.GUARD])
        self.assertEqual(self.client.get("/staff/appeals/").context["lines"], [])
        self.assertEqual(self.client.get(f"/staff/appeals/{appeal.pk}/").status_code, 404)
