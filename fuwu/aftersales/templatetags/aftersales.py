"""How a register's cells read on a page: times and dates in local time, money with two places and 元,
yes or no, and a dash for nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.aftersales.selectors.access import DESK_ROLES, PARTS_ROLES, REPORT_ROLES
from fuwu.aftersales.selectors.registers import DATE, MONEY, TIME, YES_NO
from fuwu.core.access import has_any_role

register = template.Library()


@register.filter
def cell(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if kind == YES_NO:
        return gettext("Yes") if value else gettext("No")
    if kind == TIME and isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if kind == DATE and isinstance(value, dt.date):
        return value.isoformat()
    if kind == MONEY and isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter
def yuan(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


@register.inclusion_tag("aftersales/partials/tabs.html", takes_context=True)
def aftersales_tabs(context: dict[str, Any], tab: str) -> dict[str, Any]:
    """The after-sales pages the signed-in user may open, the current one marked."""
    user = context["request"].user
    return {
        "tab": tab,
        "desk": has_any_role(user, DESK_ROLES),
        "parts": has_any_role(user, PARTS_ROLES),
        "reports": has_any_role(user, REPORT_ROLES),
        "registers": has_any_role(user, DESK_ROLES | REPORT_ROLES | PARTS_ROLES),
    }
