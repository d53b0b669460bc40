"""Which reading an import asks for: a vendor's shapes (``dingtalk``, ``wecom``, ``zkteco``), a saved column
mapping by its name, or recognition from the file; and what a saved mapping must hold to be usable."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext

from fuwu.staff.models import ColumnMapping
from fuwu.staff.readers import SOURCES
from fuwu.staff.readers import ColumnMapping as Layout
from fuwu.staff.readers.mapped import FIELDS

NAME_LENGTH = 30  # an import keeps its source's name in 30 characters (AttendanceImport.source)
_SLOT = re.compile(r"(in|out)_\d+")


@dataclass(frozen=True)
class Source:
    """How to read a file: ``vendor`` restricts recognition to one vendor's shapes, ``layout`` reads a
    saved column mapping; neither: recognise the file."""

    vendor: str | None = None
    layout: Layout | None = None


class UnknownSource(Exception):
    """The name is no vendor and no saved column mapping."""

    def __init__(self, name: str) -> None:
        self.message = gettext(
            "Unknown source “%(source)s”: choose dingtalk, wecom, zkteco or a column mapping."
        ) % {"source": name}
        super().__init__(self.message)


def resolve_source(name: str | None) -> Source:
    """The reading ``name`` asks for (one query for a mapping's name); UnknownSource for any other."""
    if not name:
        return Source()
    if name in SOURCES:
        return Source(vendor=name)
    row = ColumnMapping.objects.filter(name=name).only("name", "columns").first()
    if row is None:
        raise UnknownSource(name)
    columns = row.columns if isinstance(row.columns, dict) else {}
    return Source(layout=Layout(row.name, {str(k): str(v) for k, v in columns.items()}))


def mapping_names() -> list[str]:
    """The saved column mappings' names, in order (one query)."""
    return list(ColumnMapping.objects.order_by("name").values_list("name", flat=True))


def name_problems(name: str) -> list[str]:
    """Why ``name`` cannot name a column mapping: a vendor's own name, or too long to be kept by imports."""
    problems = []
    if name.strip().lower() in SOURCES:
        problems.append(
            gettext("“%(name)s” is a vendor's name; give the mapping another.") % {"name": name.strip()}
        )
    if len(name) > NAME_LENGTH:
        problems.append(gettext("Use at most %(count)s characters.") % {"count": NAME_LENGTH})
    return problems


def column_problems(columns: object) -> list[str]:
    """Why ``columns`` (Fuwu's field → the header text in the file) cannot read a file, each problem naming
    its field: unknown fields, empty headers, and the fields every layout needs — the person
    (``employee_no`` or ``name``) and either ``at`` (one punch a row) or ``date`` with ``in_1`` or
    ``out_1`` (one day a row)."""
    if not isinstance(columns, dict) or not columns:
        return [gettext('Give the columns as {"field": "header text", …}, e.g. {"name": "姓名"}.')]
    problems = []
    known = ", ".join(sorted(FIELDS, key=_field_order))
    for field in sorted(columns, key=str):
        header = columns[field]
        if field not in FIELDS:
            problems.append(
                gettext("Fuwu has no field “%(field)s”; the fields are: %(fields)s.")
                % {"field": field, "fields": known}
            )
        elif not isinstance(header, str) or not header.strip():
            problems.append(
                gettext("Give the header text of the column that holds %(field)s.") % {"field": field}
            )
    fields = set(columns)
    if not fields & {"employee_no", "name"}:
        problems.append(gettext("Map employee_no or name: the column naming each row's person."))
    slots = any(_SLOT.fullmatch(str(field)) for field in fields & FIELDS)
    if "at" not in fields:
        if "date" not in fields:
            problems.append(gettext("Map date (one day a row) or at (one punch a row)."))
        if not slots:
            problems.append(gettext("Map in_1 or out_1, the day's clock times, or at for one punch a row."))
    return problems


def _field_order(field: str) -> tuple[int, str]:
    order = ("employee_no", "name", "date", "shift", "in_", "out_", "at", "device")
    return next((i for i, prefix in enumerate(order) if field.startswith(prefix)), len(order)), field
