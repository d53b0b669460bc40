"""Punches into shifts: a clock machine records taps, the engine judges shifts.

The employee's scheduled shifts (``schedules.Schedule``: a rota's shift of each day, or the fixed shift on
its days) each claim the taps from 4 hours before their start to 6 hours after their end; a tap two
shifts could claim goes to the one it is nearer (inside a shift is nearest). Of a shift's taps the first
one before the shift's middle is the clock-in and the last one from the middle on the clock-out — so
double taps collapse, and a night shift's morning taps land on the shift that began the evening before.
A split shift (两头班) is one shift: taps within half an hour of its break are the break's and are
ignored, so the morning's first tap is its clock-in and the evening's last its clock-out. A scheduled
shift without a tap is a shift with no clock times (the engine judges it absent).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fuwu.staff.models import Shift

BEFORE = dt.timedelta(hours=4)
AFTER = dt.timedelta(hours=6)
BREAK_MARGIN = dt.timedelta(minutes=30)
# The longest a shift's window reaches back from a tap: a shift of 24 hours and the hours after it.
REACH = dt.timedelta(hours=24) + AFTER + BEFORE


@dataclass(frozen=True)
class PairedShift:
    """One scheduled shift with the clock times the taps give (naive local times)."""

    day: dt.date
    start: dt.time
    end: dt.time
    clock_in: dt.datetime | None
    clock_out: dt.datetime | None


@dataclass(frozen=True)
class _Window:
    day: dt.date
    shift: Shift
    start: dt.datetime
    end: dt.datetime

    def distance(self, tap: dt.datetime) -> dt.timedelta:
        if tap < self.start:
            return self.start - tap
        return max(tap - self.end, dt.timedelta(0))

    def in_break(self, tap: dt.datetime) -> bool:
        rest, back = self.shift.break_start, self.shift.break_end
        if rest is None or back is None:
            return False
        return (
            dt.datetime.combine(self.day, rest) - BREAK_MARGIN
            <= tap
            <= dt.datetime.combine(self.day, back) + BREAK_MARGIN
        )


def pair(shifts: Sequence[tuple[dt.date, Shift]], taps: Iterable[dt.datetime]) -> list[PairedShift]:
    """The scheduled ``shifts`` (each day with its shift, in day order) with their clock times from
    ``taps`` (naive local times); one ``PairedShift`` per scheduled shift, in the same order."""
    windows = [
        _Window(day, shift, dt.datetime.combine(day, shift.start), shift.ends_on(day))
        for day, shift in shifts
    ]
    opens = [window.start - BEFORE for window in windows]
    claimed: list[list[dt.datetime]] = [[] for _ in windows]
    for tap in sorted(taps):
        best: int | None = None
        # Shifts start one a day at most, so only the last few that opened before the tap can hold it.
        for index in range(bisect.bisect_right(opens, tap) - 1, -1, -1):
            window = windows[index]
            if window.start < tap - REACH:
                break
            if tap > window.end + AFTER:
                continue
            if best is None or window.distance(tap) < windows[best].distance(tap):
                best = index
        if best is not None and not windows[best].in_break(tap):
            claimed[best].append(tap)
    paired = []
    for window, mine in zip(windows, claimed, strict=True):
        middle = window.start + (window.end - window.start) / 2
        clock_in = next((tap for tap in mine if tap < middle), None)
        clock_out = next((tap for tap in reversed(mine) if tap >= middle), None)
        paired.append(PairedShift(window.day, window.shift.start, window.shift.end, clock_in, clock_out))
    return paired
