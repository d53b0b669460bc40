"""The work calendar the door gives the engine: the library's years and the years administrators entered."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from fuwu.policy.calendar import WorkCalendar, YearArrangement
from fuwu.regulations.models import HolidayYear


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
            raise ValidationError({field: f"第{number}项「{item}」不是 YYYY-MM-DD 格式的日期"}) from None
        if day.year != year:
            raise ValidationError({field: f"第{number}项 {day} 不在 {year} 年"})
        days.add(day)
    return frozenset(days)


def arrangement_of(row: HolidayYear) -> YearArrangement:
    holidays = parse_days(row.holidays, row.year, "holidays")
    workdays = parse_days(row.workdays, row.year, "workdays")
    both = holidays & workdays
    if both:
        raise ValidationError({"workdays": f"{min(both)} 不能既是假日又是调休上班日"})
    return YearArrangement(row.year, holidays, workdays)


def work_calendar() -> WorkCalendar:
    """The calendar with every entered year (one query)."""
    return WorkCalendar(arrangement_of(row) for row in HolidayYear.objects.all())
