"""The shapes of the customers API: a customer's file in and out, its parts, the lookup's answer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from fuwu.core.api.bodies import Body
from fuwu.core.api.schemas import Day, Moment, ObjectId

PHONES = (
    "Every number the customer is known by, the one to call first first; masked (138****8000) for roles "
    "that do not call customers back."
)


class CustomerPersonOut(Schema):
    id: int = Field(description="The user's id, as in GET /staff.")
    name: str


class HouseholdOut(Schema):
    id: int
    address: str = Field(description="As written: 滨江花苑 5栋1单元1201.")


class VehicleIn(Schema):
    plate: str = Field(max_length=20, description="车号: 浙A12345 (spaces and the middle dot are ignored).")
    model: str = Field("", max_length=50, description="车型")
    vehicle_type: str = Field("", max_length=30, description="车种")
    service_interval_days: int | None = Field(None, ge=1, le=3650, description="保养周期, in days.")
    next_service_on: Day | None = Field(None, description="下一次保养期")


class VehicleOut(Schema):
    id: int
    plate: str
    model: str
    vehicle_type: str
    service_interval_days: int | None
    next_service_on: dt.date | None


class ServiceOut(Schema):
    day: dt.date
    work: str = Field(description="维修养护项目")
    amount: Decimal = Field(description="元")
    plate: str | None = Field(description="The car's plate, when it was for a car.")


class PurchaseOut(Schema):
    product: str
    grade: str
    serial: str
    purchased_on: dt.date
    amount: Decimal = Field(description="元")


class EventOut(Schema):
    id: int
    type: Literal["customer.contact", "customer.filed", "follow_up.call", "customer.replied"]
    reason: str = Field(
        description="For a contact: vehicle_dropoff, vehicle_pickup, consultation or complaint; else empty."
    )
    at: dt.datetime
    note: str


class ObligationOut(Schema):
    """A deadline, window or task the regulations in force at the customer's site put on them."""

    what: str = Field(description="archive (the file, p16.b2), call (p16.b4/b5), reply (p14.4.1) …")
    kind: Literal["deadline", "window", "task"]
    earliest: dt.datetime | None = Field(description="A window's first moment; null for a deadline.")
    due: dt.datetime = Field(description="The deadline, or a window's last moment.")
    clause: str
    pack_version: int
    because: str
    state: Literal["open", "met", "breached", "void"]
    met_at: dt.datetime | None
    breached_at: dt.datetime | None
    assignee: int | None = Field(description="Who owes it: the manager, or the colleague standing in.")


class CustomerSummaryOut(Schema):
    id: int
    site: str = Field(description="The site's code.")
    kind: Literal["person", "company"]
    name: str
    phone: str = Field(description="The number to call first; masked for roles that do not call back.")
    address: str
    manager: CustomerPersonOut | None
    plates: list[str]
    visited_on: dt.date | None = Field(description="送修或来访日期: the last car brought in or visit.")
    filed_at: dt.datetime | None = Field(description="When the file was made (p16.b2); null: not yet.")


class CustomerOut(CustomerSummaryOut):
    phones: list[str] = Field(description=PHONES)
    household: HouseholdOut | None
    services_wanted: str = Field(description="客户希望得到的服务")
    note: str
    filed_by: CustomerPersonOut | None
    looked_after_by: CustomerPersonOut | None = Field(
        description="Who looks after the customer now: the manager, or the colleague standing in (p16.4)."
    )
    created_at: dt.datetime
    vehicles: list[VehicleOut]
    services: list[ServiceOut] = Field(description="本公司维修保养记录, newest first (at most 50).")
    purchases: list[PurchaseOut] = Field(description="Products bought (p14.2.2), newest first.")
    timeline: list[EventOut] = Field(description="The customer's timeline, newest first (at most 50).")
    obligations: list[ObligationOut] = Field(
        description="What the regulations owe for the customer (open, met and breached), by due time."
    )


class CustomerIn(Body):
    site: str = Field(max_length=50, description="Site code or id.")
    kind: Literal["person", "company"] = "person"
    name: str = Field(max_length=100, description="客户名称")
    phones: list[str] = Field([], max_length=10, description="The numbers, the one to call first first.")
    address: str = Field("", max_length=200, description="As written: 滨江花苑 5栋1单元1201.")
    manager: ObjectId | None = Field(
        None,
        description="The customer manager (a user id of the site's customer managers). A customer manager "
        "creating a customer may name only themself (and is the manager when it is omitted).",
    )
    services_wanted: str = Field("", max_length=300)
    note: str = Field("", max_length=500)
    visited_on: Day | None = Field(None, description="送修或来访日期")
    vehicles: list[VehicleIn] = Field([], max_length=10)


class CustomerPatch(Body):
    kind: Literal["person", "company"] | None = None
    name: str | None = Field(None, max_length=100)
    phones: list[str] | None = Field(None, max_length=10, description="Replaces every number.")
    address: str | None = Field(None, max_length=200)
    manager: ObjectId | None = Field(
        None, description="Another customer manager of the site (supervisors and the general manager)."
    )
    services_wanted: str | None = Field(None, max_length=300)
    note: str | None = Field(None, max_length=500)
    visited_on: Day | None = None


class ContactIn(Body):
    reason: Literal["vehicle_dropoff", "vehicle_pickup", "consultation"] = Field(
        description="vehicle_dropoff (a file is owed within 2 days, p16.b2), vehicle_pickup (the first "
        "call's window opens, p16.b4) or consultation (both)."
    )
    at: Moment | None = Field(None, description="When; default now, never in the future.")
    note: str = Field("", max_length=300)


class FileIn(Body):
    pass


class LookupOut(Schema):
    kind: Literal["phone", "plate", "address", "name", "short"] = Field(
        description="What the text was taken for; short: too little to search (fewer than 4 digits of a "
        "number, 3 characters of a plate)."
    )
    results: list[CustomerOut]
    more: bool = Field(description="More customers match than the 20 shown: type more.")


class FileDueOut(Schema):
    customer: CustomerSummaryOut
    due: dt.datetime
    clause: str
    pack_version: int
    because: str
    state: Literal["open", "breached"]
    assignee: int | None


class CustomerImportOut(Schema):
    customers: int = Field(description="Customers made.")
    vehicles: int
    services: int = Field(description="Service records made from 维修养护项目.")
    ignored_columns: list[str] = Field(description="Columns of the file the import does not read.")
