"""Corrections of attendance by hand: HR gives a shift other clock times, or adds a shift the export
lacks, always with the reason; the audit trail keeps before and after, and the ledger follows at once.

The month is reconciled as an import's is: a fine the old times gave is reversed and the new times' fine
added (in a closed month the reversal lands in the next open month — reconcile does that), and the next
month too when the person has shifts in it, since a month opens with the run of absences the last ended
with. A later import of the same shift replaces the corrected times again (decisions/0022's rule: the
newest file is the truth), in its own audited change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import Conflict, FieldProblem, Invalid
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.core.services import audit
from fuwu.regulations.policies import in_force
from fuwu.staff.facts import next_month
from fuwu.staff.models import AttendanceDay, Employee
from fuwu.staff.services.ledger import LedgerChange
from fuwu.staff.services.reconcile import reconcile_months

REACH = dt.timedelta(hours=12)  # how far from its shift a clock time may lie


@dataclass(frozen=True)
class Corrected:
    """The shift as it now stands, and what the ledger did about it."""

    day: AttendanceDay
    ledger: LedgerChange


def may_correct(user: User, employee: Employee) -> bool:
    """HR and finance of the employee's site, the general manager and administrators."""
    if user.is_superuser or user.has_role(Role.GENERAL_MANAGER):
        return True
    return user.has_role(Role.HR_FINANCE) and sites_visible_to(user).filter(pk=employee.site_id).exists()


def clock_moment(
    day: dt.date,
    start: dt.time,
    end: dt.time,
    clock: dt.time | None,
    zone: ZoneInfo,
    *,
    after: dt.time | None,
) -> dt.datetime | None:
    """The moment a clock time written on a shift's row stands for, in ``zone``. For a shift across
    midnight a time nearer its morning end than its evening start (before the middle of the hours off) is
    the next day's; on a day shift a clock-out earlier than the clock-in (``after``) is the next day's."""
    if clock is None:
        return None
    date = day
    if end <= start:  # across midnight: the hours off run from the end to the start
        off = (start.hour * 60 + start.minute - end.hour * 60 - end.minute) // 2
        middle = end.hour * 60 + end.minute + off
        if clock.hour * 60 + clock.minute < middle:
            date = day + dt.timedelta(days=1)
    elif after is not None and clock < after:
        date = day + dt.timedelta(days=1)
    return dt.datetime.combine(date, clock, tzinfo=zone)


def correct_shift(
    day: AttendanceDay,
    *,
    clock_in: dt.datetime | None,
    clock_out: dt.datetime | None,
    reason: str,
    by: User,
) -> Corrected:
    """Give a stored shift these clock times (None: no punch) for ``reason``. PermissionDenied unless
    ``by`` is HR of the person's site (or the general manager); Invalid naming ``reason``, ``clock_in``
    or ``clock_out`` for a missing reason, a time in the future or far from the shift, a clock-out not
    after the clock-in, or the times it already has."""
    employee = day.employee
    if not may_correct(by, employee):
        raise PermissionDenied(gettext("Only HR of the person's site may correct their attendance."))
    reason = reason.strip()
    zone = in_force(employee.site).zone
    problems = _problems(day.day, day.shift_start, day.shift_end, clock_in, clock_out, reason, zone)
    if not problems and (day.clock_in, day.clock_out) == (clock_in, clock_out):
        problems.append((("clock_in",), gettext("The shift already has these times.")))
    Invalid.unless_empty(problems)
    return apply_correction(day, clock_in=clock_in, clock_out=clock_out, reason=reason, by=by)


def apply_correction(
    day: AttendanceDay,
    *,
    clock_in: dt.datetime | None,
    clock_out: dt.datetime | None,
    reason: str,
    by: User,
    because: audit.JSONDict | None = None,
) -> Corrected:
    """Give the stored shift these clock times for ``reason`` (cut to 200 characters), audited as
    ``attendance.correct`` by ``by`` with ``because`` added to its after (an upheld appeal names itself
    there), and make the ledger follow. Checks neither who acts nor the times: its callers have (HR's
    ``correct_shift``, the decision of an appeal)."""
    with transaction.atomic(), audit.batched():
        row = (
            AttendanceDay.objects.select_for_update(of=("self",))
            .select_related("employee__site")
            .get(pk=day.pk)
        )
        before = audit.snapshot(row)
        row.clock_in, row.clock_out, row.correction = clock_in, clock_out, reason[:200]
        row.save(update_fields=["clock_in", "clock_out", "correction"])
        audit.record(
            actor=by,
            action="attendance.correct",
            obj=row,
            before=before,
            after=audit.snapshot(row, extra=because),
            site=row.employee.site,
        )
        change = _follow(row.employee, row.day, by)
    return Corrected(row, change)


def add_shift(
    employee: Employee,
    *,
    day: dt.date,
    shift_start: dt.time,
    shift_end: dt.time,
    clock_in: dt.datetime | None,
    clock_out: dt.datetime | None,
    reason: str,
    by: User,
) -> Corrected:
    """Store a shift the export lacks, with its clock times and ``reason``; the same checks as
    ``correct_shift``, and a day not after today. Conflict when the person already has a shift starting
    then that day (correct that one instead)."""
    if not may_correct(by, employee):
        raise PermissionDenied(gettext("Only HR of the person's site may correct their attendance."))
    reason = reason.strip()
    zone = in_force(employee.site).zone
    problems = _problems(day, shift_start, shift_end, clock_in, clock_out, reason, zone)
    if day > timezone.localdate():
        problems.append((("day",), gettext("The shift has not happened yet.")))
    elif day < employee.hired_on:
        problems.append((("day",), gettext("The person was hired after this day.")))
    if shift_start == shift_end:
        problems.append((("shift_end",), gettext("The shift ends when it starts.")))
    Invalid.unless_empty(problems)
    with transaction.atomic(), audit.batched():
        taken = AttendanceDay.objects.select_for_update().filter(
            employee=employee, day=day, shift_start=shift_start
        )
        if taken.exists():
            raise Conflict(
                gettext("%(name)s already has a shift starting at %(start)s on %(day)s; correct that one.")
                % {"name": employee.user.display_name, "start": f"{shift_start:%H:%M}", "day": day}
            )
        row = AttendanceDay.objects.create(
            employee=employee,
            day=day,
            shift_start=shift_start,
            shift_end=shift_end,
            clock_in=clock_in,
            clock_out=clock_out,
            correction=reason[:200],
        )
        audit.record_created(row, actor=by, action="attendance.add", site=employee.site)
        change = _follow(employee, day, by)
    return Corrected(row, change)


def _problems(
    day: dt.date,
    start: dt.time,
    end: dt.time,
    clock_in: dt.datetime | None,
    clock_out: dt.datetime | None,
    reason: str,
    zone: ZoneInfo,
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not reason:
        problems.append((("reason",), gettext("Give the reason for the correction.")))
    elif len(reason) > 200:
        problems.append((("reason",), gettext("Keep the reason within 200 characters.")))
    return [*problems, *clock_problems(day, start, end, clock_in, clock_out, zone)]


def clock_problems(
    day: dt.date,
    start: dt.time,
    end: dt.time,
    clock_in: dt.datetime | None,
    clock_out: dt.datetime | None,
    zone: ZoneInfo,
) -> list[FieldProblem]:
    """The problems of clock times for a shift of ``day`` from ``start`` to ``end`` (local, in ``zone``),
    each at ``("clock_in",)`` or ``("clock_out",)``: a time in the future or more than 12 hours from the
    shift, a clock-out not after the clock-in. A time that is None is not checked."""
    problems: list[FieldProblem] = []
    now = timezone.now()
    begins = dt.datetime.combine(day, start)
    ends = dt.datetime.combine(day + dt.timedelta(days=1) if end <= start else day, end)
    for name, moment in (("clock_in", clock_in), ("clock_out", clock_out)):
        if moment is None:
            continue
        if moment > now:
            problems.append(((name,), gettext("The time is in the future.")))
            continue
        local = moment.astimezone(zone).replace(tzinfo=None)
        if not begins - REACH <= local <= ends + REACH:
            problems.append(((name,), gettext("The time is more than 12 hours away from the shift.")))
    if clock_in is not None and clock_out is not None and clock_out <= clock_in:
        problems.append((("clock_out",), gettext("The clock-out must come after the clock-in.")))
    return problems


def _follow(employee: Employee, day: dt.date, by: User) -> LedgerChange:
    """Reconcile the shift's month, and the next when it has shifts (its opening run of absences)."""
    month = day.replace(day=1)
    months = {(employee, month)}
    after = next_month(month)
    if AttendanceDay.objects.filter(employee=employee, day__gte=after, day__lt=next_month(after)).exists():
        months.add((employee, after))
    return reconcile_months(months, by=by)
