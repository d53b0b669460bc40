"""How values look in the API's output: times in the site's zone, money and rates as decimal strings."""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

_CENTS = Decimal("0.01")
_RATE_PLACES = Decimal("0.0001")


def site_zone() -> tzinfo:
    """The zone the sites work in (Asia/Shanghai, +08:00); every output time is given in it."""
    return ZoneInfo(settings.TIME_ZONE)


def local_iso(dt: datetime | None) -> str | None:
    """ISO 8601 with the site zone's offset, to the second: 2026-03-02T09:00:00+08:00; None stays None.

    A naive datetime is taken to be in the site zone already.
    """
    if dt is None:
        return None
    zone = site_zone()
    if timezone.is_naive(dt):
        dt = dt.replace(tzinfo=zone)
    return dt.astimezone(zone).isoformat(timespec="seconds")


def money(amount: Decimal | int | str) -> str:
    """元 with 2 places, rounded half up: Decimal("20") → "20.00"."""
    return str(Decimal(amount).quantize(_CENTS, rounding=ROUND_HALF_UP))


def rate(value: Decimal | float | int | str) -> str:
    """A rate with 4 places, rounded half up: 0.965 → "0.9650"."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return str(number.quantize(_RATE_PLACES, rounding=ROUND_HALF_UP))
