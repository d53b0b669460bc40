"""Corrections by hand: HR gives a shift other times or adds a missing one, with the reason, audited; the
ledger follows at once. The shifts page shows each day's times, the vendor's result and Fuwu's verdict."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import AuditEntry
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.staff.models import AttendanceDay, LedgerEntry, MonthClose
from fuwu.staff.services.corrections import add_shift, clock_moment, correct_shift
from fuwu.staff.services.reconcile import reconcile_months
from tests.core.base import PASSWORD
from tests.staff.base import SHANGHAI, StaffTestCase

WEDNESDAY = dt.date(2026, 3, 4)


def at(day: dt.date, clock: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), SHANGHAI)


def standing(clause: str) -> list[LedgerEntry]:
    rows = LedgerEntry.objects.filter(clause=clause, reverses__isnull=True, reversed_by__isnull=True)
    return list(rows.order_by("pk"))


class CorrectionTests(StaffTestCase):
    def late_wednesday(self) -> AttendanceDay:
        day = self.shift_day(WEDNESDAY, "09:45", "18:02")
        reconcile_months([(self.worker, WEDNESDAY.replace(day=1))], by=None)
        return day

    def test_a_correction_reverses_the_fine_adds_the_new_one_and_keeps_the_reason(self) -> None:
        day = self.late_wednesday()
        (old,) = standing("p01.3.1")
        self.assertEqual((old.amount, old.because), (Decimal("50.00"), "迟到45分钟"))
        hr = self.by_role[Role.HR_FINANCE]
        done = correct_shift(
            day,
            clock_in=at(WEDNESDAY, "09:12"),
            clock_out=day.clock_out,
            reason="考勤机故障，主管确认",
            by=hr,
        )
        self.assertEqual((done.ledger.added, done.ledger.reversed), (2, 2))  # the fine and the bonus's reason
        self.assertTrue(LedgerEntry.objects.filter(reverses=old, amount=Decimal("-50.00")).exists())
        (new,) = standing("p01.3.1")
        self.assertEqual(
            (new.amount, new.because, new.ref), (Decimal("10.00"), "迟到12分钟", f"day:{day.pk}")
        )
        day.refresh_from_db()
        self.assertEqual((day.clock_in, day.correction), (at(WEDNESDAY, "09:12"), "考勤机故障，主管确认"))
        entry = AuditEntry.objects.get(action="attendance.correct")
        assert entry.before is not None and entry.after is not None
        self.assertEqual(entry.actor, hr)
        self.assertEqual(entry.after["correction"], "考勤机故障，主管确认")
        self.assertNotEqual(entry.before["clock_in"], entry.after["clock_in"])

    def test_a_correction_in_a_closed_month_lands_in_the_next_open_one(self) -> None:
        day = self.late_wednesday()
        MonthClose.objects.create(site=self.site_a, month=dt.date(2026, 3, 1))
        correct_shift(
            day, clock_in=at(WEDNESDAY, "08:59"), clock_out=day.clock_out, reason="补卡审批通过",
            by=self.by_role[Role.HR_FINANCE],
        )  # fmt: skip
        reversal = LedgerEntry.objects.get(clause="p01.3.1", reverses__isnull=False)
        self.assertEqual((reversal.month, reversal.period), (dt.date(2026, 4, 1), dt.date(2026, 3, 1)))
        self.assertEqual(standing("p01.3.1"), [])

    def test_every_bad_field_is_named_and_nothing_changes(self) -> None:
        day = self.late_wednesday()
        tomorrow = timezone.now() + dt.timedelta(days=1)
        with translation.override("en"), self.assertRaises(Invalid) as refused:
            correct_shift(
                day, clock_in=tomorrow, clock_out=at(WEDNESDAY, "08:00"), reason="  ",
                by=self.by_role[Role.HR_FINANCE],
            )  # fmt: skip
        self.assertEqual(
            refused.exception.problems,
            [
                (("reason",), "Give the reason for the correction."),
                (("clock_in",), "The time is in the future."),
                (("clock_out",), "The clock-out must come after the clock-in."),
            ],
        )
        with self.assertRaises(Invalid) as far:
            correct_shift(
                day, clock_in=at(WEDNESDAY, "09:00") - dt.timedelta(days=2), clock_out=None, reason="x",
                by=self.by_role[Role.HR_FINANCE],
            )  # fmt: skip
        self.assertEqual(far.exception.problems[0][0], ("clock_in",))
        day.refresh_from_db()
        self.assertEqual(day.correction, "")
        self.assertEqual(len(standing("p01.3.1")), 1)

    def test_only_hr_of_the_persons_site_corrects(self) -> None:
        day = self.late_wednesday()
        other_hr = users.create_user(
            username="hr_b",
            password=PASSWORD,
            display_name="乙站人事",
            roles=[Role.HR_FINANCE],
            by=self.admin,
        )
        sites.add_member(self.site_b, other_hr, by=self.admin)
        for user in (self.by_role[Role.SUPERVISOR], self.worker.user, other_hr):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                correct_shift(day, clock_in=None, clock_out=None, reason="x", by=user)
        correct_shift(day, clock_in=None, clock_out=None, reason="x", by=self.by_role[Role.GENERAL_MANAGER])

    def test_a_shift_missing_from_the_export_is_added_and_judged(self) -> None:
        hr = self.by_role[Role.HR_FINANCE]
        done = add_shift(
            self.worker, day=WEDNESDAY, shift_start=dt.time(9), shift_end=dt.time(18), clock_in=None,
            clock_out=None, reason="导出文件漏了这一天，当天未到岗", by=hr,
        )  # fmt: skip
        self.assertEqual((done.day.source, done.day.correction), (None, "导出文件漏了这一天，当天未到岗"))
        (absence,) = standing("p01.3.3")
        self.assertEqual(absence.ref, f"day:{done.day.pk}")
        self.assertTrue(
            AuditEntry.objects.filter(action="attendance.add", object_pk=str(done.day.pk)).exists()
        )
        with self.assertRaises(Conflict):
            add_shift(
                self.worker, day=WEDNESDAY, shift_start=dt.time(9), shift_end=dt.time(18),
                clock_in=None, clock_out=None, reason="again", by=hr,
            )  # fmt: skip
        with self.assertRaises(Invalid) as future:
            add_shift(
                self.worker, day=timezone.localdate() + dt.timedelta(days=3), shift_start=dt.time(9),
                shift_end=dt.time(18), clock_in=None, clock_out=None, reason="x", by=hr,
            )  # fmt: skip
        self.assertEqual(future.exception.problems[0][0], ("day",))

    def test_a_night_shifts_morning_time_is_the_next_day(self) -> None:
        night = (dt.time(22), dt.time(6))
        self.assertEqual(
            clock_moment(WEDNESDAY, *night, dt.time(5, 58), SHANGHAI, after=dt.time(22, 3)),
            at(WEDNESDAY + dt.timedelta(days=1), "05:58"),
        )
        self.assertEqual(
            clock_moment(WEDNESDAY, *night, dt.time(21, 55), SHANGHAI, after=None), at(WEDNESDAY, "21:55")
        )
        day = (dt.time(9), dt.time(18))
        self.assertEqual(
            clock_moment(WEDNESDAY, *day, dt.time(0, 30), SHANGHAI, after=dt.time(9)),
            at(WEDNESDAY + dt.timedelta(days=1), "00:30"),
        )  # overtime past midnight


class ShiftsPageTests(StaffTestCase):
    def sign_in(self, role: Role) -> None:
        self.client.force_login(self.by_role[role])

    def month(self, clocks: dict[int, str]) -> None:
        """Shifts of March on the given days (day → clock-in), judged."""
        for number, clock_in in clocks.items():
            day = dt.date(2026, 3, number)
            row = self.shift_day(day, clock_in, "18:01")
            row.vendor_result = "正常"
            row.save(update_fields=["vendor_result"])
        reconcile_months([(self.worker, dt.date(2026, 3, 1))], by=None)

    def test_the_page_shows_times_the_vendors_result_and_fuwus_verdict(self) -> None:
        self.month({2: "08:57", 4: "09:45"})
        self.sign_in(Role.HR_FINANCE)
        page = self.client.get(
            "/staff/attendance/", {"employee": str(self.worker.user_id), "month": "2026-03"}
        )
        text = page.content.decode()
        self.assertEqual(page.status_code, 200)
        self.assertIn("09:45", text)
        self.assertIn("迟到45分钟 · 罚款 50.00 元", text)
        self.assertIn("厂商结果", text)
        self.assertIn("更正", text)  # HR of the site may correct

    def test_each_sees_their_own_a_manager_the_team_read_only_hr_their_sites(self) -> None:
        self.month({4: "09:45"})
        asked = {"employee": str(self.worker.user_id), "month": "2026-03"}
        for role, status, corrects in (
            (Role.EMPLOYEE, 200, False),  # their own
            (Role.SUPERVISOR, 200, False),  # the worker's manager: reads, never corrects
            (Role.HR_FINANCE, 200, True),
            (Role.GENERAL_MANAGER, 200, True),
            (Role.DISPATCHER, 404, False),  # a colleague
        ):
            with self.subTest(role=role):
                self.sign_in(role)
                response = self.client.get("/staff/attendance/", asked)
                self.assertEqual(response.status_code, status)
                if status == 200:
                    self.assertIn("迟到45分钟", response.content.decode())
                    self.assertEqual("/correct/" in response.content.decode(), corrects)
        day = AttendanceDay.objects.get()
        self.sign_in(Role.EMPLOYEE)
        self.assertIn(
            "迟到45分钟", self.client.get("/staff/attendance/", {"month": "2026-03"}).content.decode()
        )
        self.assertEqual(self.client.get(f"/staff/attendance/{day.pk}/correct/").status_code, 403)
        self.assertEqual(self.client.get("/staff/attendance/add/", asked).status_code, 403)
        self.sign_in(Role.SUPERVISOR)
        self.assertEqual(
            self.client.post(f"/staff/attendance/{day.pk}/correct/", {"reason": "x"}).status_code, 403
        )
        self.client.logout()
        self.assertEqual(self.client.get("/staff/attendance/").status_code, 302)
        outsider_hr = users.create_user(
            username="hr_b",
            password=PASSWORD,
            display_name="乙站人事",
            roles=[Role.HR_FINANCE],
            by=self.admin,
        )
        sites.add_member(self.site_b, outsider_hr, by=self.admin)
        self.client.force_login(outsider_hr)
        self.assertEqual(self.client.get("/staff/attendance/", asked).status_code, 404)
        self.assertEqual(self.client.get(f"/staff/attendance/{day.pk}/correct/").status_code, 404)
        self.assertEqual(self.client.get("/staff/attendance/add/", asked).status_code, 404)

    def test_hr_on_no_payroll_chooses_a_person_of_their_sites(self) -> None:
        self.month({4: "09:45"})
        self.sign_in(Role.HR_FINANCE)
        page = self.client.get("/staff/attendance/").content.decode()
        self.assertIn("请选择人员查看其班次", page)
        self.assertIn(f'<option value="{self.worker.user_id}">用户8 · 85089</option>', page)

    def test_hr_corrects_inline_and_the_page_comes_back_with_the_ledger_followed(self) -> None:
        self.month({4: "09:45"})
        day = AttendanceDay.objects.get()
        self.sign_in(Role.HR_FINANCE)
        url = f"/staff/attendance/{day.pk}/correct/"
        form = self.client.get(url, headers={"HX-Request": "true"}).content.decode()
        self.assertIn(f'<tr id="shift-{day.pk}"', form)
        self.assertIn('value="09:45"', form)
        wrong = self.client.post(
            url, {"clock_in": "09:12", "clock_out": "18:01"}, headers={"HX-Request": "true"}
        )
        self.assertEqual(wrong.status_code, 200)  # htmx swaps 2xx only: the form comes back with its error
        self.assertIn("这个字段是必填项", wrong.content.decode())
        done = self.client.post(
            url,
            {"clock_in": "09:12", "clock_out": "18:01", "reason": "考勤机故障"},
            headers={"HX-Request": "true"},
        )
        self.assertEqual(done.status_code, 204)
        self.assertEqual(
            done["HX-Redirect"], f"/staff/attendance/?employee={self.worker.user_id}&month=2026-03"
        )
        self.assertEqual([e.because for e in standing("p01.3.1")], ["迟到12分钟"])
        page = self.client.get(done["HX-Redirect"]).content.decode()
        self.assertIn("已更正：考勤机故障", page)
        self.assertIn("<s>迟到45分钟", page)  # the reversed fine, struck through

    def test_hr_adds_a_missing_shift_on_its_page(self) -> None:
        self.sign_in(Role.HR_FINANCE)
        url = f"/staff/attendance/add/?employee={self.worker.user_id}&month=2026-03"
        self.assertIn('value="09:00"', self.client.get(url).content.decode())
        response = self.client.post(
            url,
            {"day": "2026-03-05", "shift_start": "09:00", "shift_end": "18:00", "clock_in": "09:31",
             "clock_out": "18:00", "reason": "纸质签到表补录"},
        )  # fmt: skip
        self.assertRedirects(
            response,
            f"/staff/attendance/?employee={self.worker.user_id}&month=2026-03",
            fetch_redirect_response=False,
        )
        self.assertEqual([e.because for e in standing("p01.3.1")], ["迟到31分钟"])
        again = self.client.post(
            url,
            {"day": "2026-03-05", "shift_start": "09:00", "shift_end": "18:00", "reason": "再补一次"},
        )
        self.assertEqual(again.status_code, 422)
        self.assertIn("请更正该班次", again.content.decode())

    def test_the_pages_queries_do_not_grow_with_the_shifts(self) -> None:
        self.sign_in(Role.HR_FINANCE)
        asked = {"employee": str(self.worker.user_id), "month": "2026-03"}
        self.month({2: "09:12"})
        self.client.get("/staff/attendance/", asked)  # warm the session
        with CaptureQueriesContext(connection) as few:
            self.client.get("/staff/attendance/", asked)
        self.month({n: "09:45" for n in (3, 4, 5, 6, 9, 10, 11, 12, 13)})
        with self.assertNumQueries(len(few.captured_queries)):
            page = self.client.get("/staff/attendance/", asked)
        self.assertEqual(page.content.decode().count("迟到45分钟"), 9)
