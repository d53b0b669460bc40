"""The payroll export of a closed month (工资表): one row per person with a totals row, and every ledger
entry counted in the month on a second sheet, so that each person's fines, deductions, compensation and
rewards on the first sheet are the sums of their items on the second.

Amounts are numbers (0.00), never text; rows are read in chunks and written to a write-only workbook in a
temporary file, so memory stays bounded for 10,000 people.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse
from django.utils.translation import gettext, pgettext, pgettext_lazy
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from fuwu.reports.exports import XLSX, Headers
from fuwu.staff.models import LedgerEntry, MonthClose, PayrollLine
from fuwu.staff.services.close import COLUMNS, month_label

MONEY = "0.00"
CHUNK = 2000

LINE_HEADERS = Headers(
    pgettext_lazy("payroll column", "Employee number"),
    pgettext_lazy("payroll column", "Name"),
    pgettext_lazy("payroll column", "Monthly wage"),
    pgettext_lazy("payroll column", "Full-attendance bonus"),
    pgettext_lazy("payroll column", "Rewards"),
    pgettext_lazy("payroll column", "Fines"),
    pgettext_lazy("payroll column", "Deductions"),
    pgettext_lazy("payroll column", "Compensation"),
    pgettext_lazy("payroll column", "Kept by the minimum wage"),
    pgettext_lazy("payroll column", "Pay"),
    pgettext_lazy("payroll column", "To review"),
)
# The money columns of the first sheet, in LINE_HEADERS' order after the name (net is the pay).
LINE_MONEY = COLUMNS
ITEM_HEADERS = Headers(
    pgettext_lazy("payroll column", "Employee number"),
    pgettext_lazy("payroll column", "Name"),
    pgettext_lazy("payroll column", "Date"),
    pgettext_lazy("payroll column", "Kind"),
    pgettext_lazy("payroll column", "Clause"),
    pgettext_lazy("payroll column", "Version"),
    pgettext_lazy("payroll column", "Reason"),
    pgettext_lazy("payroll column", "Amount"),
    pgettext_lazy("payroll column", "Month of the facts"),
)


def file_name(close: MonthClose) -> str:
    return f"payroll-{close.site.code}-{month_label(close.month)}.xlsx"


def payroll_response(close: MonthClose) -> FileResponse:
    """The closed month's workbook as a download."""
    return FileResponse(
        payroll_workbook(close), as_attachment=True, filename=file_name(close), content_type=XLSX
    )


def payroll_workbook(close: MonthClose) -> IO[bytes]:
    """A temporary file holding the workbook, rewound for reading (closing it deletes it)."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    label = month_label(close.month)
    lines = book.create_sheet(pgettext("export sheet", "Payroll"))
    _widths(lines, [10, 12, 11, 11, 10, 10, 10, 10, 13, 12, 8])
    lines.append(
        [
            _cell(
                lines,
                gettext("%(site)s payroll for %(month)s") % {"site": close.site.name, "month": label},
                bold,
            )
        ]
    )
    lines.append([_cell(lines, header, bold) for header in LINE_HEADERS])
    for row in _line_rows(close):
        lines.append(
            [_money(lines, value) if isinstance(value, Decimal) else _cell(lines, value) for value in row]
        )
    total = [_cell(lines, pgettext("payroll", "Total"), bold), None]
    total.extend(_money(lines, Decimal(close.totals[name]), bold) for name in LINE_MONEY)
    total.append(_cell(lines, close.needs_review, bold))
    lines.append(total)
    items = book.create_sheet(pgettext("export sheet", "Items"))
    _widths(items, [10, 12, 11, 14, 9, 6, 40, 10, 10])
    items.append(
        [
            _cell(
                items,
                gettext("%(site)s ledger entries counted in %(month)s")
                % {"site": close.site.name, "month": label},
                bold,
            )
        ]
    )
    items.append([_cell(items, header, bold) for header in ITEM_HEADERS])
    for row in _item_rows(close):
        items.append(
            [_money(items, value) if isinstance(value, Decimal) else _cell(items, value) for value in row]
        )
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115  (FileResponse closes it)
    book.save(out)
    out.seek(0)
    return out


def _widths(sheet: Any, widths: list[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _cell(sheet: Any, value: Any, font: Font | None = None) -> Any:
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a name or reason is text, never a formula
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _money(sheet: Any, value: Decimal, font: Font | None = None) -> Any:
    cell = _cell(sheet, value, font)
    cell.number_format = MONEY
    return cell


def _line_rows(close: MonthClose) -> Iterator[list[Any]]:
    rows = (
        PayrollLine.objects.filter(close=close)
        .select_related("employee__user")
        .order_by("employee__user__employee_no", "employee_id")
    )
    for line in rows.iterator(chunk_size=CHUNK):
        user = line.employee.user
        yield [user.employee_no, str(user), *(getattr(line, name) for name in LINE_MONEY), line.needs_review]


def _item_rows(close: MonthClose) -> Iterator[list[Any]]:
    kinds = dict(LedgerEntry.Kind.choices)
    reversal = gettext("reversal")
    paid = PayrollLine.objects.filter(close=close).values("employee_id")
    rows = (
        LedgerEntry.objects.filter(month=close.month, employee_id__in=paid)
        .select_related("employee__user")
        .order_by("employee__user__employee_no", "employee_id", "day", "at", "pk")
    )
    for entry in rows.iterator(chunk_size=CHUNK):
        user = entry.employee.user
        kind = str(kinds.get(entry.kind, entry.kind))
        if entry.reverses_id is not None:
            kind = f"{kind} · {reversal}"
        yield [
            user.employee_no,
            str(user),
            entry.day,
            kind,
            entry.clause,
            entry.pack_version,
            entry.because,
            entry.amount,
            month_label(entry.period),
        ]
