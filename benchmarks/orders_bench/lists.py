"""Measurement 1: the dispatcher's filtered order list, 20 rows, at page 1 and at page 5,000.

Three ways to the same 20 rows of one site in one status, all through ``django.test.Client`` and the full
middleware stack, interleaved request by request so that a busy moment of the machine hits all three:
the API (``GET /api/v1/orders`` with a Bearer token), the board page (``GET /orders/`` signed in) and the
baseline view (``urlconf.baseline``). The deep page is reached by building the cursor of the row just
before it, exactly as each list encodes its own ``next`` link.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.test import Client

from orders_bench.load import Loaded
from orders_bench.report import Row, ms, percentile

P99_GOAL = 0.050
THROUGHPUT_SHARE = 0.5
SAME_PAGE_FACTOR = 1.5  # "the same at page 5,000": p50 within 1.5 × page 1's
DEEP_PAGE = 5_000
PAGE = 20
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass
class Series:
    name: str
    seconds: list[float]

    @property
    def p50(self) -> float:
        return percentile(self.seconds, 0.5)

    @property
    def p99(self) -> float:
        return percentile(self.seconds, 0.99)

    @property
    def per_second(self) -> float:
        return len(self.seconds) / sum(self.seconds)


def _board_works() -> str:
    """Empty when ``/orders/`` resolves to the board; else why it is not measured."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve("/orders/")
    except Resolver404:
        return "the board /orders/ does not resolve yet"
    return "" if match.url_name == "board" else f"/orders/ resolves to {match.url_name}, not the board"


def measure(loaded: Loaded, db: str, requests: int = 300) -> list[Row]:
    """Time the three lists at page 1 and at page 5,000 (or the deepest full page of a small run)."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from fuwu.core.api.pagination import _encode
    from fuwu.core.api.tokens import issue_token
    from fuwu.orders.models import Order

    site = loaded.people.sites[0]
    status = "closed"
    rows = Order.objects.filter(site=site, status=status).order_by("-received_at", "-id")
    total = rows.count()
    deep = min(DEEP_PAGE, total // PAGE - 1)
    before_deep = rows.values_list("received_at", "id")[(deep - 1) * PAGE - 1]
    micros = (before_deep[0] - EPOCH) // dt.timedelta(microseconds=1)
    pages = {
        1: ("", "", ""),
        deep: (
            f"&cursor={_encode(list(before_deep))}",
            f"&after={micros}.{before_deep[1]}",
            f"&after={micros}.{before_deep[1]}",
        ),
    }
    raw = issue_token(loaded.people.dispatcher, name="bench", by=None).raw
    api_client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {raw}")
    page_client = Client(HTTP_HOST="localhost")
    page_client.force_login(loaded.people.dispatcher)
    board_skipped = _board_works()
    out: list[Row] = []
    p50s: dict[tuple[str, int], float] = {}
    # Plain static storage: the scratch install has no collectstatic manifest (a lookup either way).
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": plain}
    with override_settings(ROOT_URLCONF="orders_bench.urlconf", STORAGES=storages):
        for page, (api_cursor, board_cursor, base_cursor) in pages.items():
            urls = {
                "baseline": (page_client, f"/bench/baseline/?site={site.pk}&status={status}{base_cursor}"),
                "API": (api_client, f"/api/v1/orders?site={site.code}&status={status}{api_cursor}"),
            }
            if not board_skipped:
                urls["page"] = (page_client, f"/orders/?site={site.pk}&status={status}{board_cursor}")
            calls = {name: _caller(client, url) for name, (client, url) in urls.items()}
            for name, call in calls.items():
                with CaptureQueriesContext(connection) as queries:
                    shown = call()
                print(f"[{db}] page {page:,} {name}: {len(queries)} queries, {shown} rows")
                for _ in range(20):
                    call()
            series = {name: Series(name, []) for name in calls}
            for _ in range(requests):
                for name, call in calls.items():
                    began = time.perf_counter()
                    call()
                    series[name].seconds.append(time.perf_counter() - began)
            out.extend(_rows(db, page, series))
            p50s.update({(name, page): s.p50 for name, s in series.items()})
        if board_skipped:
            out.append(Row(db, "board page /orders/", "skipped", "", "", "", None))
            print(f"[{db}] board not measured: {board_skipped}")
    for name in ("baseline", "API", "page"):
        if (name, 1) in p50s and (name, deep) in p50s:
            ratio = p50s[name, deep] / p50s[name, 1]
            goal = f"≤ {SAME_PAGE_FACTOR} ×" if name != "baseline" else ""
            ok = ratio <= SAME_PAGE_FACTOR if name != "baseline" else None
            what = f"{name}: p50 page {deep:,} ÷ page 1"
            out.append(Row(db, what, f"{ratio:.2f} ×", "", "", goal, ok))
    return out


def _caller(client: Client, url: str) -> Callable[[], int]:
    def call() -> int:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
        if response.headers.get("Content-Type", "").startswith("application/json"):
            results: list[object] = response.json()["results"]
            return len(results)
        shown: int = response.content.count(b"<tr") - 1  # the board's rows, less its header row
        return shown

    return call


def _rows(db: str, page: int, series: dict[str, Series]) -> list[Row]:
    base = series["baseline"]
    rows = [
        Row(db, f"baseline p50 / p99, page {page:,}", f"{ms(base.p50)} / {ms(base.p99)}", "", "", "", None)
    ]
    for name in ("API", "page"):
        s = series.get(name)
        if s is None:
            continue
        share = s.per_second / base.per_second
        rows.append(
            Row(
                db,
                f"{name} p50, page {page:,}",
                ms(s.p50),
                ms(base.p50),
                f"{s.p50 / base.p50:.2f} ×",
                "",
                None,
            )
        )
        rows.append(
            Row(
                db,
                f"{name} p99, page {page:,}",
                ms(s.p99),
                ms(base.p99),
                f"{s.p99 / base.p99:.2f} ×",
                "≤ 50 ms",
                s.p99 <= P99_GOAL,
            )
        )
        rows.append(
            Row(
                db,
                f"{name} throughput, page {page:,}",
                f"{s.per_second:.0f}/s",
                f"{base.per_second:.0f}/s",
                f"{share:.2f} ×",
                "≥ 0.5 × baseline",
                share >= THROUGHPUT_SHARE,
            )
        )
    return rows
