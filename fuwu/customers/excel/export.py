"""The customers of a user's scope as an Excel list headed like 客户档案基本资料表, one row per customer
(their first car on the row, others named after it), which the import reads back. Rows are read 2,000 at
a time and written to a write-only workbook kept in a temporary file, so memory stays bounded however
many customers; numbers are masked for the roles that see them masked."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

from fuwu.core.scoping import mask_phone
from fuwu.customers.excel.columns import HEADERS, Column
from fuwu.customers.models import Customer, CustomerPhone, ServiceRecord, Vehicle

CHUNK = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_WORDS: dict[str, str] = {Customer.Kind.PERSON: "个人", Customer.Kind.COMPANY: "单位"}
ORDER = (
    Column.NAME,
    Column.KIND,
    Column.PHONES,
    Column.ADDRESS,
    Column.PLATE,
    Column.MODEL,
    Column.VEHICLE_TYPE,
    Column.VISITED_ON,
    Column.WORK,
    Column.INTERVAL,
    Column.NEXT_SERVICE,
    Column.WANTED,
    Column.MANAGER,
    Column.NOTE,
)
# Read by no import: what the file shows beyond the form's columns.
EXTRA = ("其他车辆", "建档时间", "站点")


def rows_of(customers: QuerySet[Customer], *, full_phones: bool) -> Iterator[list[Any]]:
    """One row per customer, in ORDER's columns then EXTRA's."""
    rows = (
        customers.select_related("site", "manager", "household")
        .prefetch_related(
            Prefetch("phones", queryset=CustomerPhone.objects.order_by("pk")),
            Prefetch("vehicles", queryset=Vehicle.objects.order_by("pk")),
            Prefetch(
                "services", queryset=ServiceRecord.objects.order_by("-day", "-pk")[:1], to_attr="last_service"
            ),
        )
        .order_by("pk")
    )
    for customer in rows.iterator(chunk_size=CHUNK):
        numbers = [phone.number for phone in customer.phones.all()]
        if customer.phone in numbers:
            numbers.remove(customer.phone)
            numbers.insert(0, customer.phone)
        shown = numbers if full_phones else [mask_phone(number) for number in numbers]
        cars = list(customer.vehicles.all())
        car = cars[0] if cars else None
        last: list[ServiceRecord] = getattr(customer, "last_service", [])
        manager = customer.manager
        yield [
            customer.name,
            KIND_WORDS.get(customer.kind, customer.kind),
            ", ".join(shown),
            customer.address or (str(customer.household) if customer.household_id else ""),
            car.plate if car else "",
            car.model if car else "",
            car.vehicle_type if car else "",
            customer.visited_on,
            last[0].work if last else "",
            car.service_interval_days if car else None,
            car.next_service_on if car else None,
            customer.services_wanted,
            (manager.employee_no or manager.username) if manager else "",
            customer.note,
            ", ".join(other.plate for other in cars[1:]),
            timezone.localtime(customer.filed_at).replace(tzinfo=None) if customer.filed_at else None,
            customer.site.name,
        ]


def _cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # typed text stays text, never a formula
        return cell
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def workbook(customers: QuerySet[Customer], *, full_phones: bool) -> IO[bytes]:
    """A temporary file holding the list, rewound for reading (FileResponse closes and so deletes it)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("客户档案")
    sheet.append([HEADERS[column] for column in ORDER] + list(EXTRA))
    for row in rows_of(customers, full_phones=full_phones):
        sheet.append([_cell(sheet, value) for value in row])
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    book.save(out)
    out.seek(0)
    return out
