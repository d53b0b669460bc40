"""The ledger page of one employee and the site's month view, as the site's HR sees them, each against
its baseline (``urlconf``): through ``django.test.Client`` and the whole middleware stack, signed in,
request by request interleaved with the baseline so that a busy moment of the machine hits both."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from orders_bench.report import Row, ms, percentile

from staff_bench.month import MONTH, Month
from staff_bench.urlconf import PER_PAGE

P99_GOAL = 0.050
WARM_UP = 20


@dataclass(frozen=True)
class Pair:
    """A page and its baseline, by address."""

    what: str
    page: str
    baseline: str


def pairs(month: Month, employee_user_id: int, people: int) -> list[Pair]:
    """The ledger page of the person, and the month view at its first and its last page."""
    label = f"{MONTH:%Y-%m}"
    site = month.site.pk
    last = math.ceil(people / PER_PAGE)
    found = [
        Pair(
            "ledger page of one employee",
            f"/staff/ledger/?employee={employee_user_id}&month={label}",
            f"/bench/ledger/?employee={employee_user_id}&month={label}",
        )
    ]
    for page in sorted({1, last}):
        found.append(
            Pair(
                f"month view, page {page} of {last}",
                f"/staff/months/?site={site}&month={label}&page={page}",
                f"/bench/month-{{state}}/?site={site}&month={label}&page={page}",
            )
        )
    return found


@contextmanager
def mounted() -> Iterator[None]:
    """The site's URLs with the baselines beside them; plain static storage (the scratch install has no
    collectstatic manifest)."""
    from django.conf import settings
    from django.test.utils import override_settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        ROOT_URLCONF="staff_bench.urlconf", STORAGES={**settings.STORAGES, "staticfiles": plain}
    ):
        yield


def measure(month: Month, employee_user_id: int, people: int, *, state: str, requests: int) -> list[Row]:
    """Time each page of ``pairs`` and its baseline ``requests`` times; ``state`` is "open" or "closed"."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(month.hr)
    rows: list[Row] = []
    with mounted():
        for pair in pairs(month, employee_user_id, people):
            page = _caller(client, pair.page)
            baseline = _caller(client, pair.baseline.format(state=state))
            queries = _queries(page)
            for _ in range(WARM_UP):
                page()
                baseline()
            times: dict[str, list[float]] = {"page": [], "baseline": []}
            for _ in range(requests):
                for name, call in (("page", page), ("baseline", baseline)):
                    began = time.perf_counter()
                    call()
                    times[name].append(time.perf_counter() - began)
            what = f"{pair.what} ({state}, {queries} queries)"
            rows.extend(_rows(what, times["page"], times["baseline"]))
            print(f"  {what}: p99 {ms(percentile(times['page'], 0.99))}", flush=True)
    return rows


def _caller(client: Any, url: str) -> Callable[[], None]:
    def call() -> None:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")

    return call


def _queries(call: Callable[[], None]) -> int:
    """How many statements one request runs."""
    from django.db import connection

    count = [0]

    def counted(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        call()
    return count[0]


def _rows(what: str, page: list[float], baseline: list[float]) -> list[Row]:
    p50, p99 = percentile(page, 0.5), percentile(page, 0.99)
    b50, b99 = percentile(baseline, 0.5), percentile(baseline, 0.99)
    return [
        Row("sqlite", f"{what}: p50", ms(p50), ms(b50), f"{p50 / b50:.2f} ×", "", None),
        Row("sqlite", f"{what}: p99", ms(p99), ms(b99), f"{p99 / b99:.2f} ×", "≤ 50 ms", p99 <= P99_GOAL),
    ]


def busiest(month: dt.date) -> tuple[int, int]:
    """The user id of the person with the most entries in the month, and how many (the ledger page shown
    is the longest one)."""
    from django.db.models import Count

    from fuwu.staff.models import LedgerEntry

    top = (
        LedgerEntry.objects.filter(month=month)
        .values("employee__user_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "employee__user_id")
        .first()
    )
    assert top is not None
    return int(top["employee__user_id"]), int(top["n"])
