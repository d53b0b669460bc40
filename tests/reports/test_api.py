"""GET /api/v1/kpis as the contract writes it: rows, decimal strings, 403/404/422."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client, override_settings

from fuwu.core.api.tokens import issue_token
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.reports.params import KPI_READERS
from tests.reports.base import KpiTestCase, Plan, Visit, at
from tests.reports.urls_api import KPIS_URL

DAY = dt.timedelta(days=1)


@override_settings(ROOT_URLCONF="tests.reports.urls_api")
class KpiApiTests(KpiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.take(Plan(at("2026-09-03 09:00"), visits=[Visit(DAY, 5)]))
        cls.take(Plan(at("2026-09-04 09:00"), technician=cls.tech2, visits=[Visit(DAY, 3)]))

    def get(self, user: User, **params: str) -> tuple[int, Any]:
        token = issue_token(user, by=None).raw
        response = Client().get(KPIS_URL, params, HTTP_AUTHORIZATION=f"Bearer {token}")
        return response.status_code, json.loads(response.content)

    def test_one_row_per_order_quota_with_decimal_strings(self) -> None:
        status, body = self.get(self.supervisor, site=self.site_a.code, month="2026-09")
        assert status == 200, body
        rows = {row["clause"]: row for row in body["results"]}
        assert set(rows) == {"p10.3.2b", "p10.3.2c", "p10.3.2d", "p15.r1"}
        assert rows["p10.3.2d"] == {
            "clause": "p10.3.2d",
            "name": "满意率",
            "value": "0.5000",
            "target": "0.9500",
            "holds": False,
            "numerator": 1,
            "denominator": 2,
        }
        assert rows["p15.r1"]["value"] == "1.0000" and rows["p15.r1"]["holds"] is True

    def test_site_by_id_and_technician_filter(self) -> None:
        status, body = self.get(
            self.by_role[Role.GENERAL_MANAGER],
            site=str(self.site_a.pk),
            month="2026-09",
            technician=str(self.tech2.pk),
        )
        assert status == 200
        rows = {row["clause"]: row for row in body["results"]}
        assert rows["p10.3.2d"]["value"] == "0.0000" and rows["p10.3.2d"]["denominator"] == 1

    def test_nothing_counted_is_null(self) -> None:
        status, body = self.get(self.supervisor, site=self.site_a.code, month="2025-01")
        assert status == 200
        assert all(row["value"] is None and row["holds"] is None for row in body["results"])
        assert all(row["target"] is not None for row in body["results"])

    def test_bad_month_and_unknown_site_are_422_naming_the_field(self) -> None:
        status, body = self.get(self.supervisor, site="nowhere", month="2026-9")
        assert status == 422
        assert {tuple(p["loc"]) for p in body["detail"]} == {("query", "site"), ("query", "month")}
        status, body = self.get(self.supervisor, site=self.site_a.code)
        assert status == 422 and body["detail"][0]["loc"] == ["query", "month"]
        status, body = self.get(self.supervisor, site=self.site_a.code, month="2026-09", technician="x")
        assert status == 422 and body["detail"][0]["loc"] == ["query", "technician"]

    def test_another_users_site_is_404(self) -> None:
        status, body = self.get(self.supervisor, site=self.site_b.code, month="2026-09")
        assert status == 404 and isinstance(body["detail"], str)

    def test_other_roles_are_403(self) -> None:
        for role in set(Role) - KPI_READERS:
            status, _body = self.get(self.by_role[role], site=self.site_a.code, month="2026-09")
            assert status == 403, role

    def test_no_token_is_401(self) -> None:
        assert Client().get(KPIS_URL, {"site": self.site_a.code, "month": "2026-09"}).status_code == 401
