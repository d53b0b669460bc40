"""What the managers' pages share: reading a posted form's values and turning a service's refusal into the
page's words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext

from fuwu.core.errors import Conflict, Invalid

BAD = object()  # a value the form sent in a shape that could not be read


def errors_of(error: Invalid) -> dict[str, str]:
    """An Invalid's problems by field: ("body", "marks", "绩效") → "marks.绩效"."""
    found: dict[str, str] = {}
    for loc, message in error.problems:
        found.setdefault(".".join(str(part) for part in loc[1:]) or "form", message)
    return found


def tell(request: HttpRequest, error: Invalid | Conflict) -> None:
    """A refusal as the page's message (every problem of an Invalid)."""
    if isinstance(error, Conflict):
        messages.error(request, error.message)
    else:
        for _loc, message in error.problems:
            messages.error(request, message)


def whole(text: str | None) -> int | object | None:
    """A whole number a form sent; None when empty, ``BAD`` when not a number."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return BAD


def day(text: str | None) -> dt.date | object | None:
    """A date (YYYY-MM-DD) a form sent; None when empty, ``BAD`` when not a date."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return BAD


def yuan(text: str | None) -> Decimal | object | None:
    """An amount of 元 a form sent; None when empty, ``BAD`` when not a number."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return BAD
    return value if value.is_finite() else BAD


def unreadable(field: str) -> Invalid:
    return Invalid.field(("body", field), gettext("This value could not be read."))
