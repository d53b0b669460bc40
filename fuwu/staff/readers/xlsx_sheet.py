"""A worksheet's XML read row by row, and the shared strings its cells point to (``xlsx`` opens the
workbook around them).

expat calls back per tag; the handlers keep the little state a cell needs and turn each finished row
into a tuple of values as openpyxl's read-only mode gives them (``data_only``): the first ``v`` of a cell
by its type (``t``) and style, an inline string's text, a row as wide as its last cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import IO, Any, TypeAlias
from xml.parsers import expat

Value: TypeAlias = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
Values: TypeAlias = tuple[Value, ...]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)

_CHUNK = 1 << 20  # bytes of XML fed to the parser at a time
_DIGITS = "0123456789"
_KNOWN_NUMBERS = 4096  # numbers' texts remembered with their value, per sheet
_SECONDS_A_DAY = 86400
_LETTERS = [chr(code) for code in range(65, 91)]
_ISO = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?"
)
_ISO_DURATION = re.compile(r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?")


class XlsxError(ValueError):
    """The bytes are no workbook this reader can open (not a zip, no workbook part, a sheet missing)."""


def _column(letters: str) -> int:
    """``A`` → 1, ``AD`` → 30 (lower case too, as Excel takes it); up to three letters."""
    if not 0 < len(letters) <= 3 or not letters.isascii() or not letters.isalpha():
        raise XlsxError(f"{letters!r} is not a column")
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _row_number(found: str) -> int:
    try:
        return int(found)
    except ValueError:
        number = float(found)
        if not number.is_integer():
            raise XlsxError(f"{found} is not a row number") from None
        return int(number)


def _from_excel(
    serial: int | float, epoch: dt.datetime, duration: bool
) -> dt.datetime | dt.time | dt.timedelta:
    """A number in a date style as Excel shows it: a time of day below 1, a date-time from the epoch (the
    1900 system counts a 29 February 1900 that never was), or a duration in a ``[h]:mm`` style."""
    if duration:
        span = dt.timedelta(days=serial)
        if span.microseconds:
            span = dt.timedelta(seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3))
        return span
    day, fraction = divmod(serial, 1)
    diff = dt.timedelta(milliseconds=round(fraction * _SECONDS_A_DAY * 1000))
    if 0 <= serial < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < serial < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + dt.timedelta(days=day) + diff


def _from_iso(found: str) -> dt.datetime | dt.date | dt.time | dt.timedelta | None:
    """A cell of type ``d`` (an ISO 8601 date, time or date-time; a duration ``PT…``)."""
    if not found:
        return None
    match = _ISO.match(found)
    if match and any(match.groups()):
        parts: dict[str, Any] = match.groupdict(0)
        for key in ("year", "month", "day", "hour", "minute", "second"):
            if parts[key]:
                parts[key] = int(parts[key])
        if parts["microsecond"]:
            parts["microsecond"] = int(float(parts["microsecond"]) * 1_000_000)
        if not parts["date"]:
            return dt.time(parts["hour"], parts["minute"], parts["second"], parts["microsecond"])
        if not parts["time"]:
            return dt.date(parts["year"], parts["month"], parts["day"])
        del parts["time"], parts["date"]
        return dt.datetime(**parts)
    match = _ISO_DURATION.match(found)
    if match and any(match.groups()):
        return dt.timedelta(**{key: float(value) for key, value in match.groupdict(0).items()})
    raise XlsxError(f"{found!r} is not an ISO 8601 date")


def _parser() -> Any:
    # Without expat's namespace processing (a fifth of the time): element names come as written, and
    # the prefix of SpreadsheetML's namespace ("", or "x:" as some writers have it) is read off the
    # root element's declarations (``_prefix``).
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    return parser


def _prefix(attributes: dict[str, str]) -> str:
    """The prefix that the root element's declarations give SpreadsheetML's names: ``""``, ``"x:"``; a
    prefix no name has when the document is in another namespace (openpyxl reads nothing from it)."""
    for name, value in attributes.items():
        if value == MAIN and (name == "xmlns" or name.startswith("xmlns:")):
            return name[6:] + ":" if name != "xmlns" else ""
    return "\0"


def _is_t(name: str) -> bool:
    """A ``t`` (text) element in any namespace, as openpyxl finds a string's parts by their local name."""
    return name == "t" or name.endswith(":t")


def _is_r(name: str) -> bool:
    return name == "r" or name.endswith(":r")


def shared_strings(stream: IO[bytes]) -> list[str]:
    """Each ``si`` of a shared-strings part as openpyxl reads it: its own ``t``, then the ``t`` of each
    rich-text run ``r`` (phonetic runs ``rPh`` left out), ``_x005F_`` read as ``_``."""
    strings: list[str] = []
    parser = _parser()
    item = ""
    level = 0  # depth inside an si: 1 the si, 2 its children, 3 a run's children
    plain: str | None = None
    run: str | None = None
    runs: list[str] = []
    taking = False
    parts: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal item, level, plain, run, taking
        taking = False  # a t's text is what comes before its first child
        if level:
            level += 1
            if _is_t(name) and level in (2, 3):
                parts.clear()
                taking = True
            elif level == 2 and _is_r(name):
                run = None
        elif name == item:
            level = 1
            plain = run = None
            runs.clear()
        elif not item:
            item = _prefix(attributes) + "si"

    def end(name: str) -> None:
        nonlocal level, plain, run, taking
        if not level:
            return
        if _is_t(name):
            if level == 2:
                plain = "".join(parts) or None
            elif level == 3:
                run = "".join(parts) or None
        elif level == 2 and run and _is_r(name):
            runs.append(run)
        taking = False
        level -= 1
        if not level:
            strings.append("".join([plain or "", *runs]).replace("x005F_", ""))

    def text(data: str) -> None:
        if taking:
            parts.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.ParseFile(stream)
    return strings


class SheetRows:
    """The rows of one worksheet's XML, parsed as they stream from the zip."""

    def __init__(
        self,
        stream: IO[bytes],
        strings: list[str],
        dates: frozenset[int],
        durations: frozenset[int],
        epoch: dt.datetime,
    ) -> None:
        self.stream = stream
        self.strings = strings
        self.dates = dates
        self.durations = durations
        self.epoch = epoch

    def __iter__(self) -> Iterator[Values]:
        done: list[tuple[int, list[int], list[Value]]] = []
        parser = self._parser(done)
        expected = 1  # the number of the row to give next
        while True:
            chunk = self.stream.read(_CHUNK)
            parser.Parse(chunk, not chunk)
            for number, columns, values in done:
                while expected < number:
                    expected += 1
                    yield ()
                if expected == number:  # a row numbered before one already given is dropped
                    expected += 1
                    yield _placed(columns, values)
            done.clear()
            if not chunk:
                return

    def _parser(self, done: list[tuple[int, list[int], list[Value]]]) -> Any:
        """An expat parser that appends each finished row to ``done``: its number, and its cells'
        columns and values. Inside a cell the first ``v`` is its value; an inline string's ``is`` has its
        own ``t`` and rich-text runs ``r`` with theirs. Called per tag: kept flat for speed."""
        parser = _parser()
        strings, epoch = self.strings, self.epoch
        numbers: dict[str, int | float] = {}  # an export's counts and hours repeat (0, 1, 540 …)
        date_style = self._date_style()
        row_tag = cell_tag = value_tag = inline_tag = ""
        row_number = 0
        column = 0
        columns: list[int] = []
        values: list[Value] = []
        level = 0  # depth inside a cell: 1 the cell, 2 its children (v, is, f), 3 and 4 inside is
        kind = "n"
        style: str | None = None
        value: str | None = None
        inline: str | None = None  # the cell's inline string, once its first is is read
        in_inline = False
        plain: str | None = None
        run: str | None = None
        runs: list[str] = []
        taking = False
        got = ""  # the text of the element being read, as expat gives it in one piece or more

        def start(name: str, attributes: dict[str, str]) -> None:
            nonlocal level, kind, style, value, inline, in_inline, plain, run, taking, got, column, row_number
            nonlocal columns, values, row_tag, cell_tag, value_tag, inline_tag
            if name == cell_tag:
                level = 1
                kind = attributes.get("t", "n")
                style = attributes.get("s")
                value = inline = None
                ref = attributes.get("r")
                if ref:
                    letters = ref.rstrip(_DIGITS)
                    column = _COLUMNS.get(letters) or _column(letters)
                else:
                    column += 1
                return
            if taking:
                taking = False  # an element's text is what comes before its first child
            if level:
                level += 1
                if level == 2:
                    if name == value_tag:
                        if value is None and kind != "inlineStr":
                            taking = True
                            got = ""
                    elif name == inline_tag and kind == "inlineStr" and inline is None:
                        in_inline = True
                        plain = run = None
                        runs.clear()
                elif in_inline:
                    if (name == "t" or name.endswith(":t")) and level in (3, 4):
                        taking = True
                        got = ""
                    elif level == 3 and _is_r(name):
                        run = None
            elif name == row_tag:
                found = attributes.get("r")
                row_number = _row_number(found) if found is not None else row_number + 1
                column = 0
                columns = []
                values = []
            elif not row_tag:
                prefix = _prefix(attributes)
                row_tag, cell_tag, value_tag, inline_tag = (prefix + tag for tag in ("row", "c", "v", "is"))

        def end(name: str) -> None:
            nonlocal level, value, inline, in_inline, plain, run, taking
            if level == 1:
                level = 0
                columns.append(column)
                if not value:
                    values.append(inline if kind == "inlineStr" else None)
                elif kind == "n":
                    number = numbers.get(value)
                    if number is None:
                        number = float(value) if "." in value or "E" in value or "e" in value else int(value)
                        if len(numbers) < _KNOWN_NUMBERS:
                            numbers[value] = number
                    values.append(_date(number, epoch, *date_style(style)) if style else number)
                elif kind == "s":
                    values.append(strings[int(value)])
                elif kind == "b":
                    values.append(bool(int(value)))
                elif kind == "d":
                    values.append(_from_iso(value))
                else:
                    values.append(value)  # "str" (a formula's text), "e" (an error such as #N/A)
            elif level:
                if level == 2:
                    if taking:
                        value = got
                    elif in_inline:
                        inline = "".join([plain or "", *runs])
                        in_inline = False
                elif in_inline:
                    if name == "t" or name.endswith(":t"):
                        if level == 3:
                            plain = got or None
                        elif level == 4:
                            run = got or None
                    elif level == 3 and run and _is_r(name):
                        runs.append(run)
                taking = False
                level -= 1
            elif name == row_tag:
                done.append((row_number, columns, values))

        def text(data: str) -> None:
            nonlocal got
            if taking:
                got += data

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        return parser

    def _date_style(self) -> Callable[[str], tuple[bool, bool]]:
        """Whether a cell style (``s``) shows numbers as dates, and as durations; remembered per style."""
        known: dict[str, tuple[bool, bool]] = {}

        def date_style(style: str) -> tuple[bool, bool]:
            found = known.get(style)
            if found is None:
                number = int(style)
                found = known[style] = (number in self.dates, number in self.durations)
            return found

        return date_style


def _date(number: int | float, epoch: dt.datetime, is_date: bool, is_duration: bool) -> Value:
    if not is_date:
        return number
    try:
        return _from_excel(number, epoch, is_duration)
    except (OverflowError, ValueError):
        return "#VALUE!"  # what openpyxl makes of a number no date can be, in a date style


def _placed(columns: list[int], values: list[Value]) -> Values:
    """The row as wide as its last cell, each value at its column (openpyxl's ``_get_row``)."""
    if not columns:
        return ()
    width = columns[-1]
    if width == len(columns) and columns == _FIRST_COLUMNS[:width]:
        return tuple(values)
    row: list[Value] = [None] * width
    for column, value in zip(columns, values, strict=True):
        if 1 <= column <= width:
            row[column - 1] = value
    return tuple(row)


_FIRST_COLUMNS = list(range(1, 16385))
_COLUMNS = {
    letters: _column(letters) for letters in (*_LETTERS, *(a + b for a in _LETTERS for b in _LETTERS))
}
