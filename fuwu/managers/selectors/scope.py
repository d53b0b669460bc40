"""Who sees and does what about customer managers.

Seeing: a customer manager their own record, appraisals and income, and their customers as the customers
app scopes them (``customers_visible_to``); the supervisors and HR of a site its managers; the general
manager everything. Doing: the supervisors of the site (the department head, 部门主管) and the general
manager appraise, propose level changes, review eligibility, assign customers and pick key customers; only
the role a clause names — the department head — certifies eligibility (p05.eligible) and confirms a level
change (p05.result).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to

# Whose customers a user sees is the customers app's rule (a customer manager their own, and an absent
# colleague's only while standing in for them, p16.4): every list here filters by it.
from fuwu.customers.selectors.customers import customers_visible_to
from fuwu.managers.models import Appraisal, Manager

__all__ = [
    "APPRAISERS",
    "MANAGER_PAGES",
    "SITE_READERS",
    "appraisal_sites",
    "appraisals_visible_to",
    "customers_visible_to",
    "holds_role_at",
    "managers_visible_to",
    "may_appraise",
    "sees_everything",
]

# Who opens the managers' pages at all (each then sees their scope).
MANAGER_PAGES: frozenset[Role] = frozenset(
    {Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.HR_FINANCE, Role.CUSTOMER_MANAGER}
)
# Who sees every manager, appraisal and income of their sites.
SITE_READERS: frozenset[Role] = frozenset({Role.SUPERVISOR, Role.HR_FINANCE})
# Who appraises, reviews and assigns at their sites.
APPRAISERS: frozenset[Role] = frozenset({Role.SUPERVISOR, Role.GENERAL_MANAGER})


def sees_everything(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.has_role(Role.GENERAL_MANAGER))


def managers_visible_to(user: User) -> QuerySet[Manager]:
    """The managers whose record, appraisals and income ``user`` may see."""
    rows = Manager.objects.all()
    if sees_everything(user):
        return rows
    seen = Q(user=user)
    if user.has_role(*SITE_READERS):
        seen |= Q(site__in=sites_visible_to(user))
    return rows.filter(seen)


def appraisals_visible_to(user: User) -> QuerySet[Appraisal]:
    """A manager's own appraisals; a supervisor's or HR's site's; the general manager's all."""
    return Appraisal.objects.filter(manager__in=managers_visible_to(user))


def may_appraise(user: User, site: Site | int) -> bool:
    """Whether ``user`` appraises, reviews and assigns at ``site``."""
    if not user.is_active:
        return False
    if sees_everything(user):
        return True
    site_id = site if isinstance(site, int) else site.pk
    return user.has_role(*APPRAISERS) and sites_visible_to(user).filter(pk=site_id).exists()


def appraisal_sites(user: User) -> QuerySet[Site]:
    """The sites where ``user`` appraises, reviews and assigns."""
    if sees_everything(user):
        return Site.objects.all()
    if not user.is_active or not user.has_role(*APPRAISERS):
        return Site.objects.none()
    return sites_visible_to(user)


def holds_role_at(user: User, role: str, site: Site | int) -> bool:
    """Whether ``user`` holds the role ``role`` (a role code a clause names) at ``site``; the superuser
    does. Nobody else: a clause that names the department head is not answered by the general manager."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    try:
        wanted = Role(role)
    except ValueError:
        return False
    site_id = site if isinstance(site, int) else site.pk
    return user.has_role(wanted) and sites_visible_to(user).filter(pk=site_id).exists()
