"""How the reports pages write rates and comparisons."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()

COMPARE_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


@register.filter
def percent(value: Decimal | None) -> str:
    """0.9650 → "96.5%"; None → "—" (nothing to count)."""
    if value is None:
        return "—"
    shown = (value * 100).quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()
    return f"{shown:f}%"


@register.filter
def compare_sign(compare: str | None) -> str:
    return COMPARE_SIGNS.get(compare or "", "")
