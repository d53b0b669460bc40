"""A file as tables of cells, and a table's header found by its words.

Workbooks are read from their own XML (``xlsx``: rows stream from the file, so a 300,000-row export does
not sit in memory as cells, giving the values openpyxl's read-only mode gives); merged ranges are not
looked at, and every cell of a merge but the first reads as empty, which the two-level header reading
below expects.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from fuwu.staff.readers.cells import Cell, header_key, text
from fuwu.staff.readers.xlsx import Sheet, XlsxBook

Row = Sequence[Cell]
# The vendors put one or two title rows above the header; a header below this many rows is no header.
HEAD = 20


class UnreadableFile(Exception):
    """The workbook's bytes cannot be read as a workbook (not a zip, a broken sheet)."""


@dataclass(frozen=True)
class Table:
    """One sheet (or a CSV file): its name as messages show it, and its rows from row 1, afresh each call."""

    name: str
    rows: Callable[[], Iterator[Row]]

    def head(self) -> list[Row]:
        return list(itertools.islice(self.rows(), HEAD))


@dataclass(frozen=True)
class Header:
    """A table's header: its last row (data follows), each column's text, and the words that find them."""

    row: int
    labels: list[str]
    keys: dict[str, int]

    def column(self, word: str) -> int | None:
        return self.keys.get(header_key(word))

    def at(self, word: str) -> int:
        """The column of a word the header is known to have (a required column, checked before)."""
        return self.keys[header_key(word)]

    def label(self, column: int) -> str:
        return self.labels[column]


class Workbook:
    """An .xlsx file's worksheets as tables; close() releases the zip the rows are read from."""

    def __init__(self, data: bytes) -> None:
        try:
            self._book = XlsxBook(data)
        except Exception as error:
            # Whatever the zip and XML layers raise on a damaged file.
            raise UnreadableFile from error
        self.tables = [Table(sheet.name, _sheet_rows(self._book, sheet)) for sheet in self._book.sheets]

    def close(self) -> None:
        self._book.close()


def _sheet_rows(book: XlsxBook, sheet: Sheet) -> Callable[[], Iterator[Row]]:
    # The sheet's <dimension> is not read: some exporters write a wrong one.
    def rows() -> Iterator[Row]:
        try:
            yield from book.rows(sheet)
        except Exception as error:
            raise UnreadableFile from error

    return rows


def csv_table(name: str, content: str) -> Table:
    """A CSV text as one table; tab-separated when its first lines have more tabs than commas."""
    sample = content[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","

    def rows() -> Iterator[Row]:
        return iter(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter))

    return Table(name, rows)


def cell(row: Row, column: int | None) -> Cell:
    """The value at ``column`` (None past the row's end: read-only rows stop at their last value)."""
    if column is None or column >= len(row):
        return None
    return row[column]


def data_rows(table: Table, header: Header) -> Iterator[tuple[int, Row]]:
    """The rows below the header with their 1-based numbers; empty rows are skipped."""
    rows = enumerate(table.rows(), 1)
    for number, _row in rows:
        if number == header.row:
            break
    for number, row in rows:
        # Most rows have their first cell filled: the look at every cell is for the others.
        first = row[0] if row else None
        if (first is not None and first != "") or any(value is not None and value != "" for value in row):
            yield number, row


def find_header(head: Sequence[Row], words: Mapping[str, str]) -> Header | None:
    """The header row (or two-level header rows) of ``head`` holding the most of ``words`` (header key →
    word as written), None when no row holds any. Found by words, since title rows vary."""
    best: Header | None = None
    best_count = 0
    for index, row in enumerate(head):
        header = _header(index + 1, row, None)
        count = _count(header, words)
        if index + 1 < len(head):
            below = head[index + 1]
            pair = _header(index + 2, row, below)
            pair_count = _count(pair, words)
            if pair_count > count or (pair_count == count > 0 and _continues(header, words, below)):
                header, count = pair, pair_count
        if count > best_count:
            best, best_count = header, count
            if count == len(words):
                break
    return best


def missing(header: Header, words: Mapping[str, str]) -> list[str]:
    """The ``words`` (as written) that the header lacks."""
    return [word for key, word in words.items() if key not in header.keys]


def _count(header: Header, words: Mapping[str, str]) -> int:
    return sum(1 for key in words if key in header.keys)


def _continues(header: Header, words: Mapping[str, str], below: Row) -> bool:
    """Whether ``below`` is a second header row rather than data: it is empty under the words found
    (their cells merge down) and has text elsewhere (its leaf names)."""
    found = [header.keys[key] for key in words if key in header.keys]
    return all(not text(cell(below, column)) for column in found) and any(text(value) for value in below)


def _header(number: int, top: Row, below: Row | None) -> Header:
    """The header ending at row ``number``: ``top`` alone, or ``top`` as the groups over ``below``."""
    width = max(len(top), len(below) if below is not None else 0)
    labels: list[str] = []
    keys: dict[str, int] = {}
    groups: list[tuple[str, int]] = []
    group = ""
    for column in range(width):
        upper = text(cell(top, column))
        lower = text(cell(below, column)) if below is not None else ""
        # A group cell merged across its leaves has text only in its first column.
        if upper:
            group = upper
        labels.append(lower or upper)
        keys.setdefault(header_key(lower or upper), column)
        if lower and group:
            keys.setdefault(header_key(group + lower), column)
            keys.setdefault(header_key(f"{group}-{lower}"), column)
            groups.append((group, column))
    keys.pop("", None)
    for name, column in groups:
        keys.setdefault(header_key(name), column)
    repeated = {label for label in labels if label and labels.count(label) > 1}
    for name, column in groups:
        if labels[column] in repeated:
            labels[column] = f"{name} {labels[column]}"
    return Header(number, labels, keys)
