"""Chinese workdays: official public holidays and adjusted working weekends (调休).

The arrangement of each year comes from ``chinese_calendar``; it lags each November's announcement of the
next year, so an administrator may enter a year's arrangement, which then takes precedence. A year that
neither knows raises CalendarYearUnknown — never a guess that weekdays are workdays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import chinese_calendar  # type: ignore[import-untyped,unused-ignore]  # the library ships no type hints

from fuwu.policy.errors import PolicyError, Problem


class CalendarYearUnknown(PolicyError):
    """The holiday arrangement of a year is not known yet, so workdays in it cannot be told."""

    def __init__(self, year: int) -> None:
        self.year = year
        message = (
            f"{year} 年的法定节假日安排尚未录入 / the holiday arrangement for {year} is not known yet; "
            f"enter the official arrangement for {year} (holidays and adjusted workdays)"
        )
        super().__init__([Problem(None, 0, 0, message)])


@dataclass(frozen=True)
class YearArrangement:
    """A year's official arrangement as entered by an administrator: public holidays and the weekend days
    that are worked instead (调休). Other weekdays are workdays; other weekends are rest days."""

    year: int
    holidays: frozenset[dt.date] | set[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] | set[dt.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for day in (*self.holidays, *self.workdays):
            if day.year != self.year:
                raise ValueError(f"{day} is not in {self.year}")
        both = set(self.holidays) & set(self.workdays)
        if both:
            raise ValueError(f"{min(both)} cannot be both a holiday and a workday")

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


class WorkCalendar:
    """Workdays by the Chinese calendar, with administrator-entered years taking precedence."""

    def __init__(self, arrangements: Iterable[YearArrangement] = ()) -> None:
        self.arrangements: dict[int, YearArrangement] = {a.year: a for a in arrangements}

    def knows_year(self, year: int) -> bool:
        """True when workdays of ``year`` can be told (entered, or known to the library)."""
        if year in self.arrangements:
            return True
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 1))
        except NotImplementedError:
            return False
        return True

    def is_workday(self, day: dt.date) -> bool:
        """True when ``day`` is a working day; raise CalendarYearUnknown for a year not known."""
        arrangement = self.arrangements.get(day.year)
        if arrangement is not None:
            return arrangement.is_workday(day)
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            raise CalendarYearUnknown(day.year) from None

    def is_holiday(self, day: dt.date) -> bool:
        """True when ``day`` is a rest day: a public holiday or a weekend that is not worked."""
        return not self.is_workday(day)

    def is_public_holiday(self, day: dt.date) -> bool:
        """True when ``day`` is an official public holiday (法定节假日 and its days off), not a weekend."""
        arrangement = self.arrangements.get(day.year)
        if arrangement is not None:
            return day in arrangement.holidays
        if not self.knows_year(day.year):
            raise CalendarYearUnknown(day.year)
        return day in chinese_calendar.holidays

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """Return the date ``n`` workdays after ``day`` (before it when n < 0), not counting ``day``."""
        step = dt.timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        current = day
        while remaining:
            current += step
            if self.is_workday(current):
                remaining -= 1
        return current

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Return the number of workdays in (start, end]; negative when end comes first."""
        if end < start:
            return -self.workdays_between(end, start)
        count = 0
        current = start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count
