"""Which orders and visits a person may see: their sites', and a technician only their own orders."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from fuwu.core.models import User
from fuwu.core.prepared import prepared
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.customers.models import Household
from fuwu.orders.models import Order, ReturnVisit

# Roles that see every order of their sites; a technician sees only the orders assigned to them.
ORDER_READERS = frozenset(
    {Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.DISPATCHER, Role.VISITOR_AGENT, Role.CUSTOMER_MANAGER}
)
DISPATCHERS = frozenset({Role.SUPERVISOR, Role.DISPATCHER})
VISIT_AGENTS = frozenset({Role.SUPERVISOR, Role.VISITOR_AGENT, Role.DISPATCHER, Role.GENERAL_MANAGER})


def _active(user: User | AnonymousUser) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


@dataclass(frozen=True)
class OrderScope:
    """Which orders a person may open: every one (the general manager), those of some sites, a
    technician's own at their sites, or none. ``kind`` shapes the query; the ids are its values."""

    kind: Literal["all", "sites", "own", "none"]
    site_ids: tuple[int, ...] = ()
    technician_id: int | None = None


def order_scope(user: User | AnonymousUser) -> OrderScope:
    """The orders the user may open; anything else answers 404, as if it did not exist."""
    person = _active(user)
    if person is None:
        return OrderScope("none")
    if person.is_superuser or person.has_role(Role.GENERAL_MANAGER):
        return OrderScope("all")
    if not person.has_role(*ORDER_READERS, Role.TECHNICIAN):
        return OrderScope("none")
    ids = person.loaded_site_ids()
    if ids is None:
        ids = list(sites_visible_to(person).order_by("pk").values_list("pk", flat=True))
    if person.has_role(*ORDER_READERS):
        return OrderScope("sites", tuple(ids))
    return OrderScope("own", tuple(ids), person.pk)


def orders_in(kind: str, site_ids: Sequence[int] = (), technician_id: int | None = None) -> QuerySet[Order]:
    """The orders of a scope, from its parts (so that a prepared read can pass them as values)."""
    if kind == "all":
        return Order.objects.all()
    if kind == "sites":
        return Order.objects.filter(site_id__in=list(site_ids))
    if kind == "own":
        return Order.objects.filter(site_id__in=list(site_ids), technician_id=technician_id)
    return Order.objects.none()


def orders_visible_to(user: User | AnonymousUser) -> QuerySet[Order]:
    """Orders the user may open; anything else answers 404, as if it did not exist."""
    scope = order_scope(user)
    return orders_in(scope.kind, scope.site_ids, scope.technician_id)


def visits_visible_to(user: User | AnonymousUser) -> QuerySet[ReturnVisit]:
    """Return visits the user may open: visit staff of the site, or the technician of the order."""
    person = _active(user)
    if person is None:
        return ReturnVisit.objects.none()
    if person.is_superuser or person.has_role(Role.GENERAL_MANAGER):
        return ReturnVisit.objects.all()
    sites = sites_visible_to(person)
    if person.has_role(*ORDER_READERS):
        return ReturnVisit.objects.filter(site__in=sites)
    if person.has_role(Role.TECHNICIAN):
        return ReturnVisit.objects.filter(site__in=sites, order__technician=person)
    return ReturnVisit.objects.none()


def technicians_of(site_id: int) -> QuerySet[User]:
    """Active technicians of a site, for dispatch."""
    return technicians_at([site_id])


def technicians_at(site_ids: Iterable[int], group: str = Role.TECHNICIAN.group_name) -> QuerySet[User]:
    """Active technicians (members of ``group``) of any of these sites, by username."""
    return (
        User.objects.filter(is_active=True, membership__site_id__in=list(site_ids), groups__name=group)
        .distinct()
        .order_by("username")
    )


def technician_names(site_ids: Iterable[int]) -> list[tuple[int, str]]:
    """(id, name) of the active technicians of these sites, by username: a filter's choices on every
    board (a prepared read, core.prepared)."""
    ids = sorted(set(site_ids))
    rows = prepared(
        "technician_names",
        lambda v: technicians_at(v["sites"], v["group"]).values_list("id", "display_name", "username"),
        {"sites": ids, "group": Role.TECHNICIAN.group_name},
    )
    return [(pk, display or username) for pk, display, username in rows]


# The columns ``place_of`` reads from an order row (``values()``), the household's address joined.
PLACE_COLUMNS = (
    "location",
    "household_id",
    "household__community",
    "household__building",
    "household__unit",
    "household__room",
)


def place_of(row: Mapping[str, Any]) -> str:
    """``Order.place`` from a row: the household's address unless a location was written at intake."""
    if row["location"] or row["household_id"] is None:
        return str(row["location"])
    return Household.address_of(
        row["household__community"],
        row["household__building"],
        row["household__unit"],
        row["household__room"],
    )
