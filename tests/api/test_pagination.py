"""Cursor pagination: next links, limits, stable pages and constant cost as rows grow."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from fuwu.core.models import Site
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from tests.api.base import ApiTestCase, body


def _add_sites(count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        sites.create_site(
            kind=Site.Kind.STORE,
            name=f"门店{number}",
            code=f"s{number:03d}",
            minimum_monthly_wage=Decimal(0),
            by=None,
        )


class SitePagesTests(ApiTestCase):
    def walk(self, url: str) -> list[list[str]]:
        pages = []
        gm = self.by_role[Role.GENERAL_MANAGER]
        next_url: str | None = url
        while next_url:
            response = self.call("GET", next_url, gm)
            assert response.status_code == 200, response.content
            data = body(response)
            pages.append([site["code"] for site in data["results"]])
            next_url = data["next"]
        return pages

    def test_default_pages_of_20_with_next_links_newest_first(self) -> None:
        _add_sites(43)
        pages = self.walk("/api/v1/sites")
        assert [len(page) for page in pages] == [20, 20, 5]
        codes = [code for page in pages for code in page]
        expected = list(Site.objects.order_by("-id").values_list("code", flat=True))
        assert codes == expected

    def test_next_is_an_absolute_url_keeping_the_filters(self) -> None:
        _add_sites(5)
        response = self.call("GET", "/api/v1/sites?page_size=2", self.by_role[Role.GENERAL_MANAGER])
        next_url = body(response)["next"]
        assert next_url.startswith("http://testserver/api/v1/sites?")
        assert "page_size=2" in next_url
        assert "cursor=" in next_url

    def test_page_size_is_1_to_100(self) -> None:
        gm = self.by_role[Role.GENERAL_MANAGER]
        for bad in ("101", "0", "-1", "many"):
            response = self.call("GET", f"/api/v1/sites?page_size={bad}", gm)
            assert response.status_code == 422, bad
            assert body(response)["detail"][0]["loc"] == ["query", "page_size"]
        assert self.call("GET", "/api/v1/sites?page_size=100", gm).status_code == 200

    def test_a_cursor_not_given_by_the_list_is_422(self) -> None:
        gm = self.by_role[Role.GENERAL_MANAGER]
        for bad in ("zzz", "e30", "WyJ4Il0", "WzEsMl0", "bnVsbA"):  # junk, {}, ["x"], [1,2], null
            response = self.call("GET", f"/api/v1/sites?cursor={bad}", gm)
            assert response.status_code == 422, (bad, response.content)
            assert body(response)["detail"] == [
                {
                    "loc": ["query", "cursor"],
                    "msg": "游标不是此列表给出的,请去掉游标从第一页重新开始",
                }
            ]

    def test_rows_added_while_paging_neither_repeat_nor_shift_later_pages(self) -> None:
        _add_sites(6)
        gm = self.by_role[Role.GENERAL_MANAGER]
        first = body(self.call("GET", "/api/v1/sites?page_size=3", gm))
        _add_sites(2, start=100)
        second = body(self.call("GET", first["next"], gm))
        first_codes = [site["code"] for site in first["results"]]
        second_codes = [site["code"] for site in second["results"]]
        assert not set(first_codes) & set(second_codes)
        assert second_codes == ["s002", "s001", "s000"]


@override_settings(ROOT_URLCONF="tests.api.urls_probe")
class CompoundKeyTests(ApiTestCase):
    def test_ties_on_the_time_are_broken_by_id_across_pages(self) -> None:
        _add_sites(7)
        same = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        Site.objects.filter(code__startswith="s").update(created_at=same)
        gm = self.by_role[Role.GENERAL_MANAGER]
        seen: list[int] = []
        next_url: str | None = "/probe/sites/by-created?page_size=2"
        while next_url:
            data = body(self.call("GET", next_url, gm))
            seen.extend(site["id"] for site in data["results"])
            next_url = data["next"]
        expected = list(Site.objects.order_by("-created_at", "-id").values_list("id", flat=True))
        assert seen == expected

    def test_ascending_order_and_page_parameters_read_from_the_query_string(self) -> None:
        _add_sites(3)
        gm = self.by_role[Role.GENERAL_MANAGER]
        first = body(self.call("GET", "/probe/sites/oldest-first?page_size=3", gm))
        assert first["results"] == ["a", "b", "s000"]
        assert body(self.call("GET", first["next"], gm))["results"] == ["s001", "s002"]
        assert self.call("GET", "/probe/sites/oldest-first?page_size=101", gm).status_code == 422


class QueryCountTests(ApiTestCase):
    def count_queries(self, url: str) -> int:
        gm = self.by_role[Role.GENERAL_MANAGER]
        self.call("GET", "/api/v1/me", gm)  # the token's first use writes last_used_at; measure after it
        with CaptureQueriesContext(connection) as queries:
            response = self.call("GET", url, gm)
        assert response.status_code == 200
        return len(queries)

    def test_the_staff_list_costs_the_same_with_more_people_and_on_a_later_page(self) -> None:
        small = self.count_queries("/api/v1/staff")
        for number in range(60):
            person = users.create_user(
                username=f"p{number}",
                password=None,
                display_name=f"人{number}",
                roles=[Role.TECHNICIAN, Role.GUARD],
                by=None,
            )
            sites.add_member(self.site_a if number % 2 else self.site_b, person, by=None)
        assert self.count_queries("/api/v1/staff") == small
        later = body(self.call("GET", "/api/v1/staff?page_size=5", self.by_role[Role.GENERAL_MANAGER]))[
            "next"
        ]
        for _ in range(3):
            later = body(self.call("GET", later, self.by_role[Role.GENERAL_MANAGER]))["next"]
        assert self.count_queries(later) == small
        with self.assertNumQueries(small):
            self.call("GET", "/api/v1/staff?role=guard", self.by_role[Role.GENERAL_MANAGER])

    def test_the_sites_list_costs_the_same_with_more_sites(self) -> None:
        small = self.count_queries("/api/v1/sites")
        _add_sites(50)
        assert self.count_queries("/api/v1/sites") == small


class HostileInputTests(ApiTestCase):
    def test_forged_cursors_and_parameters_are_never_a_server_error(self) -> None:
        def forged(values: object) -> str:
            return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")

        gm = self.by_role[Role.GENERAL_MANAGER]
        queries = [
            f"cursor={forged([10**30])}",
            f"cursor={forged([-(10**30)])}",
            "cursor=WzFlNDAwXQ",  # [1e400]
            f"cursor={forged(['2026-03-02'])}",
            f"cursor={forged([[1]])}",
            f"cursor={forged({'id': 1})}",
            "cursor=%00%ff",
            "page_size=99999999999999999999999",
        ]
        for query in queries:
            response = self.call("GET", f"/api/v1/sites?{query}", gm)
            assert response.status_code == 422, (query, response.content)
        for site in ("9" * 40, "²", "a%00", " ", "-1", "1.5"):
            response = self.call("GET", f"/api/v1/staff?site={site}", gm)
            assert response.status_code == 422, (site, response.content)
