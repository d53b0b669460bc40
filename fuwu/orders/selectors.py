"""Which orders and visits a person may see: their sites', and a technician only their own orders."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from fuwu.core.models import User
from fuwu.core.prepared import prepared
from fuwu.core.roles import Role
from fuwu.core.scoping import in_visible_sites, sites_visible_to
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


def orders_visible_to(user: User | AnonymousUser) -> QuerySet[Order]:
    """Orders the user may open; anything else answers 404, as if it did not exist."""
    person = _active(user)
    if person is None:
        return Order.objects.none()
    if person.is_superuser or person.has_role(Role.GENERAL_MANAGER):
        return Order.objects.all()
    if person.has_role(*ORDER_READERS):
        return Order.objects.filter(in_visible_sites(person))
    if person.has_role(Role.TECHNICIAN):
        return Order.objects.filter(in_visible_sites(person), technician=person)
    return Order.objects.none()


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


def technicians_at(site_ids: Iterable[int]) -> QuerySet[User]:
    """Active technicians of any of these sites, by username."""
    return (
        User.objects.filter(
            is_active=True, membership__site_id__in=list(site_ids), groups__name=Role.TECHNICIAN.group_name
        )
        .distinct()
        .order_by("username")
    )


def technician_names(site_ids: Iterable[int]) -> list[tuple[int, str]]:
    """(id, name) of the active technicians of these sites, by username: a filter's choices on every
    board (a prepared read, core.prepared)."""
    ids = sorted(set(site_ids))
    rows = prepared(
        "technician_names",
        lambda: technicians_at(ids).values_list("id", "display_name", "username"),
        [Role.TECHNICIAN.group_name, *ids],  # the order the ORM binds them (checked at the first compile)
        shape=(len(ids),),
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
