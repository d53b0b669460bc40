"""Excel exports of orders, return visits and KPIs, with Chinese headers and times in local time.

Memory stays bounded however many rows: rows are read with ``.iterator(chunk_size=2000)`` and written to a
write-only workbook (openpyxl keeps them in a temporary file, not in memory), which is then streamed from
disk. Phone numbers are masked unless the user's role may see them (fuwu.core.scoping).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.views.decorators.http import require_GET
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

from fuwu.core.access import role_required
from fuwu.core.models import Site, User
from fuwu.core.scoping import mask_phone, sees_full_phone_numbers
from fuwu.orders import labels
from fuwu.orders.models import Order, ReturnVisit
from fuwu.regulations.policies import in_force
from fuwu.reports import dashboard
from fuwu.reports.months import Month
from fuwu.reports.params import KPI_READERS, select

CHUNK = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ORDER_HEADERS = ["工单编号", "站点", "受理时间", "状态", "标签", "报修地点", "联系人", "联系电话", "报修内容",
                 "维修工", "派工时间", "到场时间", "完工时间", "关闭时间", "返修自"]  # fmt: skip
VISIT_HEADERS = ["工单编号", "站点", "轮次", "来源", "应回访时间", "状态", "回访方式", "评分", "回访时间",
                 "回访员", "联系电话", "不满意原因"]  # fmt: skip
KPI_HEADERS = ["条款", "指标", "数值", "目标", "比较", "是否达标", "分子", "分母", "条款标题", "版本"]
TECHNICIAN_HEADERS = ["维修工", "条款", "指标", "数值", "分子", "分母", "是否达标"]


def local(moment: dt.datetime | None) -> dt.datetime | None:
    """A time as Excel shows it: the site's local wall-clock time, without offset (Excel has none)."""
    return None if moment is None else timezone.localtime(moment).replace(tzinfo=None)


def _phone(number: str, full: bool) -> str:
    return number if full or not number else mask_phone(number)


def _holds(holds: bool | None) -> str:
    return "—" if holds is None else ("达标" if holds else "未达标")


def order_rows(orders: QuerySet[Order], *, full_phones: bool) -> Iterator[list[Any]]:
    """One row per order, in ORDER_HEADERS' columns."""
    rows = orders.select_related("site", "technician", "rework_of", "household").order_by("received_at", "pk")
    for order in rows.iterator(chunk_size=CHUNK):
        yield [
            order.number or str(order.pk),
            order.site.name,
            local(order.received_at),
            labels.STATUS.get(order.status, order.status),
            "、".join(labels.TAGS.get(tag, tag) for tag in order.tags),
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


def workbook(sheets: Sequence[tuple[str, list[str], Iterable[Sequence[Any]]]]) -> Any:
    """A temporary file holding the sheets (title, headers, rows), rewound for reading."""
    book = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append([_text(sheet, value) for value in row])
    # Handed to FileResponse, which closes it (and so deletes it) once the response is sent.
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    book.save(out)
    out.seek(0)
    return out


def _response(sheets: Sequence[tuple[str, list[str], Iterable[Sequence[Any]]]], name: str) -> FileResponse:
    return FileResponse(workbook(sheets), as_attachment=True, filename=name, content_type=XLSX)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


def _in_month(field: str, site: Site, month: Month) -> Q:
    start, end = month.bounds(in_force(site).zone)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


@login_required
@role_required(KPI_READERS)
@require_GET
def export_orders(request: HttpRequest) -> FileResponse:
    """The site's orders (received in ``month`` when given) as .xlsx."""
    user = _user(request)
    chosen = select(user, request.GET, strict=True)
    month = chosen.month if request.GET.get("month") else None
    rows = Order.objects.filter(site=chosen.site)
    if month is not None:
        rows = rows.filter(_in_month("received_at", chosen.site, month))
    if chosen.technician_id is not None:
        rows = rows.filter(technician_id=chosen.technician_id)
    sheet = ("工单", ORDER_HEADERS, order_rows(rows, full_phones=sees_full_phone_numbers(user)))
    return _response([sheet], f"orders-{chosen.site.code}-{month or 'all'}.xlsx")


@login_required
@role_required(KPI_READERS)
@require_GET
def export_visits(request: HttpRequest) -> FileResponse:
    """The site's return visits (made in ``month``, or due in it when not yet made) as .xlsx."""
    user = _user(request)
    chosen = select(user, request.GET, strict=True)
    month = chosen.month if request.GET.get("month") else None
    rows = ReturnVisit.objects.filter(site=chosen.site)
    if month is not None:
        made = _in_month("visited_at", chosen.site, month)
        owed = Q(visited_at__isnull=True) & _in_month("due", chosen.site, month)
        rows = rows.filter(made | owed)
    sheet = ("回访", VISIT_HEADERS, visit_rows(rows, full_phones=sees_full_phone_numbers(user)))
    return _response([sheet], f"visits-{chosen.site.code}-{month or 'all'}.xlsx")


@login_required
@role_required(KPI_READERS)
@require_GET
def export_kpis(request: HttpRequest) -> FileResponse:
    """The month's KPIs of the site, and the same per technician, as .xlsx."""
    chosen = select(_user(request), request.GET, strict=True)
    board = dashboard.build(chosen.site, chosen.month, chosen.technician_id)
    figures = [
        [f.clause, f.name, f.value, f.target, f.compare or "", _holds(f.holds), f.numerator, f.denominator,
         f.title, f.pack_version]
        for f in board.figures
    ]  # fmt: skip
    people = [
        [
            str(row.technician or "未派工"),
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
    sheets = [(f"{chosen.month} 指标", KPI_HEADERS, figures), ("按维修工", TECHNICIAN_HEADERS, people)]
    return _response(sheets, f"kpis-{chosen.site.code}-{chosen.month}.xlsx")
