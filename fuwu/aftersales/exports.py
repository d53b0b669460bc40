"""Excel workbooks of the registers and reports: a title row naming the site, the period and the clause,
the headers, then the rows as numbers, dates and times (money with two places), never text for numbers.
Formulas never: a text starting with "=" stays text."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from fuwu.aftersales.reports.feedback import Feedback
from fuwu.aftersales.reports.parts_cost import COLUMNS, PartsCostReport
from fuwu.aftersales.reports.summary import Summary
from fuwu.aftersales.selectors.registers import DATE, MONEY, TIME, YES_NO, Period, Register
from fuwu.reports.exports import XLSX

MONEY_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Sheet:
    title: str
    heading: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    kinds: Sequence[str] = ()


def _cell(sheet: Any, value: Any, kind: str = "") -> Any:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool) or kind == YES_NO:
        value = "" if value is None else (gettext("Yes") if value else gettext("No"))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    elif isinstance(value, Decimal) or kind == MONEY:
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, dt.datetime) or kind == TIME:
        cell.number_format = TIME_FORMAT
    elif isinstance(value, dt.date) or kind == DATE:
        cell.number_format = DATE_FORMAT
    return cell


def workbook(sheets: Sequence[Sheet]) -> IO[bytes]:
    """A temporary file holding the sheets, rewound for reading (closing it deletes it)."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        title = WriteOnlyCell(sheet, value=spec.heading)
        title.font = bold
        sheet.append([title])
        sheet.append([_bold(sheet, header, bold) for header in spec.headers])
        for row in spec.rows:
            kinds = list(spec.kinds) + [""] * (len(row) - len(spec.kinds))
            sheet.append([_cell(sheet, value, kind) for value, kind in zip(row, kinds, strict=False)])
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115  # FileResponse closes it
    book.save(out)
    out.seek(0)
    return out


def _bold(sheet: Any, value: str, font: Any) -> Any:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def response(sheets: Sequence[Sheet], name: str) -> FileResponse:
    return FileResponse(workbook(sheets), as_attachment=True, filename=name, content_type=XLSX)


def heading(site: str, title: str, clause: str, period: str) -> str:
    return gettext("%(site)s · %(title)s (%(clause)s) · %(period)s") % {
        "site": site,
        "title": title,
        "clause": clause,
        "period": period,
    }


def register_sheet(register: Register, period: Period, label: str) -> Sheet:
    return Sheet(
        str(register.title),
        heading(period.site.name, str(register.title), register.clause, label),
        [str(column.header) for column in register.columns],
        register.rows(period),
        [column.kind for column in register.columns],
    )


def parts_cost_sheets(report: PartsCostReport, label: str) -> list[Sheet]:
    """Sheet 1 the parts with their flows and a totals row; sheet 2 every movement of the month."""
    flows = [str(kind.label) for kind in COLUMNS]
    quantity, amount = pgettext("report column", "Quantity"), pgettext("report column", "Amount")
    headers = [
        pgettext("report column", "Part number"),
        pgettext("report column", "Part"),
        pgettext("report column", "Unit"),
        pgettext("report column", "Opening stock"),
        pgettext("report column", "Opening value"),
        *[f"{word} · {quantity}" for word in flows],
        *[f"{word} · {amount}" for word in flows],
        pgettext("report column", "Closing stock"),
        pgettext("report column", "Closing value"),
        pgettext("report column", "Cost of parts issued"),
    ]
    rows: list[list[Any]] = []
    for line in report.lines:
        closing = line.closing
        rows.append(
            [
                line.code,
                line.name,
                line.unit,
                line.opening.quantity,
                line.opening.amount,
                *[line.flows[kind].quantity for kind in COLUMNS],
                *[line.flows[kind].amount for kind in COLUMNS],
                closing.quantity,
                closing.amount,
                line.cost,
            ]
        )
    totals = [report.total(kind) for kind in COLUMNS]
    rows.append(
        [
            pgettext("report", "Total"),
            "",
            "",
            None,
            report.opening_value,
            *[None for _ in totals],
            *[flow.amount for flow in totals],
            None,
            report.closing_value,
            report.cost,
        ]
    )
    title = gettext("Parts cost report")
    detail = Sheet(
        pgettext("export sheet", "Movements"),
        heading(report.site.name, gettext("Parts store movements"), "p12.16a", label),
        [
            pgettext("report column", "Time"),
            pgettext("report column", "Part number"),
            pgettext("report column", "Part"),
            pgettext("report column", "Kind"),
            pgettext("report column", "Quantity"),
            pgettext("report column", "Unit cost"),
            pgettext("report column", "Amount"),
            pgettext("report column", "Repair order"),
            pgettext("report column", "Note"),
            pgettext("report column", "By"),
        ],
        [
            [m.at, m.code, m.name, m.kind_label, m.quantity, m.unit_cost, m.amount, m.order, m.note, m.by]
            for m in report.movements
        ],
    )
    return [Sheet(title, heading(report.site.name, title, "p12.16b", label), headers, rows), detail]


def feedback_sheets(report: Feedback, label: str) -> list[Sheet]:
    title = gettext("Weekly quality feedback")
    section = pgettext("report column", "Section")
    rows: list[list[Any]] = []
    for complaint in report.quality:
        case = report.cases.get(complaint.pk)
        rows.append(
            [
                pgettext("feedback", "Product quality"),
                complaint.received_at,
                complaint.customer_name,
                complaint.product,
                complaint.content,
                case.opinion
                if case is not None
                else gettext("Not yet routed to the technical quality department"),
            ]
        )
    for defect in [*report.defects, *report.hard_cases]:
        rows.append(
            [
                pgettext("feedback", "Product quality"),
                defect.reported_at,
                "",
                defect.product,
                defect.problem,
                defect.get_kind_display(),
            ]
        )
    for request in report.returns:
        rows.append(
            [
                pgettext("feedback", "Product quality"),
                request.recorded_at,
                request.customer_name,
                request.product,
                request.content,
                f"{request.get_kind_display()} · {request.get_state_display()} · {request.amount}",
            ]
        )
    for call in report.calls:
        rows.append([gettext("Customer needs"), call.at, call.caller, "", call.content, call.arrangement])
    for complaint in report.problems:
        rows.append(
            [gettext("Problems met"), complaint.received_at, complaint.customer_name, complaint.product,
             complaint.content, complaint.get_kind_display()]
        )  # fmt: skip
    headers = [
        section,
        pgettext("report column", "Time"),
        pgettext("report column", "Customer"),
        pgettext("report column", "Product"),
        pgettext("report column", "What"),
        pgettext("report column", "Follow-up"),
    ]
    return [Sheet(title, heading(report.site.name, title, "p12.10", label), headers, rows)]


def summary_sheets(report: Summary, label: str) -> list[Sheet]:
    title = gettext("Monthly service summary")
    figure, value = pgettext("report column", "Figure"), pgettext("report column", "Value")
    rows: list[list[Any]] = [
        [gettext("Customer calls logged"), report.desk_calls],
        [gettext("Calls the supervisor recorded"), report.supervisor_calls],
        [gettext("Complaints received"), len(report.complaints)],
        *[[gettext("Complaints: %(kind)s") % {"kind": kind}, count] for kind, count in report.by_kind],
        [gettext("Replied within the time (p14.4.1)"), report.replied_in_time],
        [gettext("Replied late or overdue"), report.replied_late_or_overdue],
        [gettext("Awaiting reply"), report.awaiting_reply],
        [gettext("Substantiated"), report.substantiated],
        [gettext("Incidents recorded (p12.6, p12.17)"), report.incidents],
        [gettext("Quality cases routed (p14.4.3)"), report.quality_cases],
        [gettext("Quality disputed"), report.disputed],
        *[
            [gettext("Returns and exchanges: %(state)s") % {"state": state}, count, amount]
            for state, count, amount in report.returns_by_state
        ],
        [gettext("Costs that fell on the customer (p12.15)"), *report.costs_to_customers],
        [gettext("Parts issued at cost"), report.parts_cost],
        [gettext("Account income"), report.income],
        [gettext("Account expense"), report.expense],
    ]
    complaint_rows = [
        [
            c.received_at,
            c.customer_name,
            c.get_kind_display(),
            c.content,
            c.get_state_display(),
            c.replied_at,
            (report.deadlines.get(c.pk).due if report.deadlines.get(c.pk) else None),  # type: ignore[union-attr]
            c.get_finding_display(),
        ]
        for c in report.complaints
    ]
    return_rows = [
        [r.recorded_at, r.customer_name, r.get_kind_display(), r.product, r.amount, r.get_state_display(),
         gettext("Yes") if r.costs_to_customer else ""]
        for r in report.returns
    ]  # fmt: skip
    return [
        Sheet(
            title, heading(report.site.name, title, "p12.5", label), [figure, value, gettext("Amount")], rows
        ),
        Sheet(
            pgettext("export sheet", "Complaints"),
            heading(report.site.name, gettext("Complaints"), "p14.4.1", label),
            [
                pgettext("report column", "Received at"),
                pgettext("report column", "Customer"),
                pgettext("report column", "Kind"),
                pgettext("report column", "What"),
                pgettext("report column", "State"),
                pgettext("report column", "Replied at"),
                pgettext("report column", "Reply due"),
                pgettext("report column", "Finding"),
            ],
            complaint_rows,
        ),
        Sheet(
            pgettext("export sheet", "Returns"),
            heading(report.site.name, gettext("Returns and exchanges"), "p12.15", label),
            [
                pgettext("report column", "Registered at"),
                pgettext("report column", "Customer"),
                pgettext("report column", "Kind"),
                pgettext("report column", "Product"),
                pgettext("report column", "Amount"),
                pgettext("report column", "State"),
                pgettext("report column", "Costs to the customer"),
            ],
            return_rows,
        ),
    ]
