"""One manager's follow-up worklist as they open it, against a bare view of the same rows, in the same run.

Two people: a customer manager with their own list, and a colleague standing in for an absent manager
(p16.4), whose list holds both managers' work. For each, three ways to the same first 50 rows through
``django.test.Client`` and the whole middleware stack, interleaved request by request so that a busy
moment of the machine hits all three: the page (``GET /followup/`` signed in), the API
(``GET /api/v1/followup/worklist?page_size=50`` with a Bearer token) and the baseline
(``followup_bench.urlconf.baseline``). p50 and p99 of ``requests`` requests each; goal p99 ≤ 50 ms.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.test import Client
from orders_bench.lists import Series
from orders_bench.report import Row, ms

from followup_bench.load import Loaded

P99_GOAL = 0.050
PAGE = 50


def measure(loaded: Loaded, db: str, requests: int = 300) -> list[Row]:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from fuwu.core.api.tokens import issue_token

    people = loaded.people
    cases = [
        ("manager", people.manager, [people.manager.pk]),
        ("stand-in", people.stand_in, [people.stand_in.pk, people.absent.pk]),
    ]
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": plain}
    out: list[Row] = []
    with override_settings(ROOT_URLCONF="followup_bench.urlconf", STORAGES=storages):
        for case, person, managers in cases:
            raw = issue_token(person, name="bench", by=None).raw
            api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {raw}")
            page = Client(HTTP_HOST="localhost")
            page.force_login(person)
            ids = ",".join(map(str, managers))
            calls = {
                "baseline": _caller(page, f"/bench/baseline/?managers={ids}&size={PAGE}"),
                "API": _caller(api, f"/api/v1/followup/worklist?page_size={PAGE}"),
                "page": _caller(page, "/followup/"),
            }
            for name, call in calls.items():
                with CaptureQueriesContext(connection) as queries:
                    shown = call()
                slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
                print(
                    f"[{db}] {case} via {name}: {len(queries)} queries, {shown} rows; slowest "
                    f"{float(slowest['time']) * 1000:.1f} ms: {slowest['sql'][:160]}"
                )
                if shown != min(PAGE, loaded.open_of[person.pk]):
                    raise RuntimeError(f"{case} via {name} showed {shown} rows, not a page's {PAGE}")
                for _ in range(20):
                    call()
            series = {name: Series(name, []) for name in calls}
            for _ in range(requests):
                for name, call in calls.items():
                    began = time.perf_counter()
                    call()
                    series[name].seconds.append(time.perf_counter() - began)
            out.extend(_rows(db, f"{case} ({loaded.open_of[person.pk]:,} open)", series))
    return out


def _caller(client: Client, url: str) -> Callable[[], int]:
    def call() -> int:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
        if response.headers.get("Content-Type", "").startswith("application/json"):
            results: list[Any] = response.json()["results"]
            return len(results)
        shown: int = response.content.count(b"<tr") - 1  # the table's rows, less its header row
        return shown

    return call


def _rows(db: str, case: str, series: dict[str, Series]) -> list[Row]:
    base = series["baseline"]
    rows = [Row(db, f"{case}: baseline p50 / p99", f"{ms(base.p50)} / {ms(base.p99)}", "", "", "", None)]
    for name in ("API", "page"):
        s = series[name]
        rows.append(
            Row(db, f"{case}: {name} p50", ms(s.p50), ms(base.p50), f"{s.p50 / base.p50:.1f} ×", "", None)
        )
        rows.append(
            Row(
                db,
                f"{case}: {name} p99",
                ms(s.p99),
                ms(base.p99),
                f"{s.p99 / base.p99:.1f} ×",
                "≤ 50 ms",
                s.p99 <= P99_GOAL,
            )
        )
    return rows
