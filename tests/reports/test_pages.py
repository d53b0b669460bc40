"""The KPI dashboard and its drill-down: who may open them, what they show, and their cost in queries."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fuwu.core.models import User
from fuwu.core.navigation import NAV
from fuwu.core.roles import Role
from fuwu.orders.models import Order
from fuwu.reports.params import KPI_READERS
from tests.reports.base import KpiTestCase, Plan, Visit, at, counting_statements

DASHBOARD = reverse("reports:kpis")
DAY = dt.timedelta(days=1)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


class DashboardAccessTests(KpiTestCase):
    def test_the_reading_roles_open_it_and_see_it_in_the_menu(self) -> None:
        for role in KPI_READERS:
            response = client_for(self.by_role[role]).get(DASHBOARD)
            assert response.status_code == 200, role
            assert f'href="{DASHBOARD}"' in response.content.decode(), role

    def test_other_roles_are_refused_everywhere_and_not_shown_the_entry(self) -> None:
        urls = [
            DASHBOARD,
            reverse("reports:orders", args=["p10.3.2b"]) + f"?site={self.site_a.pk}&month=2026-09",
            reverse("reports:export_orders"),
            reverse("reports:export_visits"),
            reverse("reports:export_kpis"),
        ]
        for role in set(Role) - KPI_READERS:
            client = client_for(self.by_role[role])
            for url in urls:
                assert client.get(url).status_code == 403, (role, url)
            assert f'href="{DASHBOARD}"' not in client.get(reverse("home")).content.decode(), role

    def test_anonymous_visitors_are_sent_to_log_in(self) -> None:
        for name in ("kpis", "export_orders", "export_visits", "export_kpis"):
            response = Client().get(reverse(f"reports:{name}"))
            assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
        response = Client().get(reverse("reports:orders", args=["p10.3.2b"]))
        assert response.status_code == 302

    def test_the_menu_keeps_administration_last_and_the_entry_once(self) -> None:
        names = [item.url_name for item in NAV]
        assert names.count("reports:kpis") == 1
        assert names[-1] == "admin:index"


class DashboardContentTests(KpiTestCase):
    good: Order
    poor: Order
    other_site: Order

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.good = cls.take(Plan(at("2026-09-03 09:00"), visits=[Visit(DAY, 5)]))
        cls.poor = cls.take(
            Plan(at("2026-09-04 09:00"), technician=cls.tech2, arrive=dt.timedelta(hours=2),
                 complete=dt.timedelta(hours=3), visits=[Visit(DAY, 3)])
        )  # fmt: skip
        cls.other_site = cls.take(Plan(at("2026-09-05 09:00"), site=cls.site_b, visits=[Visit(DAY, 1)]))

    def page(self, user: User | None = None, **params: str) -> str:
        response = client_for(user or self.supervisor).get(DASHBOARD, params)
        assert response.status_code == 200
        return response.content.decode()

    def test_cards_show_value_target_and_verdict_with_drill_down_links(self) -> None:
        page = self.page(site=str(self.site_a.pk), month="2026-09")
        assert "及时率" in page and "返修率" in page and "满意率" in page and "回访率" in page
        assert "50%" in page  # on-time 1/2, satisfaction 1/2
        assert "kpi-card fails" in page and "kpi-card holds" in page
        drill = reverse("reports:orders", args=["p10.3.2b"])
        assert f'href="{drill}?site={self.site_a.pk}&amp;month=2026-09&amp;hit=1"' in page

    def test_the_trend_is_embedded_for_the_charts_without_a_cdn(self) -> None:
        page = self.page(site=str(self.site_a.pk), month="2026-10")
        found = re.search(r'<script id="kpi-trend" type="application/json">(.*?)</script>', page, re.S)
        assert found is not None
        trend = json.loads(found.group(1))
        assert trend["months"] == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
        on_time = next(s for s in trend["series"] if s["clause"] == "p10.3.2b")
        assert on_time["values"][4] == 0.5 and on_time["target"] == 1.0
        assert "vendor/echarts/echarts-5.6.0.min.js" in page and "cdn" not in page.lower()

    def test_the_technician_table_and_filter(self) -> None:
        page = self.page(site=str(self.site_a.pk), month="2026-09")
        assert str(self.tech) in page and str(self.tech2) in page
        filtered = self.page(site=str(self.site_a.pk), month="2026-09", technician=str(self.tech2.pk))
        assert "0%" in filtered  # tech2's one order: late and scored 3

    def test_another_sites_orders_are_neither_counted_nor_offered(self) -> None:
        page = self.page(site=str(self.site_b.pk), month="2026-09")  # not the supervisor's site: ignored
        assert self.site_b.name not in page and self.site_a.name in page
        gm_page = self.page(self.by_role[Role.GENERAL_MANAGER], site=str(self.site_b.pk), month="2026-09")
        assert "滨江装饰门店 · 2026-09" in gm_page

    def test_a_bad_month_falls_back_to_the_current_month(self) -> None:
        assert "kpi-card" in self.page(month="2026-13")

    def drill(self, clause: str, hit: str, user: User | None = None, **params: str) -> tuple[int, str]:
        url = reverse("reports:orders", args=[clause])
        query = {"site": str(self.site_a.pk), "month": "2026-09", "hit": hit, **params}
        response = client_for(user or self.supervisor).get(url, query)
        return response.status_code, response.content.decode()

    def test_each_figure_drills_down_to_its_orders(self) -> None:
        status, hits = self.drill("p10.3.2b", "1")
        assert status == 200
        assert reverse("orders:detail", args=[self.good.pk]) in hits
        assert reverse("orders:detail", args=[self.poor.pk]) not in hits
        _, misses = self.drill("p10.3.2b", "0")
        assert reverse("orders:detail", args=[self.poor.pk]) in misses
        assert reverse("orders:detail", args=[self.good.pk]) not in misses
        _, unhappy = self.drill("p10.3.2d", "0")
        assert str(self.poor) in unhappy and str(self.good) not in unhappy
        _, tech2 = self.drill("p15.r1", "1", technician=str(self.tech2.pk))
        assert str(self.poor) in tech2 and str(self.good) not in tech2

    def test_the_drill_down_refuses_what_it_cannot_answer(self) -> None:
        assert self.drill("p99.1", "1")[0] == 404
        assert self.drill("p10.3.2b", "2")[0] == 400
        assert self.drill("p10.3.2b", "1", month="2026-9")[0] == 400
        assert self.drill("p10.3.2b", "1", site=str(self.site_b.pk))[0] == 404
        gm = self.by_role[Role.GENERAL_MANAGER]
        status, page = self.drill("p10.3.2b", "0", gm, site=str(self.site_b.pk))
        assert status == 200 and str(self.good) not in page


class DashboardQueryCountTests(KpiTestCase):
    def queries(self, url: str) -> int:
        client = client_for(self.supervisor)
        client.get(url)  # warm the caches (the compiled policy)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(counting_statements(captured))

    def test_query_counts_do_not_grow_with_orders(self) -> None:
        dashboard = f"{DASHBOARD}?site={self.site_a.pk}&month=2026-09"
        drill = reverse("reports:orders", args=["p15.r1"]) + f"?site={self.site_a.pk}&month=2026-09&hit=1"
        self.take(Plan(at("2026-09-03 09:00"), visits=[Visit(DAY, 5)]))
        few = (self.queries(dashboard), self.queries(drill))
        assert few[0] <= 30 and few[1] <= 10, few
        for day in range(4, 12):
            tech = self.tech if day % 2 else self.tech2
            self.take(Plan(at(f"2026-09-{day:02d} 09:00"), technician=tech, visits=[Visit(DAY, day % 5 + 1)]))
        assert Order.objects.filter(site=self.site_a).count() == 9
        assert (self.queries(dashboard), self.queries(drill)) == few
