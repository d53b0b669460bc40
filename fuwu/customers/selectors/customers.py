"""Whose customers a user sees: the general manager every site's, supervisors, the desk and return-visit
agents their sites', and a customer manager only the customers they look after — their own, and an absent
colleague's while standing in for them (p16.4: from the stand-in's start until it ends or is handed back)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.scoping import site_choices
from fuwu.customers.models import Customer, Substitution

# Roles that serve every customer of their sites.
SITE_WIDE: frozenset[Role] = frozenset(
    {Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.DISPATCHER, Role.VISITOR_AGENT}
)
CUSTOMER_READERS: frozenset[Role] = SITE_WIDE | {Role.CUSTOMER_MANAGER}
# Roles that write customers' files: the desk, managers and their supervisors (return-visit agents call
# customers through the follow-up app).
CUSTOMER_WRITERS: frozenset[Role] = frozenset(
    {Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.DISPATCHER, Role.CUSTOMER_MANAGER}
)


@dataclass(frozen=True)
class CustomerScope:
    """The sites whose customers a user may see and, for a customer manager, whose customers among them:
    ``managers`` is None for every customer of the sites, else (site id or None for any, manager id) pairs."""

    site_ids: tuple[int, ...]
    managers: tuple[tuple[int | None, int], ...] | None

    @property
    def empty(self) -> bool:
        return not self.site_ids or self.managers == ()

    def condition(self, prefix: str = "") -> Q:
        """The customers in scope, as a condition on Customer (or on the relation ``prefix``, such as
        ``customer__``)."""
        q = Q(**{f"{prefix}site_id__in": self.site_ids})
        if self.managers is None:
            return q
        mine = Q(pk__in=[])
        for site_id, manager_id in self.managers:
            pair = Q(**{f"{prefix}manager_id": manager_id})
            if site_id is not None:
                pair &= Q(**{f"{prefix}site_id": site_id})
            mine |= pair
        return q & mine


def standing_in_for(user: User, at: dt.datetime | None = None) -> list[tuple[int, int]]:
    """(site id, absent manager id) of every stand-in the user runs at ``at`` (now)."""
    moment = at or timezone.now()
    rows = (
        Substitution.objects.filter(substitute=user, starts_at__lte=moment, ended_at__isnull=True)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=moment))
        .values_list("site_id", "absent_id")
    )
    return list(rows)


def sees_every_customer_of_their_sites(user: User) -> bool:
    return user.is_superuser or user.has_role(*SITE_WIDE)


def customer_scope(user: User, at: dt.datetime | None = None) -> CustomerScope:
    """Whose customers ``user`` may see at ``at`` (now)."""
    if not user.is_active:
        return CustomerScope((), ())
    site_ids = tuple(site_id for site_id, _code, _name in site_choices(user))
    if sees_every_customer_of_their_sites(user):
        return CustomerScope(site_ids, None)
    if user.has_role(Role.CUSTOMER_MANAGER):
        pairs: list[tuple[int | None, int]] = [(None, user.pk)]
        pairs += standing_in_for(user, at)
        return CustomerScope(site_ids, tuple(pairs))
    return CustomerScope((), ())


def customers_visible_to(user: User, scope: CustomerScope | None = None) -> QuerySet[Customer]:
    """The customers ``user`` may see (pass the ``scope`` when it was read already)."""
    scope = scope or customer_scope(user)
    if scope.empty:
        return Customer.objects.none()
    return Customer.objects.filter(scope.condition())


def may_write(user: User) -> bool:
    return user.is_superuser or user.has_role(*CUSTOMER_WRITERS)
