"""Output helpers: times in the site zone, money with 2 places, rates with 4."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from fuwu.core.api.formats import local_iso, money, rate


def test_local_iso_gives_the_site_zone() -> None:
    assert local_iso(datetime(2026, 3, 2, 1, 0, 30, 123456, tzinfo=UTC)) == "2026-03-02T09:00:30+08:00"
    assert local_iso(datetime(2026, 3, 2, 9, 0)) == "2026-03-02T09:00:00+08:00"
    assert local_iso(None) is None


def test_money_has_two_places_rounded_half_up() -> None:
    assert money(Decimal("20")) == "20.00"
    assert money(Decimal("0.125")) == "0.13"
    assert money(-5) == "-5.00"
    assert money("1234.5") == "1234.50"


def test_rate_has_four_places() -> None:
    assert rate(Decimal("0.965")) == "0.9650"
    assert rate(0.96505) == "0.9651"
    assert rate(1) == "1.0000"
