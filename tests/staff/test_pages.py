"""The import page, 我的奖惩 and the month view, as HR and employees use them."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fuwu.core.roles import Role
from fuwu.staff.models import AttendanceDay, LedgerEntry
from tests.core.base import PASSWORD
from tests.staff.base import StaffTestCase
from tests.staff.files import attlog, workdays_taps

MARCH_2 = dt.date(2026, 3, 2)


class StaffPageTests(StaffTestCase):
    def sign_in(self, role: Role) -> None:
        self.client.login(username=self.by_role[role].username, password=PASSWORD)

    def import_march(self, late: dict[dt.date, str] | None = None) -> None:
        taps = workdays_taps("85089", MARCH_2, dt.date(2026, 3, 6), late or {dt.date(2026, 3, 4): "09:45:00"})
        with self.captureOnCommitCallbacks(execute=True):  # the worker's task, run at once in tests
            response = self.client.post(
                "/staff/attendance/import/",
                {"site": self.site_a.pk, "file": SimpleUploadedFile("1_attlog.dat", attlog(taps))},
            )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])

    def test_hr_imports_a_clock_export_and_sees_what_it_gave(self) -> None:
        self.sign_in(Role.HR_FINANCE)
        self.import_march()
        page = self.client.get("/staff/attendance/import/").content.decode()
        self.assertIn("1_attlog.dat", page)
        self.assertEqual(AttendanceDay.objects.count(), 5)

    def test_a_bad_file_is_refused_whole_with_each_row_named(self) -> None:
        self.sign_in(Role.HR_FINANCE)
        data = attlog([("85089", "2026-03-02 08:57:14"), ("999", "2026-03-02 08:58:00")])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/staff/attendance/import/",
                {"site": self.site_a.pk, "file": SimpleUploadedFile("1_attlog.dat", data)},
            )
        self.assertEqual(response.status_code, 302)
        self.assertIn("999", self.client.get(response["Location"]).content.decode())  # the job's page
        self.assertFalse(AttendanceDay.objects.exists())

    def test_an_employee_reads_their_fines_with_the_clause_text(self) -> None:
        self.sign_in(Role.HR_FINANCE)
        self.import_march()
        self.client.logout()
        self.sign_in(Role.EMPLOYEE)
        page = self.client.get("/staff/ledger/", {"month": "2026-03"}).content.decode()
        self.assertIn("迟到45分钟", page)
        self.assertIn("p01.3.1", page)
        entry = LedgerEntry.objects.filter(clause="p01.3.1").first()
        assert entry is not None
        self.assertIn(entry.clause_text[:20], page)

    def test_nobody_reads_a_colleagues_ledger_and_only_payroll_roles_open_the_hr_pages(self) -> None:
        self.sign_in(Role.DISPATCHER)
        self.assertEqual(
            self.client.get("/staff/ledger/", {"employee": self.worker.user_id}).status_code, 404
        )
        self.assertEqual(self.client.get("/staff/attendance/import/").status_code, 403)
        self.assertEqual(self.client.get("/staff/months/").status_code, 403)
        self.client.logout()
        self.sign_in(Role.SUPERVISOR)  # the worker's manager
        self.assertEqual(
            self.client.get("/staff/ledger/", {"employee": self.worker.user_id}).status_code, 200
        )

    def test_the_month_view_adds_up_and_its_queries_do_not_grow_with_rows(self) -> None:
        self.sign_in(Role.HR_FINANCE)
        self.import_march()
        with CaptureQueriesContext(connection) as few:
            page = self.client.get("/staff/months/", {"site": str(self.site_a.pk), "month": "2026-03"})
        count = len(few.captured_queries)
        self.assertEqual(page.status_code, 200)
        self.assertIn("50.00", page.content.decode())
        self.import_march({dt.date(2026, 3, 3): "09:12:00", dt.date(2026, 3, 5): "09:31:00"})
        with CaptureQueriesContext(connection) as more:
            self.client.get("/staff/months/", {"site": str(self.site_a.pk), "month": "2026-03"})
        self.assertEqual(len(more.captured_queries), count)
