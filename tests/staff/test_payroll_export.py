"""The payroll workbook of a closed month, read back with openpyxl and checked cell by cell: sheet 1 against
the payroll lines and its totals row against the column sums, sheet 2 against the ledger, and each
person's figures on sheet 1 against the sums of their items on sheet 2."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]

from fuwu.core.roles import Role
from fuwu.staff.models import Employee, LedgerEntry, MonthClose, PayrollLine
from fuwu.staff.services import employees
from tests.core.base import PASSWORD
from tests.staff.close_base import MARCH, CloseTestCase

D = Decimal
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LINE_HEADERS = [
    "工号",
    "姓名",
    "月工资",
    "全勤奖",
    "奖励",
    "罚款",
    "扣款",
    "赔偿",
    "最低工资补足",
    "实发",
    "待审核",
]
ITEM_HEADERS = ["工号", "姓名", "日期", "类别", "条款", "版本", "原因", "金额", "所属月份"]
MONEY = ("wage", "bonus", "rewards", "fines", "deductions", "compensation", "floor_relief", "net")
KIND_COLUMN = {
    "fine": "fines",
    "deduction": "deductions",
    "compensation": "compensation",
    "reward": "rewards",
}


def money(cell: Any) -> Decimal:
    assert isinstance(cell.value, int | float), (cell.coordinate, cell.value)  # a number, never text
    assert cell.number_format == "0.00", (cell.coordinate, cell.number_format)
    return D(str(cell.value)).quantize(D("0.01"))


class PayrollExportTests(CloseTestCase):
    other: Employee

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        guard = cls.by_role[Role.GUARD]
        guard.employee_no = "00B7"
        guard.save(update_fields=["employee_no"])
        cls.other = employees.create_employee(
            user=guard, site=cls.site_a, shift=cls.day_shift, monthly_wage=D("3000.00"),
            hired_on=dt.date(2025, 6, 1), by=cls.admin,
        )  # fmt: skip

    def closed_march(self) -> MonthClose:
        self.month_of_workdays(late={dt.date(2026, 3, 4): "09:45"})
        self.shift_day(dt.date(2026, 3, 2), None, None, employee=self.other)  # absent: under the floor
        self.shift_day(dt.date(2026, 3, 3), None, None, employee=self.other)
        self.incident("p01.3.11", dt.date(2026, 3, 10), cost=D("2000.00"))  # compensation over the cap
        self.incident("p01.r1", dt.date(2026, 3, 12))  # a reward
        self.incident("p01.1", dt.date(2026, 3, 12), employee=self.other)
        return self.close()

    def download(self, close: MonthClose) -> Any:
        self.client.login(username=self.hr.username, password=PASSWORD)
        response = self.client.get(f"/staff/months/{self.site_a.code}/2026-03/payroll.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], XLSX)
        self.assertIn('filename="payroll-a-2026-03.xlsx"', response["Content-Disposition"])
        return load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]

    def test_the_workbook_adds_up_cell_by_cell(self) -> None:
        close = self.closed_march()
        book = self.download(close)
        self.assertEqual(book.sheetnames, ["工资表", "明细"])
        sheet = book["工资表"]
        self.assertIn("锦绣花园小区", sheet["A1"].value)
        self.assertIn("2026-03", sheet["A1"].value)
        self.assertEqual([c.value for c in sheet[2]], LINE_HEADERS)
        lines = {
            line.employee.user.employee_no: line
            for line in PayrollLine.objects.select_related("employee__user")
        }
        rows = list(sheet.iter_rows(min_row=3))
        body, total = rows[:-1], rows[-1]
        self.assertEqual([row[0].value for row in body], ["00B7", "85089"])  # by employee number
        for row in body:
            line = lines[row[0].value]
            self.assertEqual(row[1].value, str(line.employee.user))
            for index, name in enumerate(MONEY, start=2):
                self.assertEqual(money(row[index]), getattr(line, name), (row[0].value, name))
            self.assertEqual(row[10].value, line.needs_review)
        self.assertEqual(total[0].value, "合计")
        for index, name in enumerate(MONEY, start=2):
            column = sum((money(row[index]) for row in body), D(0))
            self.assertEqual(money(total[index]), column, name)
            self.assertEqual(money(total[index]), D(close.totals[name]), name)
        self.assertEqual(total[10].value, sum(row[10].value for row in body))
        # The guardrail is visible: the cap on one, the floor on the other.
        self.assertEqual(lines["85089"].compensation, D("870.00"))
        self.assertGreater(lines["00B7"].floor_relief, 0)

    def test_each_persons_figures_are_the_sums_of_their_items(self) -> None:
        close = self.closed_march()
        book = self.download(close)
        items = book["明细"]
        self.assertEqual([c.value for c in items[2]], ITEM_HEADERS)
        rows = list(items.iter_rows(min_row=3))
        entries = LedgerEntry.objects.filter(month=MARCH)
        self.assertEqual(len(rows), entries.count())
        sums: dict[tuple[str, str], Decimal] = defaultdict(D)
        kinds = {"罚款": "fines", "扣款": "deductions", "赔偿": "compensation", "奖励": "rewards"}
        for row in rows:
            kind = kinds[str(row[3].value).split(" · ")[0]]
            sums[(row[0].value, kind)] += money(row[7])
            self.assertEqual(row[8].value, "2026-03")
            self.assertTrue(row[4].value and row[6].value)  # the clause and the reason
        for line in PayrollLine.objects.filter(close=close).select_related("employee__user"):
            number = line.employee.user.employee_no
            for name in KIND_COLUMN.values():
                self.assertEqual(sums.get((number, name), D(0)), getattr(line, name), (number, name))
        dated = [row for row in rows if row[4].value == "p01.3.1"]
        self.assertEqual(dated[0][2].value.date(), dt.date(2026, 3, 4))  # a date cell, not text

    def test_an_open_month_has_no_payroll_yet(self) -> None:
        self.client.login(username=self.hr.username, password=PASSWORD)
        response = self.client.get(f"/staff/months/{self.site_a.code}/2026-03/payroll.xlsx")
        self.assertEqual(response.status_code, 409)
        self.assertIn("尚未月结", response.content.decode())

    def test_only_hr_of_the_site_downloads_it(self) -> None:
        self.closed_march()
        url = f"/staff/months/{self.site_a.code}/2026-03/payroll.xlsx"
        self.client.login(username=self.hr_b.username, password=PASSWORD)
        self.assertEqual(self.client.get(url).status_code, 404)  # another site's month
        self.client.login(username=self.by_role[Role.SUPERVISOR].username, password=PASSWORD)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.login(username=self.hr.username, password=PASSWORD)
        self.assertEqual(
            self.client.get(f"/staff/months/{self.site_a.code}/2026-13/payroll.xlsx").status_code, 404
        )
