"""Cell values as the vendors write them: dates, clock times, shift names, staff numbers, header words.

A cell arrives as openpyxl reads it (text, a number, a real Excel date or time) or as CSV text; every
parser takes both. A value that cannot be read raises BadValue with the text found, for the message.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TypeAlias

from fuwu.staff.readers.records import ShiftText

Cell: TypeAlias = str | float | dt.datetime | dt.date | dt.time | dt.timedelta | None

# How the vendors write "nothing here": WeCom fills empty cells with "-".
EMPTY = frozenset({"", "-", "--", "—", "–", "/"})
# How a punch that did not happen is written: DingTalk 每日统计 says 缺卡, its 考勤明细 and ZKTeco 未打卡.
NO_PUNCH = EMPTY | {"缺卡", "未打卡"}

_DAY = dt.timedelta(days=1)
# 次日 = the day after the row's date (a night shift's clock-out), 昨日 = the day before.
_OFFSETS = {"": 0, "次日": 1, "隔日": 1, "昨日": -1, "前日": -1}
_CLOCK = re.compile(r"(次日|隔日|昨日|前日)?\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?")
_WEEKDAY = r"(?:\s*[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?)?"
_DATE = re.compile(r"(\d{4}|\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?" + _WEEKDAY)
_MIDNIGHT = re.compile(r"\s+0{1,2}:00(?::00)?")
_SPACE = re.compile(r"\s+")
# Excel serial days of 1954 … 2119: a date column written as a plain number, not a typo of a time.
_SERIALS = (20000, 80000)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


class BadValue(ValueError):
    """A cell that should hold a date, a time or a number and does not; ``text`` is what it holds."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def text(value: Cell) -> str:
    """The cell as a person reads it, without surrounding spaces."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def word(value: Cell) -> str:
    """The cell's text, '' where the vendor wrote an empty mark such as ``-``."""
    found = text(value)
    return "" if found in EMPTY else found


def employee_number(value: Cell) -> str | None:
    """The staff number, without leading zeros when it is all digits (ZKTeco's ``00085089`` = ``85089``)."""
    found = word(value)
    if not found:
        return None
    if found.isascii() and found.isdigit():
        return found.lstrip("0") or "0"
    return found


def header_key(label: str) -> str:
    """A header word as compared: full-width forms folded, spaces dropped (``上班 1`` = ``上班1``)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", label)).casefold()


def parse_date(value: Cell) -> dt.date:
    """A date cell: a real Excel date, ``2026-03-02``, ``2026/3/2``, ``26-03-02 星期一``, ``2026年3月2日``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIALS[0] < value < _SERIALS[1] and float(value).is_integer():
            return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).date()
        raise BadValue(text(value))
    return _date_text(text(value))


@lru_cache(maxsize=4096)
def _date_text(found: str) -> dt.date:
    match = _DATE.match(found)
    if match is None or _MIDNIGHT.sub("", found[match.end() :]).strip():
        raise BadValue(found)
    year, month, day = (int(part) for part in match.groups())
    if year < 100:
        # DingTalk writes two-digit years (``26-03-02``).
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValue(found) from None


def parse_punch(value: Cell, day: dt.date) -> dt.datetime | None:
    """A clock time of the row's ``day`` (``08:57``, ``次日 02:05``, a real Excel time or date-time);
    None where the punch is missing however the source writes it."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        # A time-only cell that Excel formatted as a date-time reads as a day of 1899.
        return dt.datetime.combine(day, value.time()) if value.year < 1901 else value
    if isinstance(value, dt.time):
        return dt.datetime.combine(day, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 <= value < 1:
            return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=round(value * 86400))
        raise BadValue(text(value))
    found = text(value)
    if found in NO_PUNCH:
        return None
    return _punch_text(found, day)


@lru_cache(maxsize=8192)
def _punch_text(found: str, day: dt.date) -> dt.datetime:
    match = _CLOCK.fullmatch(found)
    if match is None:
        # Some exports write the whole moment (``2026-03-03 02:05:00``) instead of 次日.
        return parse_moment(found)
    offset, hour, minute, second = match.groups()
    clock = _time(found, hour, minute, second)
    return dt.datetime.combine(day + _OFFSETS[offset or ""] * _DAY, clock)


def parse_moment(value: Cell) -> dt.datetime:
    """A date and time in one cell: a real Excel date-time, ``2026-03-02 08:57:14``, ``2026/3/2 8:57``."""
    if isinstance(value, dt.datetime):
        return value
    found = text(value)
    match = _DATE.match(found)
    if match is None:
        raise BadValue(found)
    clock = _CLOCK.fullmatch(found[match.end() :].strip())
    if clock is None or clock.group(1):
        raise BadValue(found)
    day = _date_text(found[: match.end()])
    return dt.datetime.combine(day, _time(found, *clock.groups()[1:]))


def _time(found: str, hour: str, minute: str, second: str | None) -> dt.time:
    try:
        return dt.time(int(hour), int(minute), int(second or 0))
    except ValueError:
        raise BadValue(found) from None


def parse_decimal(value: Cell) -> Decimal | None:
    """A count such as 请假时长(小时); None when empty."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    found = word(value)
    if not found:
        return None
    try:
        number = Decimal(found)
    except InvalidOperation:
        raise BadValue(found) from None
    if not number.is_finite():
        raise BadValue(found)
    return number


@lru_cache(maxsize=1024)
def parse_shift(found: str) -> ShiftText | None:
    """A 班次 cell: ``正常班 09:00-18:00`` → its name and times, ``休息`` → a rest day, '' → None.

    A split shift written with two ranges starts at the first time and ends at the last."""
    if found in EMPTY:
        return None
    rest = "休息" in found
    clocks = list(_CLOCK.finditer(found))
    if not clocks:
        return ShiftText(found, None, None, rest)
    name = found[: clocks[0].start()].strip(" :：") or found
    start, end = (_time(found, *match.groups()[1:]) for match in (clocks[0], clocks[-1]))
    if len(clocks) == 1:
        return ShiftText(name, start, None, rest)
    return ShiftText(name, start, end, rest)
