"""The work calendar the door gives the engine: the library's years and the years administrators entered."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from fuwu.policy.calendar import CalendarYearUnknown, WorkCalendar, YearArrangement
from fuwu.regulations.models import HolidayYear

# WorkCalendar too: apps type the calendar they are given without importing the engine.
__all__ = ["CalendarYearUnknown", "WorkCalendar", "arrangement_of", "parse_days", "work_calendar"]


def parse_days(text: str, year: int, field: str) -> frozenset[dt.date]:
    """Dates written one per line (or separated by commas); each must be a real date in ``year``."""
    days: set[dt.date] = set()
    for number, raw in enumerate(text.replace(",", "\n").replace("，", "\n").splitlines(), 1):
        item = raw.strip()
        if not item:
            continue
        try:
            day = dt.date.fromisoformat(item)
        except ValueError:
            message = gettext("Item %(number)s, “%(item)s”, is not a date written YYYY-MM-DD.")
            raise ValidationError({field: message % {"number": number, "item": item}}) from None
        if day.year != year:
            message = gettext("Item %(number)s, %(day)s, is not in %(year)s.")
            raise ValidationError({field: message % {"number": number, "day": day, "year": year}})
        days.add(day)
    return frozenset(days)


def arrangement_of(row: HolidayYear) -> YearArrangement:
    holidays = parse_days(row.holidays, row.year, "holidays")
    workdays = parse_days(row.workdays, row.year, "workdays")
    both = holidays & workdays
    if both:
        message = gettext("%(day)s cannot be both a holiday and an adjusted workday.")
        raise ValidationError({"workdays": message % {"day": min(both)}})
    return YearArrangement(row.year, holidays, workdays)


def work_calendar() -> WorkCalendar:
    """The calendar with every entered year (one query)."""
    return WorkCalendar(arrangement_of(row) for row in HolidayYear.objects.all())
