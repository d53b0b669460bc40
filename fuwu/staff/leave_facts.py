"""Approved leave in an employee's month: which shifts it covers, and the leave the engine judges.

A leave of N days covers the person's next N scheduled shifts from its first day (``schedules``: their
rota's working days, or their fixed shift's days by the official calendar — so a rest day, weekend or
holiday inside a leave costs nothing); a half day covers a shift too. Covered shifts are not sent as
attendance (an empty clock on a day of leave is no absence). Personal and sick leave are sent as
``leave`` events, one per month for the part that falls in it; the statutory paid kinds deduct nothing
and are not sent (decisions/0025).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fuwu.regulations.calendars import CalendarYearUnknown, WorkCalendar
from fuwu.regulations.services import CalendarMissing
from fuwu.staff.facts import subject_of
from fuwu.staff.models import Employee, Leave
from fuwu.staff.models.leave import JUDGED_KINDS
from fuwu.staff.schedules import Schedule, as_schedule

LONGEST = 160  # calendar days a leave may run past its first day (maternity leave: 98 working days)


@dataclass
class LeaveFacts:
    """What the month's approved leave does to its facts."""

    covered: set[dt.date] = field(default_factory=set)
    events: list[dict[str, Any]] = field(default_factory=list)


def covered_days(
    leave: Leave, employee: Employee, calendar: WorkCalendar | Schedule
) -> list[tuple[dt.date, Decimal]]:
    """The days of the shifts a leave covers, each with the part of a day taken (1 or 0.5 for the last
    half). Raises CalendarMissing when they reach into a year whose holidays nobody has entered yet.
    A ``Schedule`` remembers the calendar's workdays between calls."""
    schedule = as_schedule(calendar)
    left = leave.days
    covered = []
    day = leave.start
    try:
        while left > 0:
            if schedule.works_on(employee, day):
                part = min(Decimal(1), left)
                covered.append((day, part))
                left -= part
            day += dt.timedelta(days=1)
    except CalendarYearUnknown as unknown:
        raise CalendarMissing(unknown.year) from unknown
    return covered


def leave_in_month(
    employee: Employee, month: dt.date, end: dt.date, rows: list[Leave], calendar: WorkCalendar, subject: str
) -> LeaveFacts:
    """The covered shifts of [month, end) and the engine's leave events for that part."""
    found = LeaveFacts()
    for leave in rows:
        mine = [(day, part) for day, part in covered_days(leave, employee, calendar) if month <= day < end]
        if not mine:
            continue
        found.covered.update(day for day, _part in mine)
        if leave.leave_type in JUDGED_KINDS:
            found.events.append(
                {
                    "type": "leave",
                    "employee": subject,
                    "leave_type": leave.leave_type,
                    "start": mine[0][0].isoformat(),
                    "days": str(sum(part for _day, part in mine)),
                    "notified_at": leave.notified_at.isoformat(),
                    "ref": f"leave:{leave.pk}",
                }
            )
    return found


def approved_leave(employee: Employee, month: dt.date, calendar: WorkCalendar) -> LeaveFacts:
    """What the employee's approved leave does to the month beginning on ``month``."""
    end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    rows = list(
        Leave.objects.filter(
            employee=employee,
            status=Leave.Status.APPROVED,
            start__lt=end,
            start__gte=month - dt.timedelta(days=LONGEST),
        ).order_by("start", "pk")
    )
    return leave_in_month(employee, month, end, rows, calendar, subject_of(employee))
