"""The fields of the ``policy eval`` input: strict parsers that say what was expected in plain words.

Each parser raises ValueError with a message such as ``expected a local time HH:MM, got '9点'``; the
Annotated types below attach them to the fields of ``fuwu.policy.fact_types``. Pure Python, no Django.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import BeforeValidator

from fuwu.policy.schema import Tag

# ---------------------------------------------------------------- field parsers (strict, plain words)

# Bounds that keep arithmetic on facts finite: money and days below ten billion, years 1970–2200.
LARGEST = Decimal("1e10")
FIRST_YEAR, LAST_YEAR = 1970, 2200
LONGEST_PERIOD = dt.timedelta(days=366)
MAX_REF = 200
DEFAULT_TZ = "Asia/Shanghai"

_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")


def _minutes(value: object, *, end_of_day: bool = False) -> int:
    if isinstance(value, str):
        if end_of_day and value in ("24:00", "24:00:00"):
            return 1440
        match = _CLOCK.match(value)
        if match is not None:
            return int(match.group(1)) * 60 + int(match.group(2))
    raise ValueError(f"expected a local time HH:MM, got {value!r}")


@functools.lru_cache(maxsize=4096)
def _clock_text(value: str) -> int:
    return _minutes(value)


def _clock(value: object) -> int:
    if isinstance(value, str):
        return _clock_text(value)
    return _minutes(value)


def _clock_or_none(value: object) -> int | None:
    return None if value is None else _clock(value)


def _shift_end(value: object) -> int:
    return _minutes(value, end_of_day=True)


@functools.lru_cache(maxsize=4096)
def _date_text(value: str) -> dt.date:
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"expected a date between {FIRST_YEAR} and {LAST_YEAR}, got {value!r}")
    return day


def _date(value: object) -> dt.date:
    if isinstance(value, str):
        return _date_text(value)
    raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")


def _moment(value: object) -> dt.datetime:
    expected = f"expected a datetime with offset like 2026-03-02T09:25:00+08:00, got {value!r}"
    if not isinstance(value, str) or "T" not in value:
        raise ValueError(expected)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(expected) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(f"expected a datetime with its offset (+08:00), got {value!r} without one")
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise ValueError(f"expected a datetime between {FIRST_YEAR} and {LAST_YEAR}, got {value!r}")
    return parsed


def _moment_or_none(value: object) -> dt.datetime | None:
    return None if value is None else _moment(value)


def _decimal(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"expected {what}, got {value!r}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"expected {what}, got {value!r}") from None
    if not number.is_finite() or number < 0 or number >= LARGEST:
        raise ValueError(f"expected {what}, got {value!r}")
    return number


def _money(value: object) -> Decimal:
    number = _decimal(value, 'an amount in yuan like "20.00"')
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(f"expected an amount with at most 2 decimals, got {value!r}")
    return number.quantize(Decimal("0.01"))


def _money_or_none(value: object) -> Decimal | None:
    return None if value is None else _money(value)


def _days(value: object) -> Decimal:
    number = _decimal(value, "a number of days like 1 or 1.5")
    if number <= 0 or (number * 2) != (number * 2).to_integral_value():
        raise ValueError(f"expected a positive number of days in halves (0.5, 1, 1.5 …), got {value!r}")
    return Decimal(int(number)) if number == number.to_integral_value() else number.normalize()


def _text(value: object) -> str:
    if isinstance(value, str) and value.strip():
        return value
    raise ValueError(f"expected a non-empty text, got {value!r}")


def _text_or_none(value: object) -> str | None:
    return None if value is None else _text(value)


def _ref(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip() and len(value) <= MAX_REF:
        return value
    raise ValueError(f"expected a non-empty text of at most {MAX_REF} characters, got {_show(value)}")


def _openings(value: object) -> dict[str, int] | None:
    if value is None:
        return None
    if isinstance(value, dict):
        for clause, count in value.items():
            if not isinstance(clause, str) or not isinstance(count, int) or isinstance(count, bool):
                break
            if not 0 <= count <= 1_000_000:
                break
        else:
            return dict(value)
    raise ValueError(f"expected an object of clause id → count of earlier incidents, got {_show(value)}")


def _run(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1_000_000:
        return value
    raise ValueError(f"expected a whole number from 0 to 1000000, got {_show(value)}")


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {value!r}")


def _count(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1_000_000:
        return value
    raise ValueError(f"expected a whole number from 1 to 1000000, got {value!r}")


def _seed(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"expected a whole number, got {value!r}")


def _score(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    raise ValueError(f"expected a score from 1 to 5, got {value!r}")


def _sequence(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value in (1, 2):
        return value
    raise ValueError(f"expected 1 or 2, got {value!r}")


def _tags(value: object) -> frozenset[str]:
    allowed = Tag.__args__  # type: ignore[attr-defined]
    if not isinstance(value, list):
        raise ValueError(f"expected a list of tags, got {value!r}")
    for tag in value:
        if tag not in allowed:
            raise ValueError(f"expected tags among {', '.join(allowed)}, got {tag!r}")
    return frozenset(value)


def _one_of(*choices: str) -> BeforeValidator:
    def check(value: object) -> str:
        if isinstance(value, str) and value in choices:
            return value
        raise ValueError(f"expected one of {', '.join(choices)}, got {value!r}")

    return BeforeValidator(check)


Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str | None, BeforeValidator(_text_or_none)]
Clock = Annotated[int, BeforeValidator(_clock)]
OptionalClock = Annotated[int | None, BeforeValidator(_clock_or_none)]
ShiftEnd = Annotated[int, BeforeValidator(_shift_end)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Moment = Annotated[dt.datetime, BeforeValidator(_moment)]
OptionalMoment = Annotated[dt.datetime | None, BeforeValidator(_moment_or_none)]
Money = Annotated[Decimal, BeforeValidator(_money)]
OptionalMoney = Annotated[Decimal | None, BeforeValidator(_money_or_none)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Ref = Annotated[str | None, BeforeValidator(_ref)]
Openings = Annotated[dict[str, int] | None, BeforeValidator(_openings)]
Days = Annotated[Decimal, BeforeValidator(_days)]
Count = Annotated[int, BeforeValidator(_count)]
Run = Annotated[int, BeforeValidator(_run)]
Score = Annotated[int, BeforeValidator(_score)]
Seed = Annotated[int, BeforeValidator(_seed)]
SequenceNumber = Annotated[int, BeforeValidator(_sequence)]
Tags = Annotated[frozenset[str], BeforeValidator(_tags)]


def one_of(*choices: str) -> BeforeValidator:
    """A validator accepting exactly one of ``choices``."""
    return _one_of(*choices)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
