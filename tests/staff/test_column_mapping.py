"""A saved column mapping reads an export of any other layout: kept in the admin (checked, audited), and
named as the source by the import page, the API and the command."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from openpyxl import Workbook  # type: ignore[import-untyped]

from fuwu.core.models import AuditEntry
from fuwu.core.roles import Role
from fuwu.staff.forms import ColumnMappingForm
from fuwu.staff.models import AttendanceDay, AttendanceImport, ColumnMapping, Job, LedgerEntry
from fuwu.staff.samples import to_bytes
from tests.api.base import ApiTestCase, body
from tests.core.base import PASSWORD
from tests.staff.base import StaffTestCase

NAME = "门禁日报"
COLUMNS = {"employee_no": "人员编号", "name": "人员姓名", "date": "刷卡日期", "in_1": "签到", "out_1": "签退"}


def door_export() -> bytes:
    """A door system's daily report: a title row, its own headers, real Excel dates, zero-padded numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = "日报"
    sheet.append(["门禁系统考勤日报 2026年3月"])
    sheet.append(["序号", "人员编号", "人员姓名", "部门", "刷卡日期", "签到", "签退"])
    clocks = [("08:57", "18:03"), ("09:12", "18:01"), ("09:45", "18:05")]
    for number, (clock_in, clock_out) in enumerate(clocks, 1):
        day = dt.date(2026, 3, 1 + number)
        sheet.append([number, "00085089", "用户8", "工程部", day, clock_in, clock_out])
    return to_bytes(book)


class MappingTestCase(StaffTestCase, ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        ColumnMapping.objects.create(name=NAME, columns=COLUMNS, created_by=cls.admin)

    def assert_imported_through_the_mapping(self) -> None:
        batch = AttendanceImport.objects.get()
        self.assertEqual((batch.source, batch.rows, batch.source_name), (NAME, 3, NAME))
        self.assertEqual(AttendanceDay.objects.filter(employee=self.worker).count(), 3)
        fines = sorted(e.amount for e in LedgerEntry.objects.filter(kind="fine"))
        self.assertEqual(fines, [Decimal("10.00"), Decimal("50.00")])


class MappingAdminTests(MappingTestCase):
    def form(self, name: str, columns: Any) -> ColumnMappingForm:
        with translation.override("en"):
            form = ColumnMappingForm({"name": name, "columns": json.dumps(columns, ensure_ascii=False)})
            form.is_valid()
        return form

    def test_a_mapping_lacking_what_every_layout_needs_names_each_field(self) -> None:
        with translation.override("en"):
            errors = self.form("门禁流水", {"name": "姓名", "clock": "签到", "in_1": ""}).errors["columns"]
        self.assertEqual(
            errors,
            [
                "Fuwu has no field “clock”; the fields are: employee_no, name, date, shift, in_1, in_2, "
                "in_3, in_4, in_5, in_6, out_1, out_2, out_3, out_4, out_5, out_6, at, device.",
                "Give the header text of the column that holds in_1.",
                "Map date (one day a row) or at (one punch a row).",
            ],
        )
        with translation.override("en"):
            errors = self.form("x", {"date": "日期", "in_1": "签到"}).errors["columns"]
        self.assertEqual(errors, ["Map employee_no or name: the column naming each row's person."])
        with translation.override("en"):
            errors = self.form("x", {"name": "姓名", "date": "日期"}).errors["columns"]
        self.assertEqual(errors, ["Map in_1 or out_1, the day's clock times, or at for one punch a row."])
        self.assertTrue(self.form("门禁流水", {"name": "姓名", "at": "刷卡时间"}).is_valid())

    def test_a_vendors_name_or_a_long_name_is_refused(self) -> None:
        with translation.override("en"):
            self.assertEqual(
                self.form("DingTalk", COLUMNS).errors["name"],
                ["“DingTalk” is a vendor's name; give the mapping another."],
            )
            self.assertEqual(self.form("门" * 31, COLUMNS).errors["name"], ["Use at most 30 characters."])

    def test_the_admin_saves_a_mapping_in_the_audit_trail(self) -> None:
        client = Client()
        client.force_login(self.admin)
        columns = {"employee_no": "工号", "name": "姓名", "date": "日期", "at": "时间"}
        response = client.post(
            "/admin/staff/columnmapping/add/",
            {"name": "门禁流水", "columns": json.dumps(columns, ensure_ascii=False)},
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        saved = ColumnMapping.objects.get(name="门禁流水")
        self.assertEqual((saved.columns, saved.created_by), (columns, self.admin))
        entry = AuditEntry.objects.get(model_label="staff.ColumnMapping", object_pk=str(saved.pk))
        assert entry.after is not None
        self.assertEqual(
            (entry.action, entry.actor, entry.after["columns"]), ("admin.add", self.admin, columns)
        )


class MappingImportTests(MappingTestCase):
    def upload(self, source: str, user: Any = None) -> Any:
        return Client().post(
            "/api/v1/attendance/imports",
            {"file": SimpleUploadedFile("门禁.xlsx", door_export()), "site": "a", "source": source},
            HTTP_AUTHORIZATION=f"Bearer {self.token_for(user or self.by_role[Role.HR_FINANCE])}",
            HTTP_ACCEPT_LANGUAGE="en",
        )

    def test_the_api_reads_a_file_of_another_layout_by_the_mappings_name(self) -> None:
        response = self.upload(NAME)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(body(response)["source"], NAME)
        self.assert_imported_through_the_mapping()

    def test_an_unknown_source_is_refused_naming_source_and_nothing_is_imported(self) -> None:
        response = self.upload("门禁月报")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            body(response)["detail"],
            [
                {
                    "loc": ["body", "source"],
                    "msg": "Unknown source “门禁月报”: choose dingtalk, wecom, zkteco or a column mapping.",
                }
            ],
        )
        self.assertFalse(AttendanceDay.objects.exists())

    def test_without_the_mapping_the_file_is_not_recognised(self) -> None:
        response = self.upload("")
        self.assertEqual(response.status_code, 422)
        self.assertFalse(AttendanceDay.objects.exists())

    def test_the_page_offers_the_mapping_and_its_job_imports_through_it(self) -> None:
        self.client.login(username=self.by_role[Role.HR_FINANCE].username, password=PASSWORD)
        page = self.client.get("/staff/attendance/import/").content.decode()
        self.assertIn(f'<option value="{NAME}">列映射：{NAME}</option>', page)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/staff/attendance/import/",
                {
                    "site": self.site_a.pk,
                    "source": NAME,
                    "file": SimpleUploadedFile("门禁.xlsx", door_export()),
                },
            )
        job = Job.objects.get()
        self.assertRedirects(response, f"/staff/attendance/imports/{job.pk}/", fetch_redirect_response=False)
        self.assertEqual((job.source, Job.objects.get().state), (NAME, "done"))
        self.assert_imported_through_the_mapping()

    def test_the_command_takes_the_mappings_name(self) -> None:
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "门禁.xlsx"
        path.write_bytes(door_export())
        with self.assertRaises(CommandError) as refused:
            call_command("import", "attendance", str(path), "--site", "a", "--source", "门禁月报")
        self.assertIn("门禁月报", str(refused.exception))
        out = io.StringIO()
        call_command("import", "attendance", str(path), "--site", "a", "--source", NAME, stdout=out)
        self.assertIn(f"3 shifts of 1 people (2026-03-02 to 2026-03-04) from {NAME}", out.getvalue())
        self.assert_imported_through_the_mapping()
