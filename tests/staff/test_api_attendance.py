"""POST /attendance/imports, GET /attendance and GET /ledger: a clock export becomes shifts and fines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fuwu.core.roles import Role
from fuwu.staff.models import AttendanceDay, AttendanceImport, LedgerEntry
from tests.api.base import ApiTestCase, body
from tests.staff.base import SHANGHAI, StaffTestCase
from tests.staff.files import attlog, workdays_taps

MARCH_2 = dt.date(2026, 3, 2)


class StaffApiTestCase(StaffTestCase, ApiTestCase):
    def upload(self, data: bytes, user: Any, site: str = "a", name: str = "1_attlog.dat") -> Any:
        return Client().post(
            "/api/v1/attendance/imports",
            {"file": SimpleUploadedFile(name, data), "site": site},
            HTTP_AUTHORIZATION=f"Bearer {self.token_for(user)}",
            HTTP_ACCEPT_LANGUAGE="en",
        )

    def march_file(self) -> bytes:
        late = {dt.date(2026, 3, 3): "09:12:05", dt.date(2026, 3, 4): "09:45:00"}
        return attlog(workdays_taps("85089", MARCH_2, dt.date(2026, 3, 6), late))


class ImportApiTests(StaffApiTestCase):
    def test_an_attlog_becomes_shifts_and_its_fines_are_in_the_ledger_at_once(self) -> None:
        response = self.upload(self.march_file(), self.by_role[Role.HR_FINANCE])
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            body(response),
            {
                "id": AttendanceImport.objects.get().pk,
                "source": "zkteco",
                "rows": 5,
                "employees": 1,
                "from": "2026-03-02",
                "to": "2026-03-06",
                "disagreements": [],  # a clock's attlog gives no verdicts of its own
                "leave_differences": [],
            },
        )
        day = AttendanceDay.objects.get(day=MARCH_2)
        self.assertEqual(day.clock_in, dt.datetime(2026, 3, 2, 8, 57, 14, tzinfo=SHANGHAI))  # the first tap
        fines = sorted(
            (e.amount, e.because) for e in LedgerEntry.objects.filter(kind="fine", employee=self.worker)
        )
        self.assertEqual(fines, [(Decimal("10.00"), "迟到12分钟"), (Decimal("50.00"), "迟到45分钟")])

    def test_importing_the_same_file_again_changes_no_entry(self) -> None:
        hr = self.by_role[Role.HR_FINANCE]
        self.assertEqual(self.upload(self.march_file(), hr).status_code, 201)
        entries = LedgerEntry.objects.count()
        self.assertEqual(self.upload(self.march_file(), hr).status_code, 201)
        self.assertEqual(LedgerEntry.objects.count(), entries)
        self.assertEqual(AttendanceDay.objects.count(), 5)

    def test_a_file_with_unknown_people_imports_nothing_and_names_each_row(self) -> None:
        taps = [*workdays_taps("85089", MARCH_2, MARCH_2, {}), ("777", "2026-03-02 08:59:00")]
        taps += [("778", "2026-03-02 09:01:00")]
        response = self.upload(attlog(taps), self.by_role[Role.HR_FINANCE])
        self.assertEqual(response.status_code, 422)
        detail = body(response)["detail"]
        self.assertEqual([d["loc"] for d in detail], [["file", "row 4"], ["file", "row 5"]])
        self.assertIn("777", detail[0]["msg"])
        self.assertFalse(AttendanceDay.objects.exists())
        self.assertFalse(AttendanceImport.objects.exists())
        self.assertFalse(LedgerEntry.objects.exists())

    def test_only_payroll_roles_import_and_only_into_their_sites(self) -> None:
        for role in (Role.EMPLOYEE, Role.SUPERVISOR, Role.DISPATCHER):
            with self.subTest(role=role):
                self.assertEqual(self.upload(self.march_file(), self.by_role[role]).status_code, 403)
        response = self.upload(self.march_file(), self.by_role[Role.HR_FINANCE], site="b")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(body(response)["detail"][0]["loc"], ["body", "site"])
        self.assertFalse(AttendanceDay.objects.exists())
        self.assertEqual(Client().post("/api/v1/attendance/imports").status_code, 401)


class ReadApiTests(StaffApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.assertEqual(self.upload(self.march_file(), self.by_role[Role.HR_FINANCE]).status_code, 201)

    def test_each_sees_their_own_a_manager_the_team_hr_the_site(self) -> None:
        me = self.worker.user_id
        for role, sees in (
            (Role.EMPLOYEE, True),  # their own
            (Role.SUPERVISOR, True),  # the worker's manager
            (Role.HR_FINANCE, True),  # site a's HR
            (Role.GENERAL_MANAGER, True),
            (Role.DISPATCHER, False),  # a colleague
            (Role.TECHNICIAN, False),
        ):
            with self.subTest(role=role):
                shifts = body(self.call("GET", "/api/v1/attendance", self.by_role[role]))["results"]
                entries = body(self.call("GET", "/api/v1/ledger?month=2026-03", self.by_role[role]))[
                    "results"
                ]
                self.assertEqual(bool(shifts), sees)
                self.assertEqual(bool(entries), sees)
                self.assertTrue(all(row["employee"] == me for row in shifts + entries))
        outsider = body(self.call("GET", "/api/v1/ledger", self.outsider))["results"]
        self.assertEqual(outsider, [])

    def test_a_ledger_entry_reads_as_the_contract_writes_it(self) -> None:
        rows = body(self.call("GET", "/api/v1/ledger?month=2026-03", self.by_role[Role.EMPLOYEE]))["results"]
        fine = next(row for row in rows if row["kind"] == "fine" and row["amount"] == "50.00")
        self.assertEqual(
            set(fine),
            {
                "id",
                "employee",
                "kind",
                "amount",
                "clause",
                "pack_version",
                "because",
                "at",
                "month",
                "reverses",
                "state",
            },
        )
        self.assertEqual(
            (
                fine["clause"],
                fine["pack_version"],
                fine["because"],
                fine["month"],
                fine["reverses"],
                fine["state"],
            ),
            ("p01.3.1", 1, "迟到45分钟", "2026-03", None, "open"),
        )

    def test_a_bad_month_is_named(self) -> None:
        response = self.call("GET", "/api/v1/ledger?month=2026-13", self.by_role[Role.EMPLOYEE])
        self.assertEqual(response.status_code, 422)
        self.assertEqual(body(response)["detail"][0]["loc"], ["query", "month"])

    def test_the_ledger_and_the_shifts_take_the_same_queries_however_many_rows(self) -> None:
        hr = self.by_role[Role.HR_FINANCE]
        self.call("GET", "/api/v1/ledger", hr)  # warm the token
        with CaptureQueriesContext(connection) as few:
            self.call("GET", "/api/v1/ledger", hr)
        count = len(few.captured_queries)  # now: the import below runs more queries than Django keeps
        self.assertLessEqual(count, 3)  # the token's user with access, the entries
        more = attlog(
            workdays_taps(
                "85089", dt.date(2026, 4, 1), dt.date(2026, 4, 30), {dt.date(2026, 4, 7): "09:31:00"}
            )
        )
        self.assertEqual(self.upload(more, hr).status_code, 201)
        with self.assertNumQueries(count):
            self.call("GET", "/api/v1/ledger", hr)
        with self.assertNumQueries(count):
            self.call("GET", "/api/v1/attendance", hr)
