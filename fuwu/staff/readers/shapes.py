"""The table shapes of the exports Fuwu knows, each recognised by its header words (or DingTalk's sheet
name) and read into days, punches or leave."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from fuwu.staff.readers.cells import header_key
from fuwu.staff.readers.problems import Problems
from fuwu.staff.readers.records import DayRecord, LeaveRecord, PunchRecord
from fuwu.staff.readers.tables import Header, Table

Kind = Literal["days", "punches", "leave", "ignored"]
# Days are read first: DingTalk's 考勤明细 takes employee numbers from 每日统计 by name.
KIND_ORDER: dict[Kind, int] = {"days": 0, "punches": 1, "leave": 2, "ignored": 3}


@dataclass
class Found:
    """What the tables of one file gave so far."""

    days: list[DayRecord] = field(default_factory=list)
    punches: list[PunchRecord] = field(default_factory=list)
    leave: list[LeaveRecord] = field(default_factory=list)

    def numbers_by_name(self) -> dict[str, str]:
        """Each name that the days give exactly one employee number."""
        numbers: dict[str, set[str]] = {}
        for day in self.days:
            if day.employee_no is not None and day.name:
                numbers.setdefault(day.name, set()).add(day.employee_no)
        return {name: next(iter(found)) for name, found in numbers.items() if len(found) == 1}


Reader = Callable[[Table, Header, Found, Problems], None]


def _ignore(table: Table, header: Header, found: Found, problems: Problems) -> None:
    return None


@dataclass(frozen=True)
class Shape:
    """One table layout of a source. It is recognised when its header has every one of ``marks``, or by
    ``sheet`` (DingTalk names its sheets); it is read only when the header has every ``required`` word."""

    source: str
    kind: Kind
    sheet: str | None
    marks: tuple[str, ...]
    required: tuple[str, ...]
    read: Reader = _ignore

    @property
    def words(self) -> dict[str, str]:
        """Header key → the word as the vendor writes it, for finding the header and naming what lacks."""
        return {header_key(word): word for word in (*self.required, *self.marks)}

    def marked(self, header: Header) -> bool:
        return bool(self.marks) and all(header_key(mark) in header.keys for mark in self.marks)
