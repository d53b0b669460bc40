"""The caller lookup: what was typed in the one box — a phone fragment, a plate, a name, an address as
written — and the customers it finds in the user's scope, each with their household, cars and recent
history, in a fixed number of queries whatever the number of customers (each search an indexed equality
on ``LookupKey.gram``, see ``customers.lookup.keys``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from fuwu.core.models import User
from fuwu.customers.lookup.keys import Term, Typed, understand
from fuwu.customers.models import Customer, CustomerEvent, LookupKey, Purchase, Residence, ServiceRecord
from fuwu.customers.selectors.customers import CustomerScope, customer_scope

FOUND = 20  # customers shown at most: more means the caller should type more
RECENT_EVENTS = 5
RECENT_SERVICES = 3
RECENT_PURCHASES = 3


@dataclass
class Lookup:
    """What the box held, understood, and the customers found (``more``: others match too)."""

    typed: Typed
    customers: list[Customer] = field(default_factory=list)
    more: bool = False


def found_ids(scope: CustomerScope, terms: tuple[Term, ...], limit: int) -> list[int]:
    """The ids of up to ``limit`` + 1 customers in scope that one step's searches find, in order found."""
    ids: dict[int, None] = {}
    for term in terms:
        rows = LookupKey.objects.filter(gram=term.gram, site_id__in=scope.site_ids)
        rows = rows.filter(key=term.key) if term.exact else rows.filter(key__startswith=term.key)
        if scope.managers is not None:
            rows = rows.filter(scope.condition("customer__"))
        # A customer matches with several keys at most a few times (two numbers, a number's two
        # positions): four times the rows wanted finds enough customers without DISTINCT.
        for customer_id in rows.values_list("customer_id", flat=True)[: (limit + 1) * 4]:
            ids[customer_id] = None
        if len(ids) > limit:
            break
    return list(ids)[: limit + 1]


def customers_with_history(ids: list[int]) -> list[Customer]:
    """The customers with these ids, in this order, each with their numbers, cars, household and its
    residents, and recent history (timeline, services, purchases): seven queries for any number."""
    events = CustomerEvent.objects.select_related("by").order_by("-at", "-pk")
    services = ServiceRecord.objects.select_related("vehicle").order_by("-day", "-pk")
    residents = Residence.objects.select_related("owner").order_by("pk")
    rows = (
        Customer.objects.filter(pk__in=ids)
        .select_related("site", "manager", "household", "filed_by")
        .prefetch_related(
            "phones",
            "vehicles",
            Prefetch("household__residence_set", queryset=residents, to_attr="people"),
            Prefetch("events", queryset=events[:RECENT_EVENTS], to_attr="recent_events"),
            Prefetch("services", queryset=services[:RECENT_SERVICES], to_attr="recent_services"),
            Prefetch(
                "purchases",
                queryset=Purchase.objects.order_by("-purchased_on", "-pk")[:RECENT_PURCHASES],
                to_attr="recent_purchases",
            ),
        )
    )
    by_id = {customer.pk: customer for customer in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def lookup(user: User, text: str, *, limit: int = FOUND, scope: CustomerScope | None = None) -> Lookup:
    """The customers ``user`` may see that ``text`` finds (see the module's docstring)."""
    typed = understand(text)
    found = Lookup(typed)
    scope = scope or customer_scope(user)
    if scope.empty or not typed.terms:
        return found
    ids: list[int] = []
    for step in typed.terms:
        ids = found_ids(scope, step, limit)
        if ids:
            break
    found.more = len(ids) > limit
    found.customers = customers_with_history(ids[:limit])
    return found
