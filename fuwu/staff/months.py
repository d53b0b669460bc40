"""Payroll months: named as YYYY-MM, stored as their first day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

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
