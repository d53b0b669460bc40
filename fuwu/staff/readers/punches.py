"""Punch-level rows (one tap on a clock each), the same whichever source wrote them.

Every tap is kept, double taps seconds apart included: pairing taps into shifts needs the employee's
schedule and is the importer's job. Only a tap listed twice with the very same employee and second is
kept once, since that is one tap exported twice (overlapping USB exports, a punch listed under two
planned times), not a second tap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from fuwu.staff.readers import problems as say
from fuwu.staff.readers.cells import (
    BadValue,
    Cell,
    employee_number,
    parse_date,
    parse_moment,
    parse_punch,
    word,
)
from fuwu.staff.readers.problems import Problems
from fuwu.staff.readers.records import Place, PunchRecord
from fuwu.staff.readers.tables import Header, Table, cell, data_rows


@dataclass(frozen=True)
class PunchColumns:
    """Where a punch row's values are: ``at`` holds the whole moment, or only the time when ``date`` is
    given (DingTalk 考勤明细's 考勤日期 + 打卡时间)."""

    employee_no: int | None
    name: int | None
    at: int
    date: int | None
    device: int | None


class Taps:
    """The punches read so far, each (employee, moment) once."""

    def __init__(self) -> None:
        self.punches: list[PunchRecord] = []
        self._seen: set[tuple[str, dt.datetime]] = set()

    def add(self, punch: PunchRecord) -> None:
        key = (punch.employee, punch.at)
        if key not in self._seen:
            self._seen.add(key)
            self.punches.append(punch)


def read_punches(
    table: Table,
    header: Header,
    columns: PunchColumns,
    problems: Problems,
    numbers: Mapping[str, str] | None = None,
) -> list[PunchRecord]:
    """Every punch of the table. A row whose time says the punch is missing (未打卡) is no punch and is
    skipped. ``numbers`` gives the employee number of a name where the sheet has no number column."""
    taps = Taps()
    for number, row in data_rows(table, header):
        place = Place(table.name, number)
        employee_no = employee_number(cell(row, columns.employee_no))
        name = word(cell(row, columns.name))
        if employee_no is None and numbers is not None:
            employee_no = numbers.get(name)
        if employee_no is None and not name:
            problems.add(place, say.nobody())
            continue
        value = cell(row, columns.at)
        try:
            if columns.date is None:
                at: dt.datetime | None = parse_moment(value)
            else:
                day = _day(table, header, columns.date, number, cell(row, columns.date), problems)
                if day is None:
                    continue
                at = parse_punch(value, day)
        except BadValue as bad:
            message = say.bad_moment(bad.text) if columns.date is None else say.bad_time(bad.text)
            problems.add(Place(table.name, number, header.label(columns.at)), message)
            continue
        if at is not None:
            taps.add(PunchRecord(place, employee_no, name, at, word(cell(row, columns.device))))
    return taps.punches


def _day(
    table: Table, header: Header, column: int, number: int, value: Cell, problems: Problems
) -> dt.date | None:
    try:
        return parse_date(value)
    except BadValue as bad:
        problems.add(Place(table.name, number, header.label(column)), say.bad_date(bad.text))
        return None
