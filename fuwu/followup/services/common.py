"""What every follow-up write checks alike: the writer may act for the customer or site, times are not
in the future, texts fit their fields."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.access import has_any_role
from fuwu.core.errors import UNKNOWN, FieldProblem, Maybe
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.customers.models import Customer
from fuwu.customers.selectors.customers import customers_visible_to

CLOCK_SKEW = dt.timedelta(minutes=2)  # a phone's clock a little ahead is not "in the future"


def require_customer(user: User, customer: Customer, roles: frozenset[Role], message: str) -> None:
    """PermissionDenied unless ``user`` holds one of ``roles`` and may see ``customer`` (a customer
    manager their own, or a colleague's while standing in)."""
    if not has_any_role(user, roles) or not customers_visible_to(user).filter(pk=customer.pk).exists():
        raise PermissionDenied(message)


def require_site(user: User, site: Site, roles: frozenset[Role], message: str) -> None:
    """PermissionDenied unless ``user`` holds one of ``roles`` and works at ``site``."""
    if not has_any_role(user, roles) or not sites_visible_to(user).filter(pk=site.pk).exists():
        raise PermissionDenied(message)


def text_problem(value: Maybe[str], field: str, *, longest: int, required: bool = True) -> list[FieldProblem]:
    if value is UNKNOWN:
        return []
    if required and not value.strip():
        return [(("body", field), gettext("This field is required."))]
    if len(value.strip()) > longest:
        return [(("body", field), gettext("At most %(count)s characters.") % {"count": longest})]
    return []


def past_problem(value: Maybe[dt.datetime], field: str, *, now: dt.datetime) -> list[FieldProblem]:
    """A moment that has to have happened already."""
    if value is UNKNOWN:
        return []
    if value > now + CLOCK_SKEW:
        return [(("body", field), gettext("This cannot be later than now."))]
    return []


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()
