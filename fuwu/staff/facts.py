"""An employee's month as the engine's facts: the person, each scheduled shift, and the month itself.

Scope (decisions/0011): an employee's facts are one payroll month — its shifts with their clock times,
approved leave and incidents. No ``period`` event: the engine judges p01.3's full-attendance bonus once a
month from the shifts themselves, and a period would add the site's duties and KPIs (95 % of the time).
Counters that span months come as opening balances on the person, never as more history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from fuwu.staff.models import AttendanceDay, Employee

if TYPE_CHECKING:
    from fuwu.staff.leave_facts import LeaveFacts


@dataclass(frozen=True)
class MonthFacts:
    """What ``regulations.services.evaluate`` takes for one employee's month."""

    person: dict[str, Any]
    events: list[dict[str, Any]]


def subject_of(employee: Employee) -> str:
    """The engine's id of the person: the decisions about them name it."""
    return f"employee:{employee.pk}"


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _clock(moment: dt.datetime | None, zone: ZoneInfo) -> str | None:
    return None if moment is None else moment.astimezone(zone).strftime("%H:%M")


def month_facts(
    employee: Employee,
    month: dt.date,
    days: list[AttendanceDay],
    zone: ZoneInfo,
    *,
    leave: LeaveFacts | None = None,
) -> MonthFacts:
    """The facts of ``employee``'s month beginning on ``month`` (the first day), from its shift rows."""
    person: dict[str, Any] = {"id": subject_of(employee), "monthly_wage": str(employee.monthly_wage)}
    if employee.daily_wage is not None:
        person["daily_wage"] = str(employee.daily_wage)
    if employee.manager_id is not None:
        person["manager"] = f"user:{employee.manager_id}"
    events: list[dict[str, Any]] = []
    covered = leave.covered if leave is not None else set()
    for row in days:
        if row.day in covered:
            continue  # a shift of approved leave: no attendance is owed (leave_facts)
        events.append(
            {
                "type": "attendance",
                "employee": person["id"],
                "date": row.day.isoformat(),
                "shift_start": row.shift_start.strftime("%H:%M"),
                "shift_end": row.shift_end.strftime("%H:%M"),
                # A night shift's clock-out earlier than its clock-in is the next morning (digest).
                "clock_in": _clock(row.clock_in, zone),
                "clock_out": _clock(row.clock_out, zone),
                "ref": f"day:{row.pk}",
            }
        )
    if leave is not None:
        events.extend(leave.events)
    return MonthFacts(person, events)
