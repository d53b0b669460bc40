"""The customers a lookup found, as model instances the pages and the API use as they are — site, manager,
household and who made the file set; numbers and cars as if prefetched; the household's residents with
the person, and the recent timeline, services (with the car) and purchases as lists — read in seven
prepared queries (``core.prepared``, decision 0019), whatever the number of customers.

The desk's box asks this as the caller's words are typed, and the ORM's own way (``select_related`` with
six ``prefetch_related``, three of them cut per customer by a window) cost ten times the queries in
building and compiling them. Here each read is compiled once per shape and its rows become instances with
``Model.from_db``, as the ORM's own would. The lists of ids are padded to the lookup's 20 (with ids of no
row): a shape is learnt by compiling its read once per value (a third of a second for the six reads of
twenty ids), which a desk should meet once after a start, not whenever another number of customers is
found. Twenty ids cost the databases no more than one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from operator import attrgetter
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from fuwu.core.models import Site, User
from fuwu.core.prepared import Values, prepared
from fuwu.customers.models import (
    Customer,
    CustomerEvent,
    CustomerPhone,
    Household,
    Owner,
    Purchase,
    Residence,
    ServiceRecord,
    Vehicle,
)

RECENT_EVENTS = 5
RECENT_SERVICES = 3
RECENT_PURCHASES = 3
SIZES = (20, 100)  # the lengths the lists of ids are padded to

M = TypeVar("M", bound=models.Model)
Joined = Sequence[tuple[str, type[models.Model]]]


def _columns(model: type[models.Model], prefix: str = "", *, pk: bool = True) -> tuple[str, ...]:
    return tuple(prefix + f.attname for f in model._meta.concrete_fields if pk or not f.primary_key)


@cache
def _with(model: type[models.Model], joined: Joined) -> tuple[str, ...]:
    """The model's columns, then those of the models its foreign keys ``joined`` name, as select_related
    joins them (without their ids: the keys hold them, and Django reads ``x_id`` and ``x__id`` as one)."""
    return _columns(model) + tuple(
        column for name, related in joined for column in _columns(related, f"{name}__", pk=False)
    )


# A customer with their site, manager, household and who made the file; a resident with the person; a
# service with the car.
CUSTOMER_JOINS: Joined = (("site", Site), ("manager", User), ("household", Household), ("filed_by", User))
RESIDENT_JOINS: Joined = (("owner", Owner),)
SERVICE_JOINS: Joined = (("vehicle", Vehicle),)


def padded(ids: Sequence[int]) -> list[int]:
    """``ids`` and as many negative numbers (ids of no row) as make the next length of ``SIZES`` (longer
    lists as they are). Not a repeated id: the ORM drops repeated values of ``IN``, changing the SQL."""
    size = next((n for n in SIZES if n >= len(ids)), len(ids))
    return [*ids, *range(-1, len(ids) - size - 1, -1)]


class _Reader:
    """An instance from a model's columns at ``start`` in a row, made by ``from_db`` as the ORM makes it.
    A model joined through a foreign key is read without its id: the key's column (at ``key``) holds it,
    and where that is None there is no related row."""

    def __init__(self, model: type[models.Model], start: int, key: int | None = None) -> None:
        fields = model._meta.concrete_fields
        assert fields[0].primary_key  # from_db takes the values in the order of the fields
        self.model, self.key, self.start = model, key, start
        self.names = [field.attname for field in fields]
        self.end = start + len(fields) - (0 if key is None else 1)

    def __call__(self, row: Sequence[Any]) -> Any:
        if self.key is None:
            return self.model.from_db(DEFAULT_DB_ALIAS, self.names, row[self.start : self.end])
        pk = row[self.key]
        if pk is None:
            return None
        return self.model.from_db(DEFAULT_DB_ALIAS, self.names, (pk, *row[self.start : self.end]))


class _Joined:
    """Rows of ``_with(model, joined)`` into instances with their related ones set, as select_related
    sets them."""

    def __init__(self, model: type[models.Model], joined: Joined) -> None:
        self.own = _Reader(model, 0)
        self.related: list[tuple[Callable[[models.Model, Any], None], _Reader]] = []
        start = self.own.end
        for name, related in joined:
            field = model._meta.get_field(name)
            assert isinstance(field, models.ForeignKey)
            reader = _Reader(related, start, key=self.own.names.index(field.attname))
            self.related.append((field.set_cached_value, reader))
            start = reader.end

    def __call__(self, row: Sequence[Any]) -> Any:
        instance = self.own(row)
        for set_related, reader in self.related:
            set_related(instance, reader(row))
        return instance


@cache
def _joined(model: type[models.Model], joined: Joined) -> _Joined:
    return _Joined(model, joined)


def _read(
    name: str, build: Callable[[Values], QuerySet[Any, Any]], ids: Sequence[int], **more: int
) -> list[Any]:
    listed = padded(ids)
    return prepared(name, build, {"ids": listed, **more}, shape=len(listed))


def _latest(
    model: type[models.Model], order: tuple[str, ...], joined: Joined
) -> Callable[[Values], QuerySet[Any, Any]]:
    """The latest ``keep`` rows of each customer by ``order`` (newest first), one window over them all
    (``keep`` a value of the read: every parameter of a prepared read is one)."""

    def build(v: Values) -> QuerySet[Any, Any]:
        ranked = Window(RowNumber(), partition_by=[F("customer_id")], order_by=[F(n).desc() for n in order])
        rows: QuerySet[Any, Any] = model._default_manager.filter(customer_id__in=v["ids"])
        latest: QuerySet[Any, Any] = rows.annotate(recent=ranked).filter(recent__lte=v["keep"])
        return latest.order_by().values_list(*_with(model, joined))

    return build


def _prefetched(instance: models.Model, name: str, rows: list[Any]) -> None:
    """``instance.<name>.all()`` gives ``rows`` without a query, as ``prefetch_related(name)`` leaves it."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _by_customer(rows: list[Any], order: tuple[str, str]) -> dict[int, list[Any]]:
    """Instances by their customer, newest first by ``order``."""
    found: dict[int, list[Any]] = {}
    for row in sorted(rows, key=attrgetter(*order), reverse=True):
        found.setdefault(row.customer_id, []).append(row)
    return found


def customers_with_history(ids: list[int]) -> list[Customer]:
    """The customers with these ids, in this order, each with their numbers, cars, household and its
    residents, and recent history (timeline, services, purchases)."""
    if not ids:
        return []
    customer = _joined(Customer, CUSTOMER_JOINS)
    found: dict[int, Customer] = {}
    columns = _with(Customer, CUSTOMER_JOINS)
    for row in _read("lookup_customers", lambda v: _rows(Customer, v).values_list(*columns), ids):
        instance = customer(row)
        found[instance.pk] = instance
    shown = [found[pk] for pk in dict.fromkeys(ids) if pk in found]
    keys = list(found)
    _numbers_and_cars(shown, keys)
    _residents(shown)
    _history(shown, keys)
    return shown


def _rows(model: type[M], v: Values, field: str = "pk") -> QuerySet[M, M]:
    return model._default_manager.filter(**{f"{field}__in": v["ids"]})


def _of_customers(model: type[models.Model]) -> Callable[[Values], QuerySet[Any, Any]]:
    def build(v: Values) -> QuerySet[Any, Any]:
        return _rows(model, v, "customer_id").order_by("pk").values_list(*_columns(model))

    return build


def _numbers_and_cars(shown: list[Customer], keys: list[int]) -> None:
    for name, model in (("phones", CustomerPhone), ("vehicles", Vehicle)):
        read = _joined(model, ())
        rows = _read(f"lookup_{name}", _of_customers(model), keys)
        of: dict[int, list[Any]] = {}
        for row in rows:
            item = read(row)
            of.setdefault(item.customer_id, []).append(item)
        for instance in shown:
            _prefetched(instance, name, of.get(instance.pk, []))


def _residents(shown: list[Customer]) -> None:
    """``household.people``: the residents of the customers' households, each with the person."""
    homes = [c.household for c in shown if c.household is not None]
    if not homes:
        return
    resident_of = _joined(Residence, RESIDENT_JOINS)
    columns = _with(Residence, RESIDENT_JOINS)
    rows = _read(
        "lookup_residents",
        lambda v: _rows(Residence, v, "household_id").order_by("pk").values_list(*columns),
        list(dict.fromkeys(home.pk for home in homes)),
    )
    people: dict[int, list[Residence]] = {}
    for row in rows:
        resident = resident_of(row)
        people.setdefault(resident.household_id, []).append(resident)
    for home in homes:  # customers of one household each have their own instance of it
        home.people = people.get(home.pk, [])  # type: ignore[attr-defined]


# (attribute, model, newest first by, joined, how many) of each customer's recent history.
RECENT: tuple[tuple[str, type[models.Model], tuple[str, str], Joined, int], ...] = (
    ("recent_events", CustomerEvent, ("at", "pk"), (), RECENT_EVENTS),
    ("recent_services", ServiceRecord, ("day", "pk"), SERVICE_JOINS, RECENT_SERVICES),
    ("recent_purchases", Purchase, ("purchased_on", "pk"), (), RECENT_PURCHASES),
)


def _history(shown: list[Customer], keys: list[int]) -> None:
    """The latest timeline entries, services (each with its car) and purchases of each customer."""
    for name, model, order, joined, keep in RECENT:
        read = _joined(model, joined)
        rows = [read(row) for row in _read(f"lookup_{name}", _latest(model, order, joined), keys, keep=keep)]
        newest = _by_customer(rows, order)
        for instance in shown:
            setattr(instance, name, newest.get(instance.pk, []))
