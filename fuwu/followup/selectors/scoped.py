"""What of follow-up a user may see: the requests, calls and letters of the customers they may see (a
customer manager their own and those they stand in for; the site's people every customer of their
sites), and the campaigns, households and tasks of their sites."""

from __future__ import annotations

from django.db.models import QuerySet

from fuwu.core.access import has_any_role
from fuwu.core.models import User
from fuwu.core.scoping import sites_visible_to
from fuwu.customers.selectors.customers import customer_scope
from fuwu.followup.access import FOLLOWUP_ROLES
from fuwu.followup.models import Call, CallRequest, Campaign, Letter, ServiceTask


def requests_visible_to(user: User) -> QuerySet[CallRequest]:
    scope = customer_scope(user)
    if scope.empty or not has_any_role(user, FOLLOWUP_ROLES):
        return CallRequest.objects.none()
    return CallRequest.objects.filter(scope.condition("customer__"))


def calls_visible_to(user: User) -> QuerySet[Call]:
    scope = customer_scope(user)
    if scope.empty or not has_any_role(user, FOLLOWUP_ROLES):
        return Call.objects.none()
    return Call.objects.filter(scope.condition("customer__"))


def letters_visible_to(user: User) -> QuerySet[Letter]:
    scope = customer_scope(user)
    if scope.empty or not has_any_role(user, FOLLOWUP_ROLES):
        return Letter.objects.none()
    return Letter.objects.filter(scope.condition("customer__"))


def campaigns_visible_to(user: User) -> QuerySet[Campaign]:
    if not has_any_role(user, FOLLOWUP_ROLES):
        return Campaign.objects.none()
    return Campaign.objects.filter(site__in=sites_visible_to(user))


def tasks_visible_to(user: User) -> QuerySet[ServiceTask]:
    if not has_any_role(user, FOLLOWUP_ROLES):
        return ServiceTask.objects.none()
    return ServiceTask.objects.filter(site__in=sites_visible_to(user))
