"""Giving customers a manager, one or many at once (p05.assign: one named manager, a stable relation with
its history), through the customers app's ``assign_manager``; the customers' care-plan tasks move along."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from fuwu.core.errors import FieldProblem, Invalid
from fuwu.core.models import User
from fuwu.customers.models import Customer
from fuwu.customers.services.customers import assign_manager
from fuwu.managers.models import KeyCustomer, Manager
from fuwu.managers.selectors.scope import may_appraise
from fuwu.managers.services.cycle import follow_care

MOST = 500  # customers in one request


def assign_customers(
    *, manager: Manager, customers: Sequence[Customer], by: User, reason: str = ""
) -> list[Customer]:
    """Make ``manager`` the manager of every customer given (all of the manager's site): each customer's
    last assignment ends and a new one begins (history kept); their open tasks move to the manager."""
    if not may_appraise(by, manager.site):
        raise PermissionDenied(
            gettext("Only a supervisor of the site or the general manager assigns customers.")
        )
    problems: list[FieldProblem] = []
    if not customers:
        problems.append((("body", "customers"), gettext("Choose at least one customer.")))
    elif len(customers) > MOST:
        problems.append((("body", "customers"), gettext("At most 500 customers at once.")))
    for index, customer in enumerate(customers):
        if customer.site_id != manager.site_id:
            problems.append((("body", "customers", index), gettext("A customer of another site.")))
    if len(reason.strip()) > 200:
        problems.append((("body", "reason"), gettext("At most 200 characters.")))
    Invalid.unless_empty(problems)
    changed: list[Customer] = []
    with transaction.atomic():
        for customer in customers:
            changed.append(assign_manager(customer, manager.user, by=by, reason=reason.strip()))
        years = KeyCustomer.objects.filter(customer__in=[c.pk for c in changed]).values_list(
            "customer_id", "review__year"
        )
        by_id = {c.pk: c for c in changed}
        for customer_id, year in sorted(set(years)):
            follow_care(by_id[customer_id], year)
    return changed
