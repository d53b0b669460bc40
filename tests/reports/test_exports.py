"""The Excel exports open with openpyxl and carry the right rows, in local time, with phones as allowed."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from unittest import mock

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from fuwu.core.models import User
from fuwu.orders.models import Order
from fuwu.reports.exports import ORDER_HEADERS, VISIT_HEADERS
from tests.reports.base import KpiTestCase, Plan, Visit, at

DAY = dt.timedelta(days=1)


def sheets(response: Any) -> dict[str, list[tuple[Any, ...]]]:
    body = b"".join(response.streaming_content)
    book = load_workbook(io.BytesIO(body), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


class ExportTests(KpiTestCase):
    first: Order
    second: Order

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Completed 23:30 local on 30 September: the sheet shows that wall-clock time, not 15:30 UTC.
        cls.first = cls.take(
            Plan(at("2026-09-30 22:00"), complete=dt.timedelta(minutes=90), visits=[Visit(DAY, 5)])
        )
        cls.second = cls.take(Plan(at("2026-10-02 09:00"), visits=[Visit(DAY, 2, rectified_after=DAY)]))
        cls.take(Plan(at("2026-09-15 09:00"), site=cls.site_b, visits=[Visit(DAY, 4)]))

    def get(self, name: str, user: User | None = None, **params: str) -> Any:
        client = Client()
        client.force_login(user or self.supervisor)
        return client.get(reverse(f"reports:export_{name}"), params)

    def test_orders_of_the_site_in_local_time(self) -> None:
        response = self.get("orders", site=str(self.site_a.pk))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        rows = sheets(response)["工单"]
        assert rows[0] == tuple(ORDER_HEADERS)
        assert [r[0] for r in rows[1:]] == [self.first.number, self.second.number]  # not site b's
        completed = rows[1][ORDER_HEADERS.index("完工时间")]
        assert completed == dt.datetime(2026, 9, 30, 23, 30)
        assert rows[1][ORDER_HEADERS.index("状态")] == "已完工"

    def test_the_month_filter_uses_local_months(self) -> None:
        rows = sheets(self.get("orders", site=self.site_a.code, month="2026-09"))["工单"]
        assert [r[0] for r in rows[1:]] == [self.first.number]

    def test_phone_numbers_masked_unless_the_role_may_see_them(self) -> None:
        column = ORDER_HEADERS.index("联系电话")
        rows = sheets(self.get("orders", site=self.site_a.code))["工单"]
        assert rows[1][column] == "13800138000"
        with mock.patch("fuwu.reports.exports.sees_full_phone_numbers", return_value=False):
            masked = sheets(self.get("orders", site=self.site_a.code))["工单"]
            visits = sheets(self.get("visits", site=self.site_a.code))["回访"]
        assert masked[1][column] == "138****8000"
        assert visits[1][VISIT_HEADERS.index("联系电话")] == "138****8000"

    def test_visits_with_scores_and_rounds(self) -> None:
        rows = sheets(self.get("visits", site=self.site_a.code, month="2026-10"))["回访"]
        assert rows[0] == tuple(VISIT_HEADERS)
        scores = sorted((r[0], r[2], r[7]) for r in rows[1:])
        # first: its October visit; second: round 1 scored 2, round 2 owed (due in October).
        assert scores == sorted(
            [(self.first.number, 1, 5), (self.second.number, 1, 2), (self.second.number, 2, None)]
        )

    def test_kpis_sheet_equals_the_figures(self) -> None:
        book = sheets(self.get("kpis", site=self.site_a.code, month="2026-10"))
        figures = {row[0]: row for row in book["2026-10 指标"][1:]}
        assert set(figures) == {"p10.3.2b", "p10.3.2c", "p10.3.2d", "p15.r1"}
        satisfaction = figures["p10.3.2d"]
        assert satisfaction[1] == "满意率" and satisfaction[6:8] == (1, 2) and satisfaction[5] == "未达标"
        assert any(row[0] == str(self.tech) for row in book["按维修工"][1:])

    def test_a_formula_typed_by_an_owner_stays_text(self) -> None:
        Order.objects.filter(pk=self.first.pk).update(description='=HYPERLINK("http://x")')
        body = b"".join(self.get("orders", site=self.site_a.code).streaming_content)
        cell = load_workbook(io.BytesIO(body))["工单"].cell(row=2, column=ORDER_HEADERS.index("报修内容") + 1)
        assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"

    def test_scope_and_bad_input(self) -> None:
        assert self.get("orders", site=self.site_b.code).status_code == 404
        assert self.get("kpis", site=self.site_a.code, month="2026-9").status_code == 400

    def test_query_count_does_not_grow_with_rows(self) -> None:
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                sheets(self.get("orders", site=self.site_a.code))
            return len(captured)

        few = queries()
        for day in range(3, 8):
            self.take(Plan(at(f"2026-10-{day:02d} 09:00")))
        assert queries() == few
