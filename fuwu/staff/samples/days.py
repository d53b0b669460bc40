"""The facts an export is built from: who, which day, which punches as the clock shows them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

NORMAL = "正常班 09:00-18:00"
REST = "休息"
WEEKDAYS = "一二三四五六日"
Clock = tuple[str, str]  # (clock-in, clock-out) as the clock shows them: "08:57", "次日 02:05"; "" = missing


@dataclass(frozen=True)
class Day:
    """One employee's day: the shift as DingTalk names it and each slot's punches (seconds optional,
    shown by punch-level sources only). ``results`` are the vendor's words per slot; by default 正常,
    缺卡 for a missing punch, 休息 on a rest day."""

    employee_no: str
    name: str
    day: dt.date
    punches: tuple[Clock, ...] = (("08:57:14", "18:03:40"),)
    shift: str = NORMAL
    results: tuple[Clock, ...] = ()
    department: str = "工程部"
    double_tap: bool = False  # a second clock-in tap 3 s after the first (punch-level sources)

    def result(self, slot: int, side: int) -> str:
        if self.results:
            return self.results[slot][side]
        if self.shift == REST:
            return "休息"
        return "正常" if self.punches[slot][side] else "缺卡"


@dataclass(frozen=True)
class Leave:
    employee_no: str
    name: str
    kind: str
    period: str  # as 请假记录 writes it: "2026-03-05 上午 ~ 2026-03-05 下午"
    hours: str
    days: str
    status: str = "审批通过"


def at(day: dt.date, clock: str) -> dt.datetime:
    """The moment a punch written ``clock`` on ``day`` is: ``次日 02:05`` is the next day's 02:05."""
    offset = 0
    for word, days in (("次日", 1), ("昨日", -1)):
        if clock.startswith(word):
            offset, clock = days, clock[len(word) :].strip()
    parts = [int(part) for part in clock.split(":")]
    hour, minute, second = (*parts, 0, 0)[:3]
    return dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(hour, minute, second))


def minutes(clock: str) -> str:
    """``08:57:14`` as DingTalk's daily report shows it: ``08:57`` (次日 kept)."""
    if clock.count(":") == 2:
        return clock[:-3]
    return clock


def month(
    people: Sequence[tuple[str, str]],
    first: dt.date,
    last: dt.date,
    is_workday: Callable[[dt.date], bool],
    clock: Callable[[str, dt.date], Clock] = lambda no, day: ("08:57:14", "18:03:40"),
) -> list[Day]:
    """Every day of ``first`` … ``last`` for each person: 正常班 on workdays (punches from ``clock``),
    休息 otherwise — for realistic demo months."""
    days = []
    day = first
    while day <= last:
        for employee_no, name in people:
            if is_workday(day):
                days.append(Day(employee_no, name, day, (clock(employee_no, day),)))
            else:
                days.append(Day(employee_no, name, day, (("", ""),), shift=REST))
        day += dt.timedelta(days=1)
    return days
