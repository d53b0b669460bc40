"""What an import lists for HR, never acts on: the days where the vendor's own verdict and Fuwu's ledger
disagree, and the leave in the export that differs from the leave approved in Fuwu."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from fuwu.core.models import AuditEntry
from fuwu.core.roles import Role
from fuwu.staff.models import AttendanceDay, Job, Leave, LedgerEntry
from fuwu.staff.samples import Day, dingtalk_workbook
from fuwu.staff.samples import Leave as LeaveRow
from fuwu.staff.services.attendance import import_attendance
from fuwu.staff.services.leave import decide_leave, request_leave
from tests.api.base import ApiTestCase, body
from tests.core.base import PASSWORD
from tests.staff.base import StaffTestCase

NO, NAME = "85089", "用户8"  # the worker of StaffTestCase
WEEK = [dt.date(2026, 3, 2) + dt.timedelta(days=n) for n in range(5)]  # Monday 2 … Friday 6 March
OK = (("正常", "正常"),)


def verdict_week() -> list[Day]:
    """Monday on time; Tuesday 12 minutes late that the vendor calls 正常; Wednesday late both agree on;
    Thursday absent, both agree; Friday's missing clock-out the vendor calls 缺卡 and Fuwu does not fine."""
    return [
        Day(NO, NAME, WEEK[0], (("08:57", "18:03"),), results=OK),
        Day(NO, NAME, WEEK[1], (("09:12", "18:01"),), results=OK),
        Day(NO, NAME, WEEK[2], (("09:45", "18:05"),), results=(("迟到", "正常"),)),
        Day(NO, NAME, WEEK[3], (("", ""),), results=(("缺卡", "缺卡"),)),
        Day(NO, NAME, WEEK[4], (("08:50", ""),), results=(("正常", "缺卡"),)),
    ]


class ComparisonTestCase(StaffTestCase, ApiTestCase):
    def upload(self, data: bytes) -> Any:
        return Client().post(
            "/api/v1/attendance/imports",
            {"file": SimpleUploadedFile("考勤报表.xlsx", data), "site": "a"},
            HTTP_AUTHORIZATION=f"Bearer {self.token_for(self.by_role[Role.HR_FINANCE])}",
        )

    def approved(self, kind: str, day: dt.date) -> Leave:
        leave = request_leave(
            employee=self.worker, leave_type=kind, start=day, days=Decimal(1), by=self.worker.user
        )
        decide_leave(leave, by=self.by_role[Role.SUPERVISOR], approve=True)
        return leave


class VerdictTests(ComparisonTestCase):
    def test_the_api_lists_the_days_where_the_vendor_and_fuwu_disagree(self) -> None:
        response = self.upload(dingtalk_workbook(verdict_week()))
        self.assertEqual(response.status_code, 201, response.content)
        found = body(response)["disagreements"]
        shifts = {row.day: row.pk for row in AttendanceDay.objects.filter(employee=self.worker)}
        self.assertEqual(
            [(d["employee"], d["date"], d["shift"], d["vendor"]) for d in found],
            [
                (self.worker.user_id, "2026-03-03", shifts[WEEK[1]], ["正常"]),  # Fuwu fines, the vendor not
                (self.worker.user_id, "2026-03-06", shifts[WEEK[4]], ["正常", "缺卡"]),  # the other way
            ],
        )
        self.assertIn("迟到12分钟", found[0]["fuwu"])
        self.assertEqual(found[1]["fuwu"], [])  # a missing clock-out is no early leave (p01.3.1)
        self.assertEqual(body(response)["leave_differences"], [])

    def test_each_shift_keeps_the_vendors_words_and_a_new_verdict_replaces_them_audited(self) -> None:
        import_attendance(
            site=self.site_a, data=dingtalk_workbook(verdict_week()), filename="a.xlsx", by=None
        )
        friday = AttendanceDay.objects.get(employee=self.worker, day=WEEK[4])
        self.assertEqual(friday.vendor_result, "正常、缺卡")
        days = verdict_week()
        days[4] = Day(NO, NAME, WEEK[4], (("08:50", ""),), results=(("正常", "管理员改为正常"),))
        done = import_attendance(site=self.site_a, data=dingtalk_workbook(days), filename="b.xlsx", by=None)
        friday.refresh_from_db()
        self.assertEqual(friday.vendor_result, "正常、管理员改为正常")
        entry = AuditEntry.objects.get(action="attendance.reimport", object_pk=str(friday.pk))
        assert entry.before is not None and entry.after is not None
        self.assertEqual(
            (entry.before["vendor_result"], entry.after["vendor_result"]),
            ("正常、缺卡", friday.vendor_result),
        )
        self.assertEqual([d.date for d in done.comparison.disagreements], [WEEK[1]])
        self.assertEqual(LedgerEntry.objects.filter(reverses__isnull=False).count(), 0)  # never acted on

    def test_the_jobs_page_lists_them_with_a_link_to_the_shifts(self) -> None:
        self.client.login(username=self.by_role[Role.HR_FINANCE].username, password=PASSWORD)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                "/staff/attendance/import/",
                {
                    "site": self.site_a.pk,
                    "file": SimpleUploadedFile("a.xlsx", dingtalk_workbook(verdict_week())),
                },
            )
        job = Job.objects.get()
        self.assertEqual(len(job.problems["disagreements"]), 2)
        page = self.client.get(f"/staff/attendance/imports/{job.pk}/").content.decode()
        self.assertIn("厂商考勤结果与系统判定不一致的日子", page)
        self.assertIn(f"/staff/attendance/?employee={self.worker.user_id}&amp;month=2026-03", page)
        self.assertIn("正常、缺卡", page)
        self.assertIn("无罚款或扣款", page)

    def test_the_command_says_how_many(self) -> None:
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "考勤报表.xlsx"
        path.write_bytes(dingtalk_workbook(verdict_week()))
        out = io.StringIO()
        call_command("import", "attendance", str(path), "--site", "a", stdout=out)
        self.assertIn("2 day(s) where the vendor's verdict and Fuwu's disagree", out.getvalue())
        self.assertIn("0 leave difference(s)", out.getvalue())

    def test_a_clock_export_without_verdicts_lists_none(self) -> None:
        from tests.staff.files import attlog

        data = attlog([("85089", "2026-03-02 09:31:00"), ("85089", "2026-03-02 18:01:00")])
        done = import_attendance(site=self.site_a, data=data, filename="1_attlog.dat", by=None)
        self.assertEqual(done.comparison.disagreements, ())
        self.assertTrue(LedgerEntry.objects.filter(clause="p01.3.1").exists())


class LeaveComparisonTests(ComparisonTestCase):
    def test_leave_in_the_export_and_leave_approved_in_fuwu_are_compared_day_by_day(self) -> None:
        self.approved("sick", WEEK[0])  # Monday: approved in Fuwu, the export shows a normal day
        self.approved("annual", WEEK[2])  # Wednesday: Fuwu says annual leave, the export 病假
        days = [
            Day(NO, NAME, WEEK[0], (("", ""),), results=(("", ""),)),
            Day(NO, NAME, WEEK[1], (("", ""),), results=(("年假", "年假"),)),  # leave named in the day row
            Day(NO, NAME, WEEK[2], (("", ""),), results=(("病假", "病假"),)),
            Day(NO, NAME, WEEK[3], (("", ""),), results=(("事假", "事假"),)),
            Day(NO, NAME, WEEK[4], (("08:55", "18:00"),)),
        ]
        leave = [
            LeaveRow(NO, NAME, "病假", "2026-03-04 上午 ~ 2026-03-04 下午", "8", "1"),
            LeaveRow(NO, NAME, "事假", "2026-03-05 上午 ~ 2026-03-05 下午", "8", "1"),
            LeaveRow(NO, NAME, "事假", "2026-03-06 上午 ~ 2026-03-06 下午", "8", "1", status="审批中"),
        ]
        response = self.upload(dingtalk_workbook(days, leave))
        self.assertEqual(response.status_code, 201, response.content)
        me = self.worker.user_id
        self.assertEqual(
            body(response)["leave_differences"],
            [
                {"employee": me, "side": "fuwu", "from": "2026-03-02", "to": "2026-03-02",
                 "export_kind": "", "fuwu_kind": "sick"},
                {"employee": me, "side": "export", "from": "2026-03-03", "to": "2026-03-03",
                 "export_kind": "年假", "fuwu_kind": ""},
                {"employee": me, "side": "kind", "from": "2026-03-04", "to": "2026-03-04",
                 "export_kind": "病假", "fuwu_kind": "annual"},
                {"employee": me, "side": "export", "from": "2026-03-05", "to": "2026-03-05",
                 "export_kind": "事假", "fuwu_kind": ""},
            ],
        )  # fmt: skip
        # Listed, never acted on: Fuwu's leave stands as approved, nothing new is asked for.
        self.assertEqual(Leave.objects.count(), 2)

    def test_a_run_of_days_is_one_line_and_agreeing_days_are_not_listed(self) -> None:
        self.approved("personal", WEEK[1])
        days = [Day(NO, NAME, d, (("", ""),), results=(("事假", "事假"),)) for d in WEEK]
        done = import_attendance(site=self.site_a, data=dingtalk_workbook(days), filename="a.xlsx", by=None)
        self.assertEqual(
            [(d.side, d.first, d.last, d.export_kind) for d in done.comparison.leave],
            [("export", WEEK[0], WEEK[0], "事假"), ("export", WEEK[2], WEEK[4], "事假")],
        )
