"""Exports of any other layout, read through a saved column mapping (Fuwu field → header text)."""

from __future__ import annotations

import re

from django.utils.translation import gettext

from fuwu.staff.readers import problems as say
from fuwu.staff.readers.cells import header_key
from fuwu.staff.readers.daily import MAX_SLOTS, DayColumns, SlotColumns, read_days
from fuwu.staff.readers.problems import Problems, list_separator
from fuwu.staff.readers.punches import PunchColumns, read_punches
from fuwu.staff.readers.records import ColumnMapping, Place
from fuwu.staff.readers.shapes import Found
from fuwu.staff.readers.tables import Header, Table, find_header, missing

FIELDS = frozenset(
    {"employee_no", "name", "date", "shift", "at", "device"}
    | {f"{side}_{number}" for side in ("in", "out") for number in range(1, MAX_SLOTS + 1)}
)
_SLOT = re.compile(r"(in|out)_(\d+)")


def read_mapped(tables: list[Table], mapping: ColumnMapping, problems: Problems) -> Found:
    """The days (or, with ``at`` mapped, the punches) of the first table that has every mapped column."""
    found = Found()
    if not _valid(mapping, problems):
        return found
    words = {header_key(label): label for label in mapping.columns.values()}
    best: tuple[Table, Header] | None = None
    for table in tables:
        header = find_header(table.head(), words)
        if header is None:
            continue
        if not missing(header, words):
            best = (table, header)
            break
        if best is None or len(missing(header, words)) < len(missing(best[1], words)):
            best = (table, header)
    if best is None:
        problems.add(None, _nowhere(mapping))
        return found
    table, header = best
    absent = missing(header, words)
    for label in absent:
        problems.add(Place(table.name, header.row), say.missing_column(label))
    if absent:
        return found
    columns = {field: header.at(label) for field, label in mapping.columns.items()}
    if "at" in columns:
        punches = PunchColumns(
            employee_no=columns.get("employee_no"),
            name=columns.get("name"),
            at=columns["at"],
            date=columns.get("date"),
            device=columns.get("device"),
        )
        found.punches.extend(read_punches(table, header, punches, problems))
        return found
    slots = [
        SlotColumns(number, columns.get(f"in_{number}"), None, columns.get(f"out_{number}"), None)
        for number in range(1, MAX_SLOTS + 1)
        if f"in_{number}" in columns or f"out_{number}" in columns
    ]
    days = DayColumns(
        employee_no=columns.get("employee_no"),
        name=columns.get("name"),
        date=columns["date"],
        shift=columns.get("shift"),
        slots=slots,
        verdicts=[],
        # A hand-made layout writes plain times: a clock-out before the clock-in is the next day.
        crosses_midnight=True,
    )
    found.days.extend(read_days(table, header, days, problems))
    return found


def _valid(mapping: ColumnMapping, problems: Problems) -> bool:
    """Whether the mapping names known fields and enough of them: a person, and a punch or a day."""
    before = len(problems.found)
    for field in sorted(set(mapping.columns) - FIELDS):
        message = gettext("The column mapping “%(mapping)s” has a field Fuwu does not know: %(field)s.")
        problems.add(None, message % {"mapping": mapping.name, "field": field})
    fields = set(mapping.columns)
    has_slot = any(_SLOT.fullmatch(field) for field in fields & FIELDS)
    if not fields & {"employee_no", "name"} or not ("at" in fields or ("date" in fields and has_slot)):
        message = gettext(
            "The column mapping “%(mapping)s” needs employee_no or name, and either at (one punch a row) "
            "or date with in_1 or out_1 (one day a row)."
        )
        problems.add(None, message % {"mapping": mapping.name})
    return len(problems.found) == before


def _nowhere(mapping: ColumnMapping) -> str:
    message = gettext("No sheet of the file has the columns of the mapping “%(mapping)s”: %(columns)s.")
    return message % {"mapping": mapping.name, "columns": list_separator().join(mapping.columns.values())}
