"""POST /months/{site}/{YYYY-MM}/close and GET /months/{site}/{YYYY-MM}/payroll.xlsx: the contract's body,
a second close 409, an open month's payroll 409, roles 403, another site 404, a bad month 422."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.staff.models import MonthClose, PayrollLine
from tests.core.base import PASSWORD
from tests.staff.close_base import MARCH, CloseTestCase

CLOSE = "/api/v1/months/a/2026-03/close"
PAYROLL = "/api/v1/months/a/2026-03/payroll.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MonthApiTests(CloseTestCase):
    def call(self, method: str, url: str, who: User, data: Any = None) -> Any:
        self.client.logout()
        self.client.login(username=who.username, password=PASSWORD)
        if method == "GET":
            return self.client.get(url)
        return self.client.post(url, data if data is not None else {}, content_type="application/json")

    def test_hr_closes_a_month_and_a_second_close_is_409(self) -> None:
        self.month_of_workdays(late={dt.date(2026, 3, 4): "09:45"})
        response = self.call("POST", CLOSE, self.hr)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(
            {key: body[key] for key in ("site", "month", "state", "employees", "needs_review")},
            {"site": "a", "month": "2026-03", "state": "closed", "employees": 1, "needs_review": 0},
        )
        self.assertEqual(
            body["totals"],
            {
                "wage": "4350.00", "bonus": "200.00", "rewards": "0.00", "fines": "50.00",
                "deductions": "200.00", "compensation": "0.00", "floor_relief": "0.00", "net": "4300.00",
            },
        )  # fmt: skip
        self.assertEqual(body["closed_by"], self.hr.pk)
        again = self.call("POST", CLOSE, self.gm)
        self.assertEqual(again.status_code, 409)
        self.assertIn("已经月结", again.json()["detail"])
        self.assertEqual(MonthClose.objects.count(), 1)
        by_id = self.call("POST", f"/api/v1/months/{self.site_a.pk}/2026-04/close", self.gm)
        self.assertEqual((by_id.status_code, by_id.json()["month"]), (200, "2026-04"))

    def test_roles_sites_and_months_are_checked(self) -> None:
        for role in (Role.DISPATCHER, Role.SUPERVISOR, Role.EMPLOYEE):
            self.assertEqual(self.call("POST", CLOSE, self.by_role[role]).status_code, 403)
            self.assertEqual(self.call("GET", PAYROLL, self.by_role[role]).status_code, 403)
        self.assertEqual(self.call("POST", CLOSE, self.hr_b).status_code, 404)
        self.assertEqual(self.call("POST", "/api/v1/months/nowhere/2026-03/close", self.hr).status_code, 404)
        bad = self.call("POST", "/api/v1/months/a/2026-13/close", self.hr)
        self.assertEqual(bad.status_code, 422)
        self.assertEqual(bad.json()["detail"][0]["loc"], ["path", "month"])
        self.assertEqual(self.call("POST", "/api/v1/months/a/2099-01/close", self.hr).status_code, 409)
        self.assertEqual(self.call("POST", CLOSE, self.hr, "[]").status_code, 422)
        self.assertFalse(MonthClose.objects.exists())

    def test_the_payroll_of_a_closed_month_and_409_before(self) -> None:
        self.month_of_workdays()
        before = self.call("GET", PAYROLL, self.hr)
        self.assertEqual(before.status_code, 409)
        self.assertIn("尚未月结", before.json()["detail"])
        self.call("POST", CLOSE, self.hr)
        response = self.call("GET", PAYROLL, self.gm)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], XLSX)
        self.assertIn('attachment; filename="payroll-a-2026-03.xlsx"', response["Content-Disposition"])
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        line = PayrollLine.objects.get(close__month=MARCH)
        self.assertEqual(book["工资表"]["J3"].value, float(line.net))
        self.assertEqual(self.call("GET", PAYROLL.replace("/a/", "/b/"), self.hr).status_code, 404)
