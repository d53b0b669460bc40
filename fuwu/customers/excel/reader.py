"""A customer list kept in Excel, read: its header row found (the first of the first ten rows that names
客户名称), its columns in any order, each row's cells parsed — or every problem, each at its row and
column as the file heads it. No database: who the managers are and which numbers are known already is
the import service's to check.

openpyxl reads the file (read-only, cached values): it is a dependency already, and the staff app's
streaming reader cannot be imported here without making the apps import each other in a circle.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext
from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from fuwu.customers.excel.columns import HEADERS, KINDS, REQUIRED, Column, column_of, header_word
from fuwu.customers.services.files import phone_problems, plate_problem, split_numbers

MAX_ROWS = 50_000
HEADER_ROWS = 10
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+0{1,2}:00(?::00)?)?$")
_INTERVAL = re.compile(r"^(\d{1,4})\s*(天|日|个月|月|年)?$")
_INTERVAL_UNITS = {None: 1, "天": 1, "日": 1, "个月": 30, "月": 30, "年": 365}
# Excel's serial days of 1954 … 2119: a date column written as a plain number.
_SERIALS = (20000, 80000)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing to fix in the file: at a row and column (as the file heads it), or the file as a whole."""

    row: int | None
    column: str | None
    message: str

    @property
    def loc(self) -> tuple[str, ...]:
        """Where it is as the API names it: ("file", "row 12", "电话")."""
        place: tuple[str, ...] = ("file",)
        if self.row is not None:
            place += (f"row {self.row}",)
        if self.column is not None:
            place += (self.column,)
        return place

    def __str__(self) -> str:
        words = {"row": self.row, "column": self.column, "message": self.message}
        if self.row is None:
            return self.message
        if self.column is None:
            return gettext("Row %(row)s: %(message)s") % words
        return gettext("Row %(row)s, column “%(column)s”: %(message)s") % words


@dataclass
class ListRow:
    """One customer's row, parsed (a cell that could not be read is left empty and has its problem)."""

    row: int
    name: str = ""
    kind: str = "person"
    phones: list[str] = field(default_factory=list)
    address: str = ""
    plate: str = ""
    model: str = ""
    vehicle_type: str = ""
    visited_on: dt.date | None = None
    work: str = ""
    service_interval_days: int | None = None
    next_service_on: dt.date | None = None
    services_wanted: str = ""
    manager: str = ""
    note: str = ""


@dataclass
class CustomerList:
    """The rows of a list, the file's header of each column read, the columns not read, the problems."""

    rows: list[ListRow] = field(default_factory=list)
    headers: dict[Column, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def header(self, column: Column) -> str:
        return self.headers.get(column, HEADERS[column])


def text(value: Any) -> str:
    """A cell as a person reads it: numbers without a trailing .0, dates as 2026-03-02."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value).strip()


def parse_date(value: Any) -> dt.date:
    """A date cell: a real Excel date, 2026-03-02, 2026/3/2, 2026年3月2日, or Excel's serial number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIALS[0] < value < _SERIALS[1] and float(value).is_integer():
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(text(value))
    match = _DATE.match(text(value))
    if match is None:
        raise ValueError(text(value))
    year, month, day = (int(part) for part in match.groups())
    return dt.date(year, month, day)


def parse_interval(value: Any) -> int:
    """A service interval in days: 90, 90天, 3个月 (90 days), 1年 (365 days)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        days = int(value)
    else:
        match = _INTERVAL.match(text(value))
        if match is None:
            raise ValueError(text(value))
        days = int(match[1]) * _INTERVAL_UNITS[match[2]]
    if not 1 <= days <= 3650:
        raise ValueError(text(value))
    return days


def read_list(data: bytes) -> CustomerList:
    """The customer list in the first sheet of an .xlsx file (see the module's docstring)."""
    found = CustomerList()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        found.problems.append(Problem(None, None, gettext("The file is not an Excel workbook (.xlsx).")))
        return found
    try:
        sheet = book.worksheets[0]
        _read_sheet(sheet.iter_rows(values_only=True), found)
    finally:
        book.close()
    return found


def _read_sheet(rows: Any, found: CustomerList) -> None:
    columns: dict[int, Column] | None = None
    for number, values in enumerate(rows, start=1):
        if columns is None:
            if number > HEADER_ROWS:
                break
            columns = _header(number, values, found)
            continue
        if not any(text(value) for value in values):
            continue
        if len(found.rows) >= MAX_ROWS:
            found.problems.append(
                Problem(
                    None,
                    None,
                    gettext("The file has more than %(count)s customers; split it.") % {"count": MAX_ROWS},
                )
            )
            return
        found.rows.append(_row(number, values, columns, found))
    if columns is None:
        missing = gettext("The required column “%(column)s” is missing.") % {"column": HEADERS[Column.NAME]}
        found.problems.append(Problem(None, None, missing))
    elif not found.rows and not found.problems:
        found.problems.append(Problem(None, None, gettext("The file lists no customers.")))


def _header(number: int, values: tuple[Any, ...], found: CustomerList) -> dict[int, Column] | None:
    """The columns of this row if it is the header row (it names every required column), else None."""
    named = {index: column_of(text(value)) for index, value in enumerate(values) if text(value)}
    if not all(column in named.values() for column in REQUIRED):
        return None
    columns: dict[int, Column] = {}
    for index, column in named.items():
        header = text(values[index])
        if column is None:
            found.ignored.append(header)
        elif column in found.headers:
            message = gettext("The column “%(column)s” appears twice.") % {"column": header}
            found.problems.append(Problem(number, header, message))
        else:
            columns[index] = column
            found.headers[column] = header
    return columns


def _row(number: int, values: tuple[Any, ...], columns: dict[int, Column], found: CustomerList) -> ListRow:
    row = ListRow(number)
    cells = {column: values[index] for index, column in columns.items() if index < len(values)}

    def problem(column: Column, message: str) -> None:
        found.problems.append(Problem(number, found.header(column), message))

    row.name = text(cells.get(Column.NAME))[:100]
    if not row.name:
        problem(Column.NAME, gettext("Give the customer's name."))
    kind = text(cells.get(Column.KIND))
    if kind:
        if header_word(kind) in KINDS:
            row.kind = KINDS[header_word(kind)]
        else:
            problem(Column.KIND, gettext("“%(text)s” is neither 个人 nor 单位.") % {"text": kind})
    row.phones = split_numbers(text(cells.get(Column.PHONES)))
    for _loc, message in phone_problems(row.phones, ()):
        problem(Column.PHONES, message)
    for column, limit in ((Column.ADDRESS, 200), (Column.MODEL, 50), (Column.VEHICLE_TYPE, 30)):
        setattr(row, column.value, text(cells.get(column))[:limit])
    for column, limit in (
        (Column.WORK, 300),
        (Column.WANTED, 300),
        (Column.NOTE, 500),
        (Column.MANAGER, 150),
    ):
        setattr(row, column.value, text(cells.get(column))[:limit])
    row.plate = text(cells.get(Column.PLATE))
    if row.plate:
        wrong = plate_problem(row.plate)
        if wrong:
            problem(Column.PLATE, wrong)
    for column in (Column.VISITED_ON, Column.NEXT_SERVICE):
        if text(cells.get(column)):
            try:
                setattr(row, column.value, parse_date(cells[column]))
            except ValueError:
                problem(column, gettext("“%(text)s” is not a date.") % {"text": text(cells[column])})
    if text(cells.get(Column.INTERVAL)):
        try:
            row.service_interval_days = parse_interval(cells[Column.INTERVAL])
        except ValueError:
            message = gettext("“%(text)s” is not a service interval (such as 90天 or 3个月).")
            problem(Column.INTERVAL, message % {"text": text(cells[Column.INTERVAL])})
    if row.work and not text(cells.get(Column.VISITED_ON)):
        problem(Column.WORK, gettext("Work done needs the day the car was brought in (送修或来访日期)."))
    car_fields = (row.model, row.vehicle_type, row.service_interval_days, row.next_service_on)
    if not row.plate and any(car_fields):
        problem(Column.PLATE, gettext("A car's details need its plate."))
    return row
