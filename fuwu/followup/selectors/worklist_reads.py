"""The worklist's reads: each source's next rows of some managers after a cursor, and the names of the
obligations' subjects — prepared reads (``core.prepared``, decision 0019), since a manager opens the list
all day and compiling its seven querysets cost more than running them.

Every value of a read's SQL is one of its values (the states too), so a read is compiled once per shape:
the number of managers, the rows wanted and how the cursor continues (the customers without a plan, whose
SQL holds a constant of the ORM's, are read through it). The ids whose names are read are padded to a
few lengths with ids of no row, so that those reads have few shapes to learn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from fuwu.core.prepared import Row, Values, prepared
from fuwu.customers.models import Customer, Household
from fuwu.followup.models import CallRequest, Campaign, ContactPlan, ServiceTask
from fuwu.regulations.models import Obligation

SUBJECTS = ("customer", "campaign", "household")
# The order of the sources among rows due at the same moment; part of the cursor.
SOURCES = ("obligation", "plan", "request", "task", "file")
NAME_SIZES = (8, 32, 128)  # the lengths the ids of a page's subjects are padded to (a page: 101 at most)

Cursor = tuple[dt.datetime, int, int]  # (due, rank of the source, id)
Build = Callable[[Values], QuerySet[Any, Any]]

OBLIGATION_COLUMNS = (
    "pk", "subject_type", "subject_id", "what", "clause", "because", "due", "earliest", "assignee_id",
    "site_id",
)  # fmt: skip
PLAN_COLUMNS = (
    "pk", "customer_id", "customer__name", "customer__manager_id", "planned_at", "content", "emergency",
    "site_id",
)  # fmt: skip
REQUEST_COLUMNS = (
    "pk", "customer_id", "customer__name", "customer__manager_id", "due", "text", "state", "kind", "site_id",
)  # fmt: skip
TASK_COLUMNS = (
    "pk", "what", "title", "clause", "due", "assignee_id", "site_id", "household_id", "household__community",
    "household__building", "household__unit", "household__room",
)  # fmt: skip
FILE_COLUMNS = ("pk", "name", "manager_id", "filed_at", "site_id")


# What the list's statements run with on PostgreSQL. Each join of a source starts from the managers'
# customers (a thousand a manager) and looks up their rows by index, about 3 ms; with its default costs
# the planner rather hashed the company's open rows (the 15,000 planned contacts at 100,000 open tasks:
# 10 ms) and shared the scan of the customers among parallel workers whose start cost more than the
# scan (10-20 ms a statement). Measured with benchmarks/bench_followup_worklist.py, docs/performance.md.
PLANNER = (
    "SELECT set_config('max_parallel_workers_per_gather', '0', true),"
    " set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)"
)


@contextmanager
def lookups_by_index() -> Iterator[None]:
    """The worklist's statements planned as lookups by index (``PLANNER``). SET LOCAL ends with the
    transaction (in a request's transaction, with the request's); SQLite plans them so already, and its
    transactions take the write lock, so none is opened there."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(PLANNER)  # SET LOCAL, three at once
        yield


def _after(source: str, after: Cursor | None) -> tuple[str, dict[str, Any]]:
    """How the rows of ``source`` continue strictly after the cursor in (due, source, id) order: a word
    for the read's shape and the values it compares with."""
    if after is None:
        return "", {}
    due, rank, pk = after
    mine = SOURCES.index(source)
    if mine > rank:
        return "from", {"after": due}
    if mine < rank:
        return "later", {"after": due}
    return "next", {"after": due, "after_pk": pk}


def _continuing(due_field: str, how: str, v: Values) -> Q:
    if how == "from":
        return Q(**{f"{due_field}__gte": v["after"]})
    if how == "later":
        return Q(**{f"{due_field}__gt": v["after"]})
    if how == "next":
        return Q(**{f"{due_field}__gt": v["after"]}) | Q(**{due_field: v["after"], "pk__gt": v["after_pk"]})
    return Q()


def _read(
    source: str,
    build: Callable[[Values, str], QuerySet[Any, Any]],
    values: dict[str, Any],
    take: int,
    after: Cursor | None,
) -> list[Row]:
    """The first ``take`` rows of ``build`` after the cursor."""
    how, more = _after(source, after)
    shape = (how, take, len(values["managers"]))
    return prepared(f"worklist_{source}", lambda v: build(v, how)[:take], {**values, **more}, shape=shape)


def obligations(managers: list[int], take: int, after: Cursor | None) -> list[Row]:
    """The regulations' stored deadlines and windows of the managers' subjects still owed: open, or
    breached and not met yet; by due time."""

    def build(v: Values, how: str) -> QuerySet[Any, Any]:
        owed = Q(state=v["open"]) | Q(state=v["breached"], met_at__isnull=True)
        rows = Obligation.objects.filter(owed, assignee_id__in=v["managers"], subject_type__in=v["subjects"])
        return rows.filter(_continuing("due", how, v)).order_by("due", "pk").values_list(*OBLIGATION_COLUMNS)

    values = {
        "managers": managers,
        "subjects": list(SUBJECTS),
        "open": Obligation.State.OPEN.value,
        "breached": Obligation.State.BREACHED.value,
    }
    return _read("obligation", build, values, take, after)


def plans(managers: list[int], take: int, after: Cursor | None) -> list[Row]:
    """Planned contacts with the managers' customers, by when they are planned."""

    def build(v: Values, how: str) -> QuerySet[Any, Any]:
        rows = ContactPlan.objects.filter(state=v["planned"], customer__manager_id__in=v["managers"])
        return (
            rows.filter(_continuing("planned_at", how, v))
            .order_by("planned_at", "pk")
            .values_list(*PLAN_COLUMNS)
        )

    values = {"managers": managers, "planned": ContactPlan.State.PLANNED.value}
    return _read("plan", build, values, take, after)


def requests(managers: list[int], take: int, after: Cursor | None) -> list[Row]:
    """Requests raised in calls with the managers' customers and not answered yet, by due time."""

    def build(v: Values, how: str) -> QuerySet[Any, Any]:
        rows = CallRequest.objects.filter(state__in=v["states"], customer__manager_id__in=v["managers"])
        return rows.filter(_continuing("due", how, v)).order_by("due", "pk").values_list(*REQUEST_COLUMNS)

    values = {"managers": managers, "states": list(CallRequest.OPEN_STATES)}
    return _read("request", build, values, take, after)


def tasks(managers: list[int], take: int, after: Cursor | None) -> list[Row]:
    """The property services' open tasks assigned to the managers, by due time."""

    def build(v: Values, how: str) -> QuerySet[Any, Any]:
        rows = ServiceTask.objects.filter(state=v["open"], assignee_id__in=v["managers"])
        return rows.filter(_continuing("due", how, v)).order_by("due", "pk").values_list(*TASK_COLUMNS)

    values = {"managers": managers, "open": ServiceTask.State.OPEN.value}
    return _read("task", build, values, take, after)


def planless(managers: list[int], take: int, after: Cursor | None) -> list[Row]:
    """The managers' customers whose file was made and whose next contact was never planned (p16.b3: 在建立
    客户档案的同时), by when the file was made. Read through the ORM: its NOT EXISTS selects the ORM's own
    constant (``SELECT 1``), a parameter no value gives, so it cannot be prepared."""
    how, values = _after("file", after)
    # The customers without a plan are found from the managers' customers' ids alone (SQLite reads
    # them from the index on the manager, a quarter of the time of reading every customer's row), and
    # only those few rows are read.
    planned = ContactPlan.objects.filter(customer_id=OuterRef("pk"))
    without = Customer.objects.filter(manager_id__in=managers).filter(~Exists(planned)).values("pk")
    rows = Customer.objects.filter(pk__in=without, filed_at__isnull=False)
    rows = rows.filter(_continuing("filed_at", how, values))
    return list(rows.order_by("filed_at", "pk").values_list(*FILE_COLUMNS)[:take])


def _padded(ids: Sequence[int]) -> list[int]:
    """``ids`` and as many negative numbers (ids of no row; not repeated ids, which the ORM drops from an
    ``IN``) as make the next length of ``NAME_SIZES``."""
    size = next((n for n in NAME_SIZES if n >= len(ids)), len(ids))
    return [*ids, *range(-1, len(ids) - size - 1, -1)]


def _names_of(name: str, build: Build, ids: set[int]) -> list[Row]:
    if not ids:
        return []
    listed = _padded(sorted(ids))
    return prepared(f"worklist_names_{name}", build, {"ids": listed}, shape=len(listed))


def subject_names(rows: Sequence[Row]) -> dict[tuple[str, str], str]:
    """The names of the obligations' subjects (customers, campaigns, households): one read per kind."""
    ids: dict[str, set[int]] = {kind: set() for kind in SUBJECTS}
    for row in rows:
        ids[row[1]].add(int(row[2]))
    names: dict[tuple[str, str], str] = {}
    customers = _names_of(
        "customer",
        lambda v: Customer.objects.filter(pk__in=v["ids"]).values_list("pk", "name"),
        ids["customer"],
    )
    for pk, name in customers:
        names[("customer", str(pk))] = name
    campaigns = _names_of(
        "campaign",
        lambda v: Campaign.objects.filter(pk__in=v["ids"]).values_list("pk", "title"),
        ids["campaign"],
    )
    for pk, title in campaigns:
        names[("campaign", str(pk))] = title
    homes = _names_of(
        "household",
        # Without the model's ordering, which would join the sites to sort by their codes.
        lambda v: (
            Household.objects.filter(pk__in=v["ids"])
            .order_by()
            .values_list("pk", "community", "building", "unit", "room")
        ),
        ids["household"],
    )
    for pk, *address in homes:
        names[("household", str(pk))] = Household.address_of(*address)
    return names
