"""What every after-sales write checks alike: the writer's role at the site, times not in the future,
texts within their length, money in yuan with two places, and the customer's facts a register copies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.aftersales.selectors.access import site_of_user
from fuwu.core.errors import UNKNOWN, FieldProblem, Maybe
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.customers.models import Customer, Purchase
from fuwu.regulations.policies import in_force

CLOCK_SKEW = dt.timedelta(minutes=2)  # a phone's clock a little ahead is not "in the future"
LARGEST = Decimal("9999999999.99")
CENT = Decimal("0.01")


def require(user: User, site: Site, roles: frozenset[Role], message: str) -> None:
    """PermissionDenied with ``message`` unless ``user`` works with ``site`` in one of ``roles``."""
    if not site_of_user(user, site, roles):
        raise PermissionDenied(message)


def local(site: Site, moment: dt.datetime) -> dt.datetime:
    """``moment`` in the site's zone (the zone its regulations judge in)."""
    return moment.astimezone(in_force(site).zone)


def text_problem(value: Maybe[str], field: str, *, longest: int, required: bool = True) -> list[FieldProblem]:
    if value is UNKNOWN:
        return []
    if required and not value.strip():
        return [(("body", field), gettext("This field is required."))]
    if len(value.strip()) > longest:
        return [(("body", field), gettext("At most %(count)s characters.") % {"count": longest})]
    return []


def moment_problem(
    value: Maybe[dt.datetime], field: str, *, now: dt.datetime, not_before: dt.datetime | None = None
) -> list[FieldProblem]:
    if value is UNKNOWN:
        return []
    if value > now + CLOCK_SKEW:
        return [(("body", field), gettext("This cannot be later than now."))]
    if not_before is not None and value < not_before:
        message = gettext("This cannot be earlier than %(time)s.") % {
            "time": timezone.localtime(not_before).strftime("%Y-%m-%d %H:%M")
        }
        return [(("body", field), message)]
    return []


def money_problem(
    value: Maybe[Decimal | None], field: str, *, positive: bool = False, required: bool = True
) -> list[FieldProblem]:
    if value is UNKNOWN:
        return []
    if value is None:
        return [(("body", field), gettext("This field is required."))] if required else []
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        return [(("body", field), gettext("Give yuan with at most two decimal places."))]
    if value < 0 or (positive and value == 0):
        message = gettext("Give more than 0.") if positive else gettext("Give 0 or more.")
        return [(("body", field), message)]
    if value > LARGEST:
        return [(("body", field), gettext("That is more than the account can hold."))]
    return []


def customer_facts(customer: Customer, purchase: Purchase | None) -> dict[str, Any]:
    """What p14.3.4.7 registers about the customer and the goods: name, address, contact, product, its
    grade and the purchase date — copied, so the register says what was known when it was written."""
    return {
        "customer_name": customer.name,
        "address": customer.address,
        "contact": customer.phone,
        "product": purchase.product if purchase is not None else "",
        "grade": purchase.grade if purchase is not None else "",
        "purchased_on": purchase.purchased_on if purchase is not None else None,
    }


def customer_problems(
    site: Site, customer: Maybe[Customer | None], purchase: Maybe[Purchase | None]
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if customer is None:
        problems.append((("body", "customer"), gettext("Choose the customer.")))
    elif customer is not UNKNOWN and customer.site_id != site.pk:
        problems.append((("body", "customer"), gettext("The customer is not one of this site's.")))
    if (
        purchase not in (None, UNKNOWN)
        and customer not in (None, UNKNOWN)
        and purchase.customer_id != customer.pk  # type: ignore[union-attr]
    ):
        problems.append((("body", "purchase"), gettext("The purchase is not this customer's.")))
    return problems
