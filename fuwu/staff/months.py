"""Payroll months: named as YYYY-MM, stored as their first day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import Invalid


def month_named(text: str, *, loc: Sequence[str | int]) -> dt.date:
    """The first day of the month written ``YYYY-MM``; Invalid (422) at ``loc`` otherwise."""
    try:
        day = dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise Invalid.field(loc, gettext("Write the month as YYYY-MM, e.g. 2026-03.")) from None
    if not 2000 <= day.year <= 2099:
        raise Invalid.field(loc, gettext("Write the month as YYYY-MM, e.g. 2026-03."))
    return day


def month_asked(text: str) -> dt.date:
    """The month a page is asked for (``?month=YYYY-MM``); this month when none or a bad one is given."""
    if text:
        try:
            return month_named(text, loc=("query", "month"))
        except Invalid:
            pass
    return timezone.localdate().replace(day=1)


def shifted(month: dt.date, by: int) -> dt.date:
    """The month ``by`` months after ``month`` (before it when negative)."""
    index = month.year * 12 + month.month - 1 + by
    return dt.date(index // 12, index % 12 + 1, 1)
