"""Reading the parts store: the parts of a site with their stock and value (one query, sums of their
movements), a part's movements, and the department's account with its balance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, IntegerField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from fuwu.aftersales.models import AccountEntry, Part, PartMovement
from fuwu.aftersales.selectors.registers import opening_balance
from fuwu.core.models import Site

ZERO = Decimal("0.00")


def parts_with_stock(site: Site) -> QuerySet[Part]:
    """The site's parts by number, each with ``held`` (quantity in stock) and ``value``."""
    return (
        Part.objects.filter(site=site)
        .annotate(
            held=Coalesce(Sum("movements__quantity"), Value(0), output_field=IntegerField()),
            value=Coalesce(
                Sum("movements__amount"),
                Value(ZERO),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            ),
        )
        .order_by("code")
    )


def movements_of(part: Part, limit: int = 200) -> list[PartMovement]:
    """The part's latest movements, newest first, each knowing whether it was reversed."""
    return list(
        PartMovement.objects.filter(part=part)
        .select_related("order", "by", "reversal", "return_request")
        .order_by("-at", "-pk")[:limit]
    )


def account_of(site: Site, start: dt.datetime, end: dt.datetime) -> tuple[Decimal, list[dict[str, Any]]]:
    """The opening balance and the entries of [start, end) each with the balance after it."""
    balance = opening_balance(site, start)
    opening = balance
    lines: list[dict[str, Any]] = []
    rows = (
        AccountEntry.objects.filter(site=site, at__gte=start, at__lt=end)
        .select_related("by", "reversal", "return_request", "movement__part")
        .order_by("at", "pk")
    )
    for entry in rows:
        balance += entry.income - entry.expense
        lines.append({"entry": entry, "balance": balance})
    return opening, lines
