"""Who sees whose attendance and ledger: each employee their own, a manager their team, HR and finance
the people of their sites, the general manager everyone."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.staff.models import AttendanceDay, Employee, LedgerEntry

# Roles that import attendance and read the ledgers of their sites.
PAYROLL_ROLES: frozenset[Role] = frozenset({Role.HR_FINANCE, Role.GENERAL_MANAGER})


def employees_visible_to(user: User) -> QuerySet[Employee]:
    """The employees whose attendance and ledger ``user`` may read."""
    rows = Employee.objects.all()
    if user.is_superuser or user.has_role(Role.GENERAL_MANAGER):
        return rows
    seen = Q(user=user) | Q(manager=user)
    if user.has_role(Role.HR_FINANCE):
        seen |= Q(site__in=sites_visible_to(user))
    return rows.filter(seen)


def may_import(user: User) -> bool:
    return user.is_superuser or user.has_role(*PAYROLL_ROLES)


def ledger_of(employees: QuerySet[Employee], month: dt.date | None = None) -> QuerySet[LedgerEntry]:
    """The entries of these employees, newest first, with the person and site for showing them."""
    rows = LedgerEntry.objects.filter(employee__in=employees)
    if month is not None:
        rows = rows.filter(month=month)
    return rows.select_related("employee__user", "site").order_by("-month", "-at", "-id")


def shifts_of(
    employees: QuerySet[Employee], first: dt.date | None, last: dt.date | None
) -> QuerySet[AttendanceDay]:
    rows = AttendanceDay.objects.filter(employee__in=employees)
    if first is not None:
        rows = rows.filter(day__gte=first)
    if last is not None:
        rows = rows.filter(day__lte=last)
    return rows.select_related("employee__user").order_by("-day", "-shift_start", "-id")


def payroll_people(site: Site) -> list[User]:
    """HR and finance of ``site``: who closes its months and reviews its status proposals."""
    group = Role.HR_FINANCE.group_name
    return list(User.objects.filter(is_active=True, groups__name=group, sites=site).distinct())


def standing(employee: Employee, period: dt.date) -> dict[str, LedgerEntry]:
    """The entries of the month of facts ``period`` that stand (neither reversals nor reversed), by key."""
    rows = LedgerEntry.objects.filter(
        employee=employee, period=period, reverses__isnull=True, reversed_by__isnull=True
    )
    return {row.key: row for row in rows}
