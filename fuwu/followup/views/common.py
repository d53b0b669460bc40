"""What the follow-up pages share: the user, the customer in their reach, the people of a site."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from fuwu.core.access import signed_in_user
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.customers.models import Customer
from fuwu.customers.selectors.customers import customers_visible_to
from fuwu.followup.access import FOLLOWUP_ROLES


def customer_in_reach(request: HttpRequest, pk: int) -> Customer:
    """The customer ``pk`` if the user may see them, else 404 (never revealing that they exist)."""
    user = signed_in_user(request)
    customer = customers_visible_to(user).filter(pk=pk).select_related("site", "manager", "household").first()
    if customer is None:
        raise Http404
    return customer


def people_of(site: Site | int, roles: frozenset[Role] = FOLLOWUP_ROLES) -> list[User]:
    """The active people of ``site`` holding one of ``roles``, by name."""
    pk = site if isinstance(site, int) else site.pk
    rows: QuerySet[User] = (
        User.objects.filter(
            is_active=True, sites__pk=pk, groups__name__in=[role.group_name for role in roles]
        )
        .distinct()
        .order_by("display_name", "username")
    )
    return list(rows)
