"""Day-level rows (one employee, one date, its punch slots), the same whichever vendor wrote them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fuwu.staff.readers import problems as say
from fuwu.staff.readers.cells import (
    BadValue,
    Cell,
    employee_number,
    parse_date,
    parse_punch,
    parse_shift,
    text,
    word,
)
from fuwu.staff.readers.problems import Problems
from fuwu.staff.readers.records import DayRecord, Place, PunchSlot, ShiftText
from fuwu.staff.readers.tables import Header, Row, Table, cell, data_rows

# DingTalk and WeCom number their slots 1 … 3 (split shifts); a few more cost nothing to look for.
MAX_SLOTS = 6
REST_WORDS = frozenset({"休息", "无需打卡(休息)", "无需打卡（休息）"})
REST_DAY = ShiftText("休息", None, None, rest=True)


@dataclass(frozen=True)
class SlotColumns:
    number: int
    clock_in: int | None
    in_result: int | None
    clock_out: int | None
    out_result: int | None


@dataclass(frozen=True)
class DayColumns:
    """Where a day row's values are. ``crosses_midnight``: the source writes no 次日, so a clock-out
    earlier than the clock-in of its slot is on the next day."""

    employee_no: int | None
    name: int | None
    date: int
    shift: int | None
    slots: list[SlotColumns]
    verdicts: list[int]
    crosses_midnight: bool = False


def vendor_slots(header: Header) -> list[SlotColumns]:
    """The slots DingTalk and WeCom write: 上班1打卡时间, 上班1打卡结果, 下班1打卡时间 … (or ``上班 1 …``)."""
    slots = []
    for number in range(1, MAX_SLOTS + 1):
        clock_in = header.column(f"上班{number}打卡时间")
        clock_out = header.column(f"下班{number}打卡时间")
        if clock_in is None and clock_out is None:
            continue
        in_result = header.column(f"上班{number}打卡结果")
        out_result = header.column(f"下班{number}打卡结果")
        slots.append(SlotColumns(number, clock_in, in_result, clock_out, out_result))
    return slots


def read_days(table: Table, header: Header, columns: DayColumns, problems: Problems) -> list[DayRecord]:
    """Every day row of the table; a bad value, a row naming nobody or a second row of the same employee
    and date is a problem, and reading goes on to find the others."""
    days: list[DayRecord] = []
    first_rows: dict[tuple[str, dt.date], int] = {}
    for number, row in data_rows(table, header):
        place = Place(table.name, number)
        employee_no = employee_number(cell(row, columns.employee_no))
        name = word(cell(row, columns.name))
        if employee_no is None and not name:
            problems.add(place, say.nobody())
            continue
        before = len(problems.found)
        try:
            day = parse_date(cell(row, columns.date))
        except BadValue as bad:
            problems.add(Place(table.name, number, header.label(columns.date)), say.bad_date(bad.text))
            continue
        shift = None
        if columns.shift is not None:
            try:
                shift = parse_shift(text(cell(row, columns.shift)))
            except BadValue as bad:
                problems.add(Place(table.name, number, header.label(columns.shift)), say.bad_time(bad.text))
        slots = _slots(table, header, columns, row, number, day, problems)
        if shift is None and slots and all(_rest(slot) for slot in slots):
            # WeCom leaves 班次 empty on a rest day and says so in the results: 无需打卡(休息).
            shift = REST_DAY
        key = (employee_no if employee_no is not None else name, day)
        first = first_rows.setdefault(key, number)
        if first != number:
            problems.add(Place(table.name, number, header.label(columns.date)), say.duplicate_day(first))
        if len(problems.found) == before:
            results = [word(cell(row, column)) for column in columns.verdicts]
            days.append(DayRecord(place, employee_no, name, day, shift, slots, _distinct(slots, results)))
    return days


def _slots(
    table: Table,
    header: Header,
    columns: DayColumns,
    row: Row,
    number: int,
    day: dt.date,
    problems: Problems,
) -> list[PunchSlot]:
    slots = []
    for spec in columns.slots:
        in_result = word(cell(row, spec.in_result))
        out_result = word(cell(row, spec.out_result))
        raw_in, raw_out = cell(row, spec.clock_in), cell(row, spec.clock_out)
        # Slot 1 is the day's shift even with nothing in it (an absence); later slots only when used.
        if spec.number > 1 and not (in_result or out_result or word(raw_in) or word(raw_out)):
            continue
        clock_in = _punch(table, header, raw_in, spec.clock_in, number, day, problems)
        clock_out = _punch(table, header, raw_out, spec.clock_out, number, day, problems)
        if (
            columns.crosses_midnight
            and clock_in is not None
            and clock_out is not None
            and clock_out < clock_in
        ):
            clock_out += dt.timedelta(days=1)
        slots.append(PunchSlot(spec.number, clock_in, clock_out, in_result, out_result))
    return slots


def _punch(
    table: Table,
    header: Header,
    value: Cell,
    column: int | None,
    number: int,
    day: dt.date,
    problems: Problems,
) -> dt.datetime | None:
    if column is None:
        return None
    try:
        return parse_punch(value, day)
    except BadValue as bad:
        problems.add(Place(table.name, number, header.label(column)), say.bad_time(bad.text))
        return None


def _rest(slot: PunchSlot) -> bool:
    return slot.in_result in REST_WORDS and slot.out_result in REST_WORDS


def _distinct(slots: list[PunchSlot], verdicts: list[str]) -> list[str]:
    """The vendor's words of the row, each once, in column order."""
    words = [result for slot in slots for result in (slot.in_result, slot.out_result)]
    return list(dict.fromkeys(found for found in [*words, *verdicts] if found))
