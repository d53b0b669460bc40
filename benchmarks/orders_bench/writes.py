"""Measurements 3 and 4: creating orders through the service, and one breach sweep.

Creation: ``create_order(channel="qr", by=None)`` — the order, its number, the timeline entry, the audit
row, an outbox message per dispatcher and supervisor of the site (each audited and handed to the task
queue on commit), the engine's evaluation and the stored deadlines — against a bare
``Order.objects.create`` of the same row, each in its own transaction as a request would be.

Sweep: ``fuwu.regulations.sweep.sweep()`` once, cold, over the loaded year (10,000 open deadlines, 1 % of
them past due: what falls due in about an hour at this volume, so a sweep catching up after a restart).
When it misses its goal the same work is run again under cProfile (the rows are put back open and the
queued messages removed first) and the heaviest functions are printed. Then a backlog: ``sweep(now=…)``
at the moment 1,000 more deadlines have passed, as after hours without a worker. The issue's goal is the
routine sweep's; the backlog has none (it is shown for what a restart after a long outage costs).
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import multiprocessing
import pstats
import time
from typing import Any

from orders_bench.load import Loaded
from orders_bench.report import Row, ms

CREATE_GOAL = 200.0  # orders per second
WORKERS = 2  # web processes creating at once: `fuwu serve`'s default WEB_CONCURRENCY
SWEEP_GOAL = 1.0  # seconds
BACKLOG = 1_000  # open deadlines the backlog sweep finds past due, besides the routine sweep's


def measure_create(loaded: Loaded, db: str, count: int = 600) -> list[Row]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from fuwu.core.models import AuditEntry, OutboxMessage
    from fuwu.orders.models import Order
    from fuwu.orders.services.orders import create_order
    from fuwu.regulations.models import Obligation

    site = loaded.people.sites[0]
    fields = {"description": "厨房水龙头漏水", "location": "2栋1单元801", "contact_phone": "13800138000"}

    def service() -> None:
        create_order(
            site=site,
            by=None,
            channel="qr",
            tags=["leak"],
            description=fields["description"],
            location=fields["location"],
            contact_phone=fields["contact_phone"],
        )

    def bare() -> None:
        now = timezone.now()
        Order.objects.create(
            site=site,
            channel="qr",
            tags=["leak"],
            tag_text=",leak,",
            received_at=now,
            created_at=now,
            updated_at=now,
            **fields,
        )

    for _ in range(10):  # the first call compiles the site's rules
        service()
        bare()
    marks = (
        Order.objects.count(),
        Obligation.objects.count(),
        AuditEntry.objects.count(),
        OutboxMessage.objects.count(),
    )
    with CaptureQueriesContext(connection) as queries:
        service()
    after = (
        Order.objects.count(),
        Obligation.objects.count(),
        AuditEntry.objects.count(),
        OutboxMessage.objects.count(),
    )
    made = [b - a for a, b in zip(marks, after, strict=True)]
    print(
        f"[{db}] one create_order: {len(queries)} queries; rows: {made[0]} order, {made[1]} deadlines, "
        f"{made[2]} audit, {made[3]} outbox"
    )
    rates: dict[str, float] = {}
    for name, call in (("bare", bare), ("service", service)):
        began = time.perf_counter()
        for _ in range(count):
            call()
        rates[name] = count / (time.perf_counter() - began)
    rate, base = rates["service"], rates["bare"]
    served, served_base = _create_in_parallel(site.pk, count)
    return [
        Row(
            db,
            f"create_order, one client ({count} orders)",
            f"{rate:.0f}/s ({ms(1 / rate)} each)",
            f"{base:.0f}/s bare Order.objects.create",
            f"{rate / base:.2f} ×",
            "",
            None,
        ),
        Row(
            db,
            f"create_order, {WORKERS} workers at once ({WORKERS} × {count} orders)",
            f"{served:.0f}/s",
            f"{served_base:.0f}/s bare Order.objects.create, {WORKERS} workers",
            f"{served / served_base:.2f} ×",
            "≥ 200/s",
            served >= CREATE_GOAL,
        ),
    ]


def _create_in_parallel(site_id: int, count: int) -> tuple[float, float]:
    """Orders per second when `WORKERS` processes create at once, as the web workers of `fuwu serve` do
    (WEB_CONCURRENCY, default 2): the service, then the bare insert. Each process is a fresh interpreter
    on the same scratch database (the environment names it)."""
    context = multiprocessing.get_context("spawn")
    rates = []
    for kind in ("service", "bare"):
        start = context.Barrier(WORKERS)
        results = context.Queue()
        workers = [
            context.Process(target=_creator, args=(kind, site_id, count, start, results))
            for _ in range(WORKERS)
        ]
        for worker in workers:
            worker.start()
        spans = [results.get(timeout=600) for _ in workers]
        for worker in workers:
            worker.join()
        began, ended = min(s[0] for s in spans), max(s[1] for s in spans)
        rates.append(WORKERS * count / (ended - began))
    return rates[0], rates[1]


def _creator(kind: str, site_id: int, count: int, start: Any, results: Any) -> None:
    import django

    django.setup()
    from django.utils import timezone

    from fuwu.core.models import Site
    from fuwu.orders.models import Order
    from fuwu.orders.services.orders import create_order

    site = Site.objects.get(pk=site_id)
    description, location, phone = "厨房水龙头漏水", "2栋1单元801", "13800138000"

    def one() -> None:
        if kind == "service":
            create_order(
                site=site,
                by=None,
                channel="qr",
                tags=["leak"],
                description=description,
                location=location,
                contact_phone=phone,
            )
        else:
            now = timezone.now()
            Order.objects.create(
                site=site,
                channel="qr",
                tags=["leak"],
                tag_text=",leak,",
                received_at=now,
                created_at=now,
                updated_at=now,
                description=description,
                location=location,
                contact_phone=phone,
            )

    for _ in range(10):  # warm: the first call compiles the site's rules
        one()
    start.wait()
    began = time.perf_counter()
    for _ in range(count):
        one()
    results.put((began, time.perf_counter()))


def measure_sweep(loaded: Loaded, db: str) -> list[Row]:
    """The routine sweep now, then a backlog: the sweep as if it had not run until 1,000 more fell due."""
    from django.utils import timezone

    from fuwu.regulations.models import Obligation

    open_rows = Obligation.objects.filter(state=Obligation.State.OPEN)
    now = timezone.now()
    late = open_rows.filter(due__lt=now).count()
    print(
        f"[{db}] sweep input: {Obligation.objects.count():,} obligations, {open_rows.count():,} open, "
        f"{late:,} past due"
    )
    upcoming = list(open_rows.filter(due__gte=now).order_by("due").values_list("due", flat=True)[:BACKLOG])
    rows = _sweep_once(db, now, "breach sweep", goal=SWEEP_GOAL)
    if len(upcoming) == BACKLOG:
        later = upcoming[-1] + dt.timedelta(microseconds=1)
        hours = (later - now).total_seconds() / 3600
        rows += _sweep_once(db, later, f"backlog sweep ({hours:.1f} h late)", goal=None)
    return rows


def _sweep_once(db: str, now: dt.datetime, what: str, *, goal: float | None) -> list[Row]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fuwu.core.models import OutboxMessage
    from fuwu.regulations.models import Obligation
    from fuwu.regulations.sweep import sweep

    before = {
        "open": set(Obligation.objects.filter(state="open").values_list("id", flat=True)),
        "unreminded": set(Obligation.objects.filter(reminded_at__isnull=True).values_list("id", flat=True)),
    }
    last_message = OutboxMessage.objects.order_by("-id").values_list("id", flat=True).first() or 0
    began = time.perf_counter()
    reminded, breached = sweep(now=now)
    seconds = time.perf_counter() - began
    messages = OutboxMessage.objects.filter(id__gt=last_message).count()
    print(
        f"[{db}] {what}: {seconds:.2f} s — {breached:,} breached, {reminded:,} reminded, "
        f"{messages:,} messages"
    )
    rows = [
        Row(
            db,
            f"{what} ({breached:,} breached, {reminded:,} reminded)",
            f"{seconds:.2f} s",
            f"{ms(seconds / max(1, breached + reminded))} per row",
            "",
            "—" if goal is None else f"≤ {goal:g} s",
            None if goal is None else seconds <= goal,
        )
    ]
    if goal is not None and seconds > goal:
        # Put the rows back as they were and remove the messages, then run the same sweep profiled.
        breached_ids = before["open"] - set(
            Obligation.objects.filter(state="open").values_list("id", flat=True)
        )
        Obligation.objects.filter(id__in=breached_ids).update(
            state="open", breached_at=None, breach_notified_at=None
        )
        reminded_ids = before["unreminded"] & set(
            Obligation.objects.filter(reminded_at__isnull=False).values_list("id", flat=True)
        )
        Obligation.objects.filter(id__in=reminded_ids).update(reminded_at=None)
        OutboxMessage.objects.filter(id__gt=last_message).delete()
        profile = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            profile.enable()
            again = sweep(now=now)
            profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("tottime").print_stats(8)
        stats.sort_stats("cumulative").print_stats(r"fuwu/|huey/|django/db/transaction", 16)
        print(
            f"[{db}] the same sweep again under cProfile: {again}, {len(queries):,} queries "
            f"({len(queries) / max(1, sum(again)):.1f} per row):"
        )
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))
    return rows
