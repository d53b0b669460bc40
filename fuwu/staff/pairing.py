"""Punches into shifts: a clock machine records taps, the engine judges shifts.

For each scheduled shift of the employee (their shift on the days it is worked, by the official calendar
with its adjusted workdays), the taps from 4 hours before its start to 6 hours after its end belong to it:
the first one before the shift's middle is the clock-in, the last one after it the clock-out — so double
taps collapse, and a night shift's morning taps land on the shift that began the evening before. A
scheduled shift without a tap is a shift with no clock times (the engine judges it absent).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from fuwu.regulations.calendars import WorkCalendar
from fuwu.staff.models import Shift

BEFORE = dt.timedelta(hours=4)
AFTER = dt.timedelta(hours=6)


@dataclass(frozen=True)
class PairedShift:
    """One scheduled shift with the clock times the taps give (naive local times)."""

    day: dt.date
    start: dt.time
    end: dt.time
    clock_in: dt.datetime | None
    clock_out: dt.datetime | None


def worked_days(shift: Shift, first: dt.date, calendar: WorkCalendar) -> Iterator[dt.date]:
    """The days from ``first`` on which ``shift`` is worked, one after another (without end)."""
    day = first
    while True:
        if shift.days == Shift.Days.DAILY or calendar.is_workday(day):
            yield day
        day += dt.timedelta(days=1)


def scheduled_days(shift: Shift, first: dt.date, last: dt.date, calendar: WorkCalendar) -> list[dt.date]:
    """The days from ``first`` to ``last`` on which ``shift`` is worked."""
    return list(itertools.takewhile(lambda day: day <= last, worked_days(shift, first, calendar)))


def pair(shift: Shift, days: Sequence[dt.date], taps: Iterable[dt.datetime]) -> list[PairedShift]:
    """The shifts of ``days`` with their clock times from ``taps`` (naive local times)."""
    ordered = sorted(taps)
    paired = []
    for day in days:
        start = dt.datetime.combine(day, shift.start)
        end = shift.ends_on(day)
        middle = start + (end - start) / 2
        mine = [tap for tap in ordered if start - BEFORE <= tap <= end + AFTER]
        clock_in = next((tap for tap in mine if tap < middle), None)
        clock_out = next((tap for tap in reversed(mine) if tap >= middle), None)
        paired.append(PairedShift(day, shift.start, shift.end, clock_in, clock_out))
    return paired
