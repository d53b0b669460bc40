"""The caller lookup: what was typed in the one box — a phone fragment, a plate, a name, an address as
written — and the customers it finds in the user's scope, each with their household, cars and recent
history, in a fixed number of queries whatever the number of customers (each search an indexed equality
on ``LookupKey.gram``, see ``customers.lookup.keys``; the customers read by ``customers.lookup.history``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fuwu.core.models import User
from fuwu.customers.lookup.history import customers_with_history
from fuwu.customers.lookup.keys import Term, Typed, understand
from fuwu.customers.models import Customer, LookupKey
from fuwu.customers.selectors.customers import CustomerScope, customer_scope

FOUND = 20  # customers shown at most: more means the caller should type more


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
