"""Who works with after-sales and what they see: the people of a site see its rows only; the general
manager every site's.

- The desk (calls, complaints, returns, design defects): the general manager, supervisors, customer
  service / dispatchers and customer managers (p12.3, p14.3.4.7).
- Concluding a complaint (substantiated or not), routing quality complaints, the supervisor's own call
  record (p12.14): supervisors and the general manager.
- The parts store and the department's account (p12.16a): the general manager, supervisors, dispatchers.
- The reports (p12.5, p12.10, p12.16b): the general manager, supervisors and finance.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from fuwu.core.access import has_any_role
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to

DESK_ROLES: frozenset[Role] = frozenset(
    {Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.DISPATCHER, Role.CUSTOMER_MANAGER}
)
DECIDER_ROLES: frozenset[Role] = frozenset({Role.GENERAL_MANAGER, Role.SUPERVISOR})
PARTS_ROLES: frozenset[Role] = frozenset({Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.DISPATCHER})
REPORT_ROLES: frozenset[Role] = frozenset({Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.HR_FINANCE})

T = TypeVar("T", bound=Model)


def works_the_desk(user: User) -> bool:
    return has_any_role(user, DESK_ROLES)


def decides(user: User) -> bool:
    return has_any_role(user, DECIDER_ROLES)


def keeps_parts(user: User) -> bool:
    return has_any_role(user, PARTS_ROLES)


def reads_reports(user: User) -> bool:
    return has_any_role(user, REPORT_ROLES)


def at_sites_of(user: User, rows: QuerySet[T], roles: frozenset[Role]) -> QuerySet[T]:
    """``rows`` (each with a ``site``) of the sites ``user`` sees, or none when their role has no part."""
    if not has_any_role(user, roles):
        return rows.none()
    return rows.filter(site__in=sites_visible_to(user))


def site_of_user(user: User, site: Site, roles: frozenset[Role]) -> bool:
    """Whether ``user`` works with ``site`` in one of ``roles``."""
    return has_any_role(user, roles) and sites_visible_to(user).filter(pk=site.pk).exists()
