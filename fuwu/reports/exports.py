"""Excel exports of orders, return visits and KPIs, headed in the user's language, times in local time.

Memory stays bounded however many rows: rows are read with ``.iterator(chunk_size=2000)`` and written to a
write-only workbook (openpyxl keeps them in a temporary file, not in memory), which is then streamed from
disk. Phone numbers are masked unless the user's role may see them (fuwu.core.scoping).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.models import Site
from fuwu.core.scoping import mask_phone, sees_full_phone_numbers
from fuwu.orders import labels
from fuwu.orders.models import Order, ReturnVisit
from fuwu.regulations.policies import in_force
from fuwu.reports import dashboard
from fuwu.reports.months import Month
from fuwu.reports.params import KPI_READERS, select

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Lazy

CHUNK = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Headers(Sequence[str]):
    """A sheet's column headers; each is translated into the active language when it is read.

    They have their own context: "Order number" is 单号 on the board, but 工单编号 heads an export."""

    def __init__(self, *words: Lazy) -> None:
        self._words = words

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [str(word) for word in self._words[index]]
        return str(self._words[index])

    def __len__(self) -> int:
        return len(self._words)


ORDER_HEADERS = Headers(
    pgettext_lazy("export column", "Order number"),
    pgettext_lazy("export column", "Site"),
    pgettext_lazy("export column", "Received at"),
    pgettext_lazy("export column", "Status"),
    pgettext_lazy("export column", "Tags"),
    pgettext_lazy("export column", "Location"),
    pgettext_lazy("export column", "Contact"),
    pgettext_lazy("export column", "Contact phone"),
    pgettext_lazy("export column", "Description"),
    pgettext_lazy("export column", "Technician"),
    pgettext_lazy("export column", "Dispatched at"),
    pgettext_lazy("export column", "Arrived at"),
    pgettext_lazy("export column", "Completed at"),
    pgettext_lazy("export column", "Closed at"),
    pgettext_lazy("export column", "Rework of"),
)
VISIT_HEADERS = Headers(
    pgettext_lazy("export column", "Order number"),
    pgettext_lazy("export column", "Site"),
    pgettext_lazy("export column", "Round"),
    pgettext_lazy("export column", "Source"),
    pgettext_lazy("export column", "Due at"),
    pgettext_lazy("export column", "Status"),
    pgettext_lazy("export column", "Visit channel"),
    pgettext_lazy("export column", "Score"),
    pgettext_lazy("export column", "Visited at"),
    pgettext_lazy("export column", "Return-visit agent"),
    pgettext_lazy("export column", "Contact phone"),
    pgettext_lazy("export column", "Reason for dissatisfaction"),
)
KPI_HEADERS = Headers(
    pgettext_lazy("export column", "Clause"),
    pgettext_lazy("export column", "Metric"),
    pgettext_lazy("export column", "Value"),
    pgettext_lazy("export column", "Target"),
    pgettext_lazy("export column", "Comparison"),
    pgettext_lazy("export column", "Meets target"),
    pgettext_lazy("export column", "Numerator"),
    pgettext_lazy("export column", "Denominator"),
    pgettext_lazy("export column", "Clause title"),
    pgettext_lazy("export column", "Version"),
)
TECHNICIAN_HEADERS = Headers(
    pgettext_lazy("export column", "Technician"),
    pgettext_lazy("export column", "Clause"),
    pgettext_lazy("export column", "Metric"),
    pgettext_lazy("export column", "Value"),
    pgettext_lazy("export column", "Numerator"),
    pgettext_lazy("export column", "Denominator"),
    pgettext_lazy("export column", "Meets target"),
)


def local(moment: dt.datetime | None) -> dt.datetime | None:
    """A time as Excel shows it: the site's local wall-clock time, without offset (Excel has none)."""
    return None if moment is None else timezone.localtime(moment).replace(tzinfo=None)


def _phone(number: str, full: bool) -> str:
    return number if full or not number else mask_phone(number)


def _holds(holds: bool | None) -> str:
    return "—" if holds is None else (gettext("meets target") if holds else gettext("misses target"))


def order_rows(orders: QuerySet[Order], *, full_phones: bool) -> Iterator[list[Any]]:
    """One row per order, in ORDER_HEADERS' columns."""
    rows = orders.select_related("site", "technician", "rework_of", "household").order_by("received_at", "pk")
    separator = pgettext("list separator", ", ")
    for order in rows.iterator(chunk_size=CHUNK):
        yield [
            order.number or str(order.pk),
            order.site.name,
            local(order.received_at),
            labels.STATUS.get(order.status, order.status),
            separator.join(labels.TAGS.get(tag, tag) for tag in order.tags),
            order.place,
            order.contact_name,
            _phone(order.contact_phone, full_phones),
            order.description,
            str(order.technician or ""),
            local(order.dispatched_at),
            local(order.arrived_at),
            local(order.completed_at),
            local(order.closed_at),
            str(order.rework_of or ""),
        ]


def visit_rows(visits: QuerySet[ReturnVisit], *, full_phones: bool) -> Iterator[list[Any]]:
    """One row per return visit, in VISIT_HEADERS' columns."""
    sources = dict(ReturnVisit.Source.choices)
    states = dict(ReturnVisit.State.choices)
    rows = visits.select_related("site", "order", "batch", "assignee").order_by("due", "pk")
    for visit in rows.iterator(chunk_size=CHUNK):
        phone = (
            visit.order.contact_phone if visit.order else (visit.batch.contact_phone if visit.batch else "")
        )
        yield [
            str(visit.order or visit.batch or ""),
            visit.site.name,
            visit.round,
            str(sources.get(visit.source, visit.source)),
            local(visit.due),
            str(states.get(visit.state, visit.state)),
            labels.VISIT_CHANNELS.get(visit.channel, visit.channel),
            visit.score,
            local(visit.visited_at),
            str(visit.assignee or ""),
            _phone(phone, full_phones),
            visit.reason,
        ]


def _text(sheet: Any, value: Any) -> Any:
    # A description typed on the public report page may start with "="; it stays text, never a formula.
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def workbook(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> Any:
    """A temporary file holding the sheets (title, headers, rows), rewound for reading."""
    book = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(headers))
        for row in rows:
            sheet.append([_text(sheet, value) for value in row])
    # Handed to FileResponse, which closes it (and so deletes it) once the response is sent.
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    book.save(out)
    out.seek(0)
    return out


def _response(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]], name: str
) -> FileResponse:
    return FileResponse(workbook(sheets), as_attachment=True, filename=name, content_type=XLSX)


def _in_month(field: str, site: Site, month: Month) -> Q:
    start, end = month.bounds(in_force(site).zone)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


@login_required
@role_required(KPI_READERS)
@require_GET
def export_orders(request: HttpRequest) -> FileResponse:
    """The site's orders (received in ``month`` when given) as .xlsx."""
    user = signed_in_user(request)
    chosen = select(user, request.GET, strict=True)
    month = chosen.month if request.GET.get("month") else None
    rows = Order.objects.filter(site=chosen.site)
    if month is not None:
        rows = rows.filter(_in_month("received_at", chosen.site, month))
    if chosen.technician_id is not None:
        rows = rows.filter(technician_id=chosen.technician_id)
    sheet = (
        pgettext("export sheet", "Orders"),
        ORDER_HEADERS,
        order_rows(rows, full_phones=sees_full_phone_numbers(user)),
    )
    return _response([sheet], f"orders-{chosen.site.code}-{month or 'all'}.xlsx")


@login_required
@role_required(KPI_READERS)
@require_GET
def export_visits(request: HttpRequest) -> FileResponse:
    """The site's return visits (made in ``month``, or due in it when not yet made) as .xlsx."""
    user = signed_in_user(request)
    chosen = select(user, request.GET, strict=True)
    month = chosen.month if request.GET.get("month") else None
    rows = ReturnVisit.objects.filter(site=chosen.site)
    if month is not None:
        made = _in_month("visited_at", chosen.site, month)
        owed = Q(visited_at__isnull=True) & _in_month("due", chosen.site, month)
        rows = rows.filter(made | owed)
    sheet = (
        pgettext("export sheet", "Return visits"),
        VISIT_HEADERS,
        visit_rows(rows, full_phones=sees_full_phone_numbers(user)),
    )
    return _response([sheet], f"visits-{chosen.site.code}-{month or 'all'}.xlsx")


@login_required
@role_required(KPI_READERS)
@require_GET
def export_kpis(request: HttpRequest) -> FileResponse:
    """The month's KPIs of the site, and the same per technician, as .xlsx."""
    chosen = select(signed_in_user(request), request.GET, strict=True)
    board = dashboard.build(chosen.site, chosen.month, chosen.technician_id)
    figures = [
        [f.clause, f.name, f.value, f.target, f.compare or "", _holds(f.holds), f.numerator, f.denominator,
         f.title, f.pack_version]
        for f in board.figures
    ]  # fmt: skip
    not_dispatched = pgettext("export", "Not dispatched")
    people = [
        [
            str(row.technician or not_dispatched),
            f.clause,
            f.name,
            f.value,
            f.numerator,
            f.denominator,
            _holds(f.holds),
        ]
        for row in board.technicians
        for f in row.figures
    ]
    sheets = [
        (pgettext("export sheet", "%(month)s KPIs") % {"month": chosen.month}, KPI_HEADERS, figures),
        (pgettext("export sheet", "By technician"), TECHNICIAN_HEADERS, people),
    ]
    return _response(sheets, f"kpis-{chosen.site.code}-{chosen.month}.xlsx")
