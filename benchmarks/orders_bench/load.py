"""Fill the scratch database fast: the people through the ORM (a dozen rows), the big tables in bulk.

SQLite: one raw connection with ``synchronous=OFF`` and ``journal_mode=MEMORY`` for the load only,
big ``executemany`` batches in one transaction per table, back to WAL and ``ANALYZE`` afterwards.
PostgreSQL: ``COPY`` through psycopg with foreign-key triggers off for the session
(``session_replication_role = replica``),
the identity sequences reset and ``ANALYZE`` at the end (autovacuum would do it on a live server). On
both, each table's secondary indexes are dropped before its rows go in and rebuilt after, which is
several times faster than maintaining them row by row; the rebuilt indexes are the migrations' own.

Columns the plan does not name take the model field's default, so a field added to a model later does
not break the loader (a NOT NULL field without default does, loudly).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import models

from orders_bench import plan as p
from orders_bench.scratch import Scratch

BATCH = 50_000
Rows = Iterator[tuple[object, ...]]


@dataclass(frozen=True)
class People:
    """Who the measurements act as."""

    sites: tuple[Any, Any]  # core.Site rows
    dispatcher: Any  # core.User, a dispatcher of both sites
    technicians: tuple[list[int], list[int]]


def make_people() -> People:
    """Two sites under the demo profile, four technicians, two dispatchers and a supervisor per site."""
    from django.contrib.auth.models import Group

    from fuwu.core.models import Membership, Site, User
    from fuwu.core.roles import Role
    from fuwu.regulations.models import SiteRegulation

    sites = (
        Site.objects.create(kind=Site.Kind.COMMUNITY, name="基准花园", code="bench-a"),
        Site.objects.create(kind=Site.Kind.COMMUNITY, name="基准名苑", code="bench-b"),
    )
    groups = {role: Group.objects.get(name=role.group_name) for role in Role}
    technicians: tuple[list[int], list[int]] = ([], [])

    def person(name: str, role: Role, *at: Any) -> Any:
        user = User.objects.create(username=name, display_name=name, is_active=True)
        user.groups.add(groups[role])
        for site in at:
            Membership.objects.create(user=user, site=site)
        return user

    dispatcher = person("bench-dispatcher", Role.DISPATCHER, *sites)
    for index, site in enumerate(sites):
        SiteRegulation.objects.create(site=site, profile="demo")
        person(f"bench-dispatcher-{index}", Role.DISPATCHER, site)
        person(f"bench-supervisor-{index}", Role.SUPERVISOR, site)
        for number in range(4):
            technicians[index].append(person(f"bench-tech-{index}-{number}", Role.TECHNICIAN, site).pk)
    return People(sites, dispatcher, technicians)


def _db_value(value: object) -> object:
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        raise ValueError("every datetime column must be given by the plan")
    return value


def with_defaults(model: type[models.Model], given: list[str], rows: Rows) -> tuple[list[str], Rows]:
    """All concrete columns of ``model``: the plan's values, then each other field's default."""
    rest = [f for f in model._meta.concrete_fields if f.column not in given]
    fixed = tuple(_db_value(f.get_default()) for f in rest)
    return [*given, *(f.column for f in rest)], (row + fixed for row in rows)


# ---------------------------------------------------------------- SQLite


def _sqlite_load(path: str, tables: list[tuple[str, list[str], Rows]]) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=MEMORY")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-400000")
        for table, columns, rows in tables:
            indexes = db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=? AND sql IS NOT NULL",
                (table,),
            ).fetchall()
            for name, _sql in indexes:
                db.execute(f'DROP INDEX "{name}"')
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            db.execute("BEGIN")
            while batch := list(islice(rows, BATCH)):
                db.executemany(insert, batch)
            db.execute("COMMIT")
            for _name, sql in indexes:
                db.execute(sql)
        db.execute("PRAGMA journal_mode=WAL")
        # Without statistics SQLite's planner picks a site index for the KPI subqueries (hundreds of
        # seconds at 100,000 orders); Fuwu does not run ANALYZE itself, see docs/performance.md.
        db.execute("ANALYZE")
    finally:
        db.close()


# ---------------------------------------------------------------- PostgreSQL


def _line(row: tuple[object, ...]) -> str:
    # The plan's text never holds a tab, newline or backslash, so COPY's text format needs no escaping.
    return "\t".join(["\\N" if v is None else str(v) for v in row]) + "\n"


def _pg_load(url: str, tables: list[tuple[str, list[str], Rows]]) -> None:
    import psycopg

    with psycopg.connect(url) as db:
        db.execute("SET session_replication_role = replica")
        db.execute("SET maintenance_work_mem = '512MB'")
        for table, columns, rows in tables:
            indexes = db.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                (table,),
            ).fetchall()
            for name, _sql in indexes:
                db.execute(f'DROP INDEX "{name}"')  # names from the catalogue
            with db.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                while batch := list(islice(rows, BATCH)):
                    copy.write("".join(map(_line, batch)))
            for _name, sql in indexes:
                db.execute(sql)
        db.commit()
        db.execute("SET session_replication_role = DEFAULT")
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("ANALYZE")


# ---------------------------------------------------------------- both


@dataclass(frozen=True)
class Loaded:
    plan: p.Plan
    people: People
    seconds: float
    counts: dict[str, int]


def load(where: Scratch, orders: int, *, open_deadlines: int = 10_000, past_due: int = 100) -> Loaded:
    """Make the people, draw the plan and write orders, obligations and return visits."""
    from django.core.management.color import no_style
    from django.db import connection

    from fuwu.orders.models import Order, ReturnVisit
    from fuwu.regulations.models import Obligation

    began = time.perf_counter()
    people = make_people()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    base = (now - dt.timedelta(days=365)).replace(hour=0, minute=0, second=0)
    open_deadlines = min(open_deadlines, orders // 10)
    plan = p.Plan(
        orders=orders,
        open_deadlines=open_deadlines,
        past_due=min(past_due, open_deadlines // 100),
        visits=int(orders * 0.3),
        base=base,
        now=int((now - base).total_seconds()),
        sites=(people.sites[0].pk, people.sites[1].pk),
        technicians=people.technicians,
    )
    plan.draw()
    clock = p.Clock(base, postgres=where.engine == "postgres")
    counts: dict[str, int] = {}

    def counted(name: str, rows: Rows) -> Rows:
        for row in rows:
            counts[name] = counts.get(name, 0) + 1
            yield row

    specs: list[tuple[type[models.Model], list[str], Callable[[p.Plan, p.Clock], Rows]]] = [
        (Order, p.ORDER_COLUMNS, p.order_rows),
        (Obligation, p.OBLIGATION_COLUMNS, p.obligation_rows),
        (ReturnVisit, p.VISIT_COLUMNS, p.visit_rows),
    ]
    tables: list[tuple[str, list[str], Rows]] = []
    for model, given, make in specs:
        columns, rows = with_defaults(model, given, counted(model._meta.db_table, make(plan, clock)))
        tables.append((model._meta.db_table, columns, rows))
    connection.close()
    if where.engine == "postgres":
        assert where.database_url is not None
        _pg_load(where.database_url, tables)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Order, Obligation, ReturnVisit]):
                cursor.execute(sql)
    else:
        _sqlite_load(str(where.sqlite_path), tables)
    return Loaded(plan, people, time.perf_counter() - began, counts)
