"""POST /attendance/imports, GET /attendance and GET /ledger, calling the same services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.rendering import json_response
from fuwu.core.api.schemas import ObjectId
from fuwu.core.api.scoping import visible_site
from fuwu.core.errors import Invalid
from fuwu.core.models import User
from fuwu.staff.mappings import UnknownSource, resolve_source
from fuwu.staff.models import AttendanceDay, Employee, LedgerEntry, MonthClose
from fuwu.staff.months import month_named
from fuwu.staff.selectors import employees_visible_to, ledger_of, may_import, shifts_of
from fuwu.staff.services.attendance import ImportRefused, import_attendance

router = Router(tags=["staff, attendance and ledger"])
MAX_FILE_BYTES = 20 * 1024 * 1024


class DisagreementOut(Schema):
    employee: int = Field(description="The person's id, as in GET /staff.")
    date: dt.date
    shift: int = Field(description="The stored shift's id, as in GET /attendance.")
    vendor: list[str] = Field(description="The vendor's own results of the day (迟到, 缺卡 …).")
    fuwu: list[str] = Field(description="Why the ledger takes money for the shift; empty: it takes none.")


class LeaveDifferenceOut(Schema):
    employee: int = Field(description="The person's id, as in GET /staff.")
    side: Literal["export", "fuwu", "kind"] = Field(
        description="export: in the file, not approved in Fuwu; fuwu: approved in Fuwu, not in the file; "
        "kind: in both, as different kinds."
    )
    from_: dt.date = Field(alias="from")
    to: dt.date
    export_kind: str = Field(description="The file's word for the leave (事假 …); empty when none.")
    fuwu_kind: str = Field(description="The kind approved in Fuwu (personal, sick …); empty when none.")


class ImportOut(Schema):
    id: int
    source: str = Field(
        description="dingtalk, wecom or zkteco as recognised from the file, or the column mapping's name."
    )
    rows: int = Field(description="Shifts stored.")
    employees: int
    from_: dt.date = Field(alias="from")
    to: dt.date
    disagreements: list[DisagreementOut] = Field(
        description="Days where the vendor's own verdict and Fuwu's ledger disagree; never acted on."
    )
    leave_differences: list[LeaveDifferenceOut] = Field(
        description="Leave in the file that Fuwu has not approved, and the other way round; never acted on."
    )


class ShiftOut(Schema):
    id: int
    employee: int = Field(description="The person's id, as in GET /staff.")
    date: dt.date
    shift_start: str = Field(description="HH:MM")
    shift_end: str = Field(description="HH:MM; at or before the start: the next day")
    clock_in: dt.datetime | None
    clock_out: dt.datetime | None
    source: int | None = Field(description="The import that brought it; null when entered by hand.")


class EntryOut(Schema):
    id: int
    employee: int = Field(description="The person's id, as in GET /staff.")
    # A literal, not LedgerEntry.Kind: the schema would name it Kind, as it names Site.Kind.
    kind: Literal["fine", "reward", "compensation", "deduction"]
    amount: Decimal = Field(description="元; a reversal carries the opposite amount.")
    clause: str
    pack_version: int
    because: str
    at: dt.datetime
    month: str = Field(description="YYYY-MM: the payroll month it counts in.")
    reverses: int | None
    state: Literal["open", "closed"] = Field(description="closed once its month is closed.")


class ShiftFilters(Schema):
    employee: ObjectId | None = Field(None, description="The person's id, as in GET /staff.")
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None


class LedgerFilters(Schema):
    employee: ObjectId | None = Field(None, description="The person's id, as in GET /staff.")
    site: str | None = Field(None, description="Site code or id.")
    month: str | None = Field(None, description="YYYY-MM", pattern=r"^\d{4}-\d{2}$")


@router.post("/attendance/imports", response={201: ImportOut}, summary="Import an attendance export")
def create_import(
    request: HttpRequest,
    file: File[UploadedFile],
    site: Form[str],
    source: Form[str | None] = None,
) -> HttpResponse:
    """The file exactly as DingTalk, WeCom or the ZKTeco clock exported it, or of any layout a saved column
    mapping reads (`source`: `dingtalk`, `wecom`, `zkteco` or the mapping's name; recognised from the file
    when omitted); a file with any bad row imports nothing and is answered with every row and column. The
    fines and deductions the shifts give are in the ledger at once; the answer also lists the days where
    the vendor's own verdict disagrees with Fuwu's, and the leave that differs from Fuwu's approved leave."""
    user = current_user(request)
    if not may_import(user):
        raise PermissionDenied(gettext("This role may not import attendance."))
    chosen = visible_site(user, site, loc=("body", "site"))
    if file.size is not None and file.size > MAX_FILE_BYTES:
        raise Invalid.field(("file",), gettext("The file is larger than 20 MB."))
    try:
        resolve_source(source)
    except UnknownSource as unknown:
        raise Invalid.field(("body", "source"), unknown.message) from unknown
    try:
        done = import_attendance(
            site=chosen, data=file.read(), filename=file.name or "", source=source, by=user
        )
    except ImportRefused as refused:
        name = file.name or ""
        raise Invalid([(problem.loc(name), problem.message) for problem in refused.problems]) from refused
    batch = done.batch
    assert batch.first_day is not None and batch.last_day is not None
    # Rendered here: the field is "from", a Python keyword, which ninja would write by its attribute name.
    answer = {
        "id": batch.pk,
        "source": batch.source,
        "rows": batch.rows,
        "employees": batch.employees,
        "from": batch.first_day.isoformat(),
        "to": batch.last_day.isoformat(),
        "disagreements": [
            {
                "employee": item.employee,
                "date": item.date.isoformat(),
                "shift": item.shift,
                "vendor": list(item.vendor),
                "fuwu": list(item.fuwu),
            }
            for item in done.comparison.disagreements
        ],
        "leave_differences": [
            {
                "employee": item.employee,
                "side": item.side,
                "from": item.first.isoformat(),
                "to": item.last.isoformat(),
                "export_kind": item.export_kind,
                "fuwu_kind": item.fuwu_kind,
            }
            for item in done.comparison.leave
        ],
    }
    return json_response(answer, status=201)


def _people(user: User, person: int | None) -> QuerySet[Employee]:
    rows = employees_visible_to(user)
    return rows if person is None else rows.filter(user_id=person)


def _shift(row: AttendanceDay) -> ShiftOut:
    return ShiftOut(
        id=row.pk,
        employee=row.employee.user_id,
        date=row.day,
        shift_start=f"{row.shift_start:%H:%M}",
        shift_end=f"{row.shift_end:%H:%M}",
        clock_in=row.clock_in,
        clock_out=row.clock_out,
        source=row.source_id,
    )


@router.get("/attendance", response=page_of(ShiftOut), summary="Shifts with their clock times")
def list_attendance(
    request: HttpRequest, page: Query[PageParams], filters: Query[ShiftFilters]
) -> dict[str, object]:
    """Each employee sees their own, a manager their team, HR and finance their sites' people."""
    rows = shifts_of(_people(current_user(request), filters.employee), filters.from_, filters.to)
    return paginate(request, rows, _shift, order=("-day", "-id"), page=page)


@router.get("/ledger", response=page_of(EntryOut), summary="Fines, rewards and deductions")
def list_ledger(
    request: HttpRequest, page: Query[PageParams], filters: Query[LedgerFilters]
) -> dict[str, object]:
    """Append-only: a correction is a new entry that `reverses` the old one."""
    user = current_user(request)
    people = _people(user, filters.employee)
    if filters.site is not None:
        people = people.filter(site=visible_site(user, filters.site))
    month = month_named(filters.month, loc=("query", "month")) if filters.month else None
    # Closed once its payroll month is: one EXISTS per row, in the page's one query.
    closed = MonthClose.objects.filter(site=OuterRef("site"), month=OuterRef("month"))
    rows = ledger_of(people, month).annotate(closed=Exists(closed))
    return paginate(request, rows, entry_out, order=("-at", "-id"), page=page)


def entry_out(entry: LedgerEntry) -> EntryOut:
    return EntryOut(
        id=entry.pk,
        employee=entry.employee.user_id,
        kind=entry.kind,  # type: ignore[arg-type]  # one of LedgerEntry.Kind's values
        amount=entry.amount,
        clause=entry.clause,
        pack_version=entry.pack_version,
        because=entry.because,
        at=entry.at,
        month=f"{entry.month:%Y-%m}",
        reverses=entry.reverses_id,
        state="closed" if getattr(entry, "closed", False) else "open",
    )
