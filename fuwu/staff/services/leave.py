"""Leave: the employee (or HR for them) asks, their manager approves (p06.6), the ledger follows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.services import audit, outbox
from fuwu.regulations.calendars import work_calendar
from fuwu.staff.leave_facts import covered_days
from fuwu.staff.models import Employee, Leave
from fuwu.staff.services.ledger import LedgerChange
from fuwu.staff.services.reconcile import reconcile_months

HALF = Decimal("0.5")
MOST_DAYS = Decimal(98)  # the longest statutory leave (maternity) in working days


def _may_ask_for(by: User, employee: Employee) -> bool:
    """The person themself, or HR / the general manager for them."""
    return by.pk == employee.user_id or by.is_superuser or by.has_role(Role.HR_FINANCE, Role.GENERAL_MANAGER)


def _may_decide(by: User, employee: Employee) -> bool:
    """The employee's manager (the general manager in their place); never the employee themself."""
    if by.pk == employee.user_id:
        return False
    return by.pk == employee.manager_id or by.is_superuser or by.has_role(Role.GENERAL_MANAGER)


def request_problems(
    employee: Employee, *, by: User, leave_type: Maybe[str], start: Maybe[dt.date], days: Maybe[Decimal]
) -> list[FieldProblem]:
    """Every problem of a request; PermissionDenied when ``by`` may not ask for this person."""
    if not _may_ask_for(by, employee):
        raise PermissionDenied(gettext("Only the employee, HR or the general manager may ask for leave."))
    problems: list[FieldProblem] = []
    if leave_type is not UNKNOWN and leave_type not in Leave.Type.values:
        problems.append(
            (
                ("body", "leave_type"),
                gettext("Choose one of: %(kinds)s.") % {"kinds": ", ".join(Leave.Type.values)},
            )
        )
    if days is not UNKNOWN and (days < HALF or days > MOST_DAYS or days % HALF != 0):
        problems.append((("body", "days"), gettext("Give the days in halves, from 0.5 to 98.")))
    if start is not UNKNOWN and start < employee.hired_on:
        problems.append((("body", "start"), gettext("The leave starts before the person was hired.")))
    return problems


def request_leave(
    *,
    employee: Employee,
    leave_type: str,
    start: dt.date,
    days: Decimal,
    by: User,
    reason: str = "",
    notified_at: dt.datetime | None = None,
) -> Leave:
    """Ask for leave; it binds (and the engine judges it) once the manager approves."""
    Invalid.unless_empty(request_problems(employee, by=by, leave_type=leave_type, start=start, days=days))
    with transaction.atomic():
        leave = Leave.objects.create(
            employee=employee,
            leave_type=leave_type,
            start=start,
            days=days.quantize(HALF / 5),  # one place, as stored
            reason=reason.strip()[:200],
            notified_at=notified_at or timezone.now(),
            asked_by=by,
        )
        audit.record_created(leave, actor=by, action="leave.request", site=employee.site)
        if employee.manager is not None:
            outbox.notify(
                targets=[outbox.in_app(employee.manager)],
                subject=gettext("Leave to approve: %(name)s") % {"name": employee.user},
                body=str(leave),
                url="/staff/leave/",
                key=f"leave:{leave.pk}:asked",
                site=employee.site,
                by=by,
            )
    return leave


def decide_leave(leave: Leave, *, by: User, approve: bool) -> tuple[Leave, LedgerChange]:
    """The manager's answer; an approval makes the months it touches follow it at once."""
    with transaction.atomic():
        leave = (
            Leave.objects.select_for_update(of=("self",))
            .select_related("employee__site", "employee__user")
            .get(pk=leave.pk)
        )
        employee = leave.employee
        if not _may_decide(by, employee):
            raise PermissionDenied(gettext("Only the employee's manager may decide on their leave."))
        if leave.status != Leave.Status.REQUESTED:
            raise Conflict(gettext("This leave has been decided already."))
        before = audit.snapshot(leave)
        leave.status = Leave.Status.APPROVED if approve else Leave.Status.REJECTED
        leave.decided_by = by
        leave.decided_at = timezone.now()
        leave.save(update_fields=["status", "decided_by", "decided_at"])
        action = "leave.approve" if approve else "leave.reject"
        audit.record(
            actor=by, action=action, obj=leave, before=before, after=audit.snapshot(leave), site=employee.site
        )
        change = LedgerChange()
        if approve:
            months = sorted(
                {day.replace(day=1) for day, _part in covered_days(leave, employee, work_calendar())}
            )
            change = reconcile_months([(employee, month) for month in months], by=by)
        outbox.notify(
            targets=[outbox.in_app(employee.user)],
            subject=gettext("Your leave was approved") if approve else gettext("Your leave was not approved"),
            body=str(leave),
            url="/staff/ledger/",
            key=f"leave:{leave.pk}:decided",
            site=employee.site,
            by=by,
        )
    return leave, change
