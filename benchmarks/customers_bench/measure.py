"""The caller lookup as the desk uses it, against the raw indexed query, in the same run.

Three kinds of text, each drawn from customers of the desk's site: four digits from anywhere in a mobile
number, a plate fragment (four or five of its characters), and an address as typed (with its community,
as 5栋1单元1201, or as 5-1-1201). Each text goes through the API (``GET /api/v1/customers/lookup`` with a
Bearer token) and the desk's page (``GET /customers/lookup/`` signed in, the htmx answer the box gets
while typing), interleaved request by request with the baseline: the same index searches as raw SQL on
the connection (gram equality, key prefix, the desk's site, 84 rows) and one read of the customers they
name — what any implementation must at least do. p50 and p99 of ``requests`` texts of each kind; goal
p99 ≤ 50 ms. For contrast the unindexed ``LIKE '%…%'`` over the numbers is timed a few times.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from django.test import Client
from orders_bench.lists import Series
from orders_bench.report import Row, ms

from customers_bench.load import Loaded

P99_GOAL = 0.050
LIMIT = 20  # customers the lookup shows


def texts(loaded: Loaded, requests: int) -> dict[str, list[str]]:
    rng = random.Random(4)
    phones = [number[(start := rng.randrange(0, len(number) - 3)) : start + 4] for number in loaded.phones]
    plates = []
    for plate in loaded.plates:
        body = plate.replace("·", "")
        plates.append(body[rng.choice((1, 2, 3)) :][: rng.choice((4, 5))])
    flats = []
    for index, (place, building, unit, room) in enumerate(loaded.flats):
        flats.append(f"{place} {building}栋{unit}单元{room}" if index % 2 else f"{building}-{unit}-{room}")
    return {
        "phone fragment": phones[:requests],
        "plate fragment": plates[:requests],
        "address as typed": flats[:requests],
    }


def raw_lookup(site_id: int) -> Callable[[str], int]:
    """The baseline: the same searches as bare SQL, then the customers' own rows."""
    from django.db import connection

    from fuwu.customers.lookup.keys import understand

    search = (
        "SELECT customer_id FROM customers_lookupkey"
        " WHERE gram = %s AND site_id = %s AND key {op} %s LIMIT 84"
    )

    def run(text: str) -> int:
        ids: dict[int, None] = {}
        with connection.cursor() as cursor:
            for step in understand(text).terms:
                for term in step:
                    value = term.key if term.exact else term.key + "%"  # keys hold no % or _
                    cursor.execute(
                        search.format(op="=" if term.exact else "LIKE"), [term.gram, site_id, value]
                    )
                    ids.update((row[0], None) for row in cursor.fetchall())
                if ids:
                    break
            wanted = list(ids)[:LIMIT]
            if wanted:
                marks = ", ".join(["%s"] * len(wanted))
                cursor.execute(
                    f"SELECT id, name, phone, address FROM customers_customer WHERE id IN ({marks})", wanted
                )
                cursor.fetchall()
        return len(wanted)

    return run


def measure(loaded: Loaded, db: str, requests: int = 300) -> list[Row]:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from fuwu.core.api.tokens import issue_token

    desk = loaded.people.desk
    raw_token = issue_token(desk, name="bench", by=None).raw
    api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {raw_token}")
    page = Client(HTTP_HOST="localhost")
    page.force_login(desk)
    raw = raw_lookup(loaded.people.sites[0].pk)

    def via_api(text: str) -> int:
        response = api.get("/api/v1/customers/lookup", {"q": text}, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"lookup {text!r} answered {response.status_code}: {response.content[:300]!r}")
        found: list[Any] = response.json()["results"]
        return len(found)

    def via_page(text: str) -> int:
        response = page.get("/customers/lookup/", {"q": text}, secure=True, headers={"HX-Request": "true"})
        if response.status_code != 200:
            raise RuntimeError(f"page {text!r} answered {response.status_code}")
        return response.content.count(b'class="card hit"')

    ways: dict[str, Callable[[str], int]] = {"raw indexed query": raw, "API": via_api, "page": via_page}
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    out: list[Row] = []
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        for kind, typed in texts(loaded, requests).items():
            for name, way in ways.items():
                with CaptureQueriesContext(connection) as queries:
                    shown = way(typed[0])
                print(f"[{db}] {kind} {typed[0]!r} via {name}: {len(queries)} queries, {shown} customers")
                for text in typed[:20]:
                    way(text)
            series = {name: Series(name, []) for name in ways}
            found = {name: 0 for name in ways}
            for text in typed:
                for name, way in ways.items():
                    began = time.perf_counter()
                    found[name] += way(text)
                    series[name].seconds.append(time.perf_counter() - began)
            if found["API"] != found["raw indexed query"]:
                raw_found = found["raw indexed query"]
                print(f"[{db}] {kind}: the API found {found['API']} customers, the raw query {raw_found}")
            out.extend(_rows(db, kind, series, found["API"] / len(typed)))
    out.append(_unindexed(db, loaded))
    return out


def _rows(db: str, kind: str, series: dict[str, Series], average: float) -> list[Row]:
    base = series["raw indexed query"]
    rows = [
        Row(db, f"{kind}: raw indexed query p50 / p99", f"{ms(base.p50)} / {ms(base.p99)}", "", "", "", None)
    ]
    for name in ("API", "page"):
        s = series[name]
        rows.append(
            Row(db, f"{kind}: {name} p50", ms(s.p50), ms(base.p50), f"{s.p50 / base.p50:.1f} ×", "", None)
        )
        rows.append(
            Row(
                db,
                f"{kind}: {name} p99 ({average:.1f} customers a text)",
                ms(s.p99),
                ms(base.p99),
                f"{s.p99 / base.p99:.1f} ×",
                "≤ 50 ms",
                s.p99 <= P99_GOAL,
            )
        )
    return rows


def _unindexed(db: str, loaded: Loaded) -> Row:
    """The scan an index avoids: numbers containing four digits, ``LIKE '%…%'`` (5 times, the median)."""
    from django.db import connection

    seconds = []
    for number in loaded.phones[:5]:
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT customer_id FROM customers_customerphone WHERE digits LIKE %s LIMIT 21",
                [f"%{number[3:7]}%"],
            )
            cursor.fetchall()
            # LIMIT stops a scan early when it finds 21; a fragment found rarely scans the whole table.
            cursor.execute(
                "SELECT count(*) FROM customers_customerphone WHERE digits LIKE %s", [f"%{number[3:9]}%"]
            )
            cursor.fetchall()
        seconds.append(time.perf_counter() - began)
    seconds.sort()
    return Row(
        db,
        "for contrast: LIKE '%…%' over the numbers (first 21, then a count)",
        ms(seconds[2]),
        "",
        "",
        "",
        None,
    )
