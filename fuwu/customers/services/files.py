"""Writes of a customer's file (客户档案基本资料表, p16.b2; p14.2.2 for products): who they are and how to
reach them, their cars, what the company did for them, what they bought, and each contact — a car brought
in or collected, a consultation — on their timeline. Each write in one transaction with its audit entries;
the caller lookup's keys follow every change of a name, number, plate or address."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import FieldProblem, Invalid, Loc
from fuwu.core.models import User
from fuwu.core.services import audit
from fuwu.customers.lookup.keys import MIN_PLATE_CHARS, phone_digits, plate_key
from fuwu.customers.models import (
    Customer,
    CustomerEvent,
    CustomerPhone,
    Household,
    Purchase,
    ServiceRecord,
    Vehicle,
)
from fuwu.customers.services import timeline
from fuwu.customers.services.customers import file_made
from fuwu.customers.services.lookup import refresh_keys

MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 7, 20
MAX_PLATE_CHARS = 12
# Numbers written in one box: one a line, or separated by commas, 、 or semicolons.
_SEPARATORS = re.compile(r"[\n,，、;；/]+")
_PLATE_CHARS = re.compile(r"^[A-Z0-9\u4e00-\u9fff]+$")
# What a contact recorded here may be; complaints are the after-sales app's, calls the follow-up app's.
CONTACT_REASONS = (
    CustomerEvent.Reason.DROPOFF,
    CustomerEvent.Reason.PICKUP,
    CustomerEvent.Reason.CONSULTATION,
)
# The contacts that are the file's 送修或来访日期.
VISITS = frozenset({CustomerEvent.Reason.DROPOFF, CustomerEvent.Reason.CONSULTATION})
EDITABLE = ("kind", "name", "address", "household", "services_wanted", "note", "visited_on")


def split_numbers(text: str) -> list[str]:
    """The numbers written in one box, in their order, without blanks."""
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


def phone_problems(numbers: Sequence[str], loc: Loc) -> list[FieldProblem]:
    """A problem for each written number that cannot be a phone number (7–20 digits)."""
    problems: list[FieldProblem] = []
    for index, number in enumerate(numbers):
        digits = phone_digits(number)
        if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS:
            problems.append(
                ((*loc, index), gettext("“%(number)s” is not a phone number.") % {"number": number})
            )
    return problems


def plate_problem(plate: str) -> str | None:
    """Why ``plate`` cannot be a plate (浙A12345), or None."""
    key = plate_key(plate)
    if not MIN_PLATE_CHARS <= len(key) <= MAX_PLATE_CHARS or _PLATE_CHARS.match(key) is None:
        return gettext("“%(plate)s” is not a plate number (such as 浙A12345).") % {"plate": plate}
    return None


def customer_problems(*, name: str, phones: Sequence[str], loc: Loc = ("body",)) -> list[FieldProblem]:
    """Every problem of a customer's name and numbers, each at its field."""
    problems: list[FieldProblem] = []
    if not name.strip():
        problems.append(((*loc, "name"), gettext("Give the customer's name.")))
    problems += phone_problems(phones, (*loc, "phones"))
    return problems


def update_customer(customer: Customer, *, by: User | None, **changes: Any) -> Customer:
    """Change fields of the customer's file (``EDITABLE`` only); the lookup follows."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    if "name" in changes:
        Invalid.unless_empty(customer_problems(name=changes["name"], phones=()))
    with transaction.atomic():
        customer = (
            Customer.objects.select_for_update(of=("self",))
            .select_related("site", "household")
            .get(pk=customer.pk)
        )
        before = audit.snapshot(customer)
        for field, value in changes.items():
            setattr(customer, field, value.strip() if isinstance(value, str) else value)
        customer.full_clean()
        customer.save(update_fields=list(changes))
        after = audit.snapshot(customer)
        if after != before:
            audit.record(
                actor=by,
                action="customer.change",
                obj=customer,
                before=before,
                after=after,
                site=customer.site,
            )
            refresh_keys(customer)
    return customer


def set_phones(customer: Customer, numbers: Sequence[str], *, by: User | None) -> Customer:
    """The customer is known by exactly these numbers now, the first the one to call; numbers no longer
    given are removed (audited), the others kept with their labels."""
    Invalid.unless_empty(phone_problems(numbers, ("body", "phones")))
    wanted = {phone_digits(number): number.strip() for number in numbers}
    with transaction.atomic():
        customer = (
            Customer.objects.select_for_update(of=("self",))
            .select_related("site", "household")
            .get(pk=customer.pk)
        )
        stored = {row.digits: row for row in CustomerPhone.objects.filter(customer=customer)}
        for digits, row in stored.items():
            if digits not in wanted:
                audit.record(
                    actor=by,
                    action="customer.phone.remove",
                    obj=row,
                    before=audit.snapshot(row),
                    after=None,
                    site=customer.site,
                )
                row.delete()
        for digits, number in wanted.items():
            if digits not in stored:
                row = CustomerPhone.objects.create(customer=customer, digits=digits, number=number)
                audit.record_created(row, actor=by, action="customer.phone", site=customer.site)
        first = next(iter(wanted.values()), "")
        if customer.phone != first:
            before = audit.snapshot(customer)
            customer.phone = first
            customer.save(update_fields=["phone"])
            audit.record(
                actor=by,
                action="customer.change",
                obj=customer,
                before=before,
                after=audit.snapshot(customer),
                site=customer.site,
            )
        refresh_keys(customer)
    return customer


def vehicle_problems(
    *, plate: str, service_interval_days: int | None, loc: Loc = ("body",)
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    wrong = plate_problem(plate)
    if wrong:
        problems.append(((*loc, "plate"), wrong))
    if service_interval_days is not None and not 1 <= service_interval_days <= 3650:
        problems.append(
            ((*loc, "service_interval_days"), gettext("Give the service interval in days, 1 to 3650."))
        )
    return problems


def add_vehicle(
    customer: Customer,
    *,
    plate: str,
    by: User | None,
    model: str = "",
    vehicle_type: str = "",
    service_interval_days: int | None = None,
    next_service_on: dt.date | None = None,
) -> Vehicle:
    """A car the customer brings in (车号, 车型, 车种, 保养周期, 下一次保养期); found by its plate at once."""
    Invalid.unless_empty(vehicle_problems(plate=plate, service_interval_days=service_interval_days))
    with transaction.atomic():
        vehicle = Vehicle(
            customer=customer,
            plate=plate.strip(),
            plate_key=plate_key(plate),
            model=model.strip(),
            vehicle_type=vehicle_type.strip(),
            service_interval_days=service_interval_days,
            next_service_on=next_service_on,
        )
        vehicle.full_clean()
        vehicle.save()
        audit.record_created(vehicle, actor=by, action="customer.vehicle", site=customer.site)
        refresh_keys(customer)
    return vehicle


def update_vehicle(vehicle: Vehicle, *, by: User | None, **changes: Any) -> Vehicle:
    """Change a car's plate, model, type, service interval or next service date."""
    allowed = {"plate", "model", "vehicle_type", "service_interval_days", "next_service_on"}
    if set(changes) - allowed:
        raise TypeError(f"not editable here: {sorted(set(changes) - allowed)}")
    Invalid.unless_empty(
        vehicle_problems(
            plate=changes.get("plate", vehicle.plate),
            service_interval_days=changes.get("service_interval_days", vehicle.service_interval_days),
        )
    )
    with transaction.atomic():
        vehicle = (
            Vehicle.objects.select_for_update(of=("self",))
            .select_related("customer__site")
            .get(pk=vehicle.pk)
        )
        before = audit.snapshot(vehicle)
        for field, value in changes.items():
            setattr(vehicle, field, value.strip() if isinstance(value, str) else value)
        vehicle.plate_key = plate_key(vehicle.plate)
        vehicle.full_clean()
        vehicle.save()
        customer = vehicle.customer
        audit.record(
            actor=by,
            action="customer.vehicle.change",
            obj=vehicle,
            before=before,
            after=audit.snapshot(vehicle),
            site=customer.site,
        )
        refresh_keys(customer)
    return vehicle


def add_service_record(
    customer: Customer,
    *,
    day: dt.date,
    work: str,
    by: User | None,
    vehicle: Vehicle | None = None,
    amount: Decimal = Decimal("0.00"),
) -> ServiceRecord:
    """What the company did for the customer (维修养护项目, 本公司维修保养记录)."""
    problems: list[FieldProblem] = []
    if not work.strip():
        problems.append((("body", "work"), gettext("Say what was done.")))
    if vehicle is not None and vehicle.customer_id != customer.pk:
        problems.append((("body", "vehicle"), gettext("This car is not the customer's.")))
    if amount < 0:
        problems.append((("body", "amount"), gettext("The amount cannot be negative.")))
    Invalid.unless_empty(problems)
    with transaction.atomic():
        row = ServiceRecord(
            customer=customer, vehicle=vehicle, day=day, work=work.strip(), amount=amount, by=by
        )
        row.full_clean()
        row.save()
        audit.record_created(row, actor=by, action="customer.service", site=customer.site)
    return row


def add_purchase(
    customer: Customer,
    *,
    product: str,
    purchased_on: dt.date,
    by: User | None,
    grade: str = "",
    serial: str = "",
    amount: Decimal = Decimal("0.00"),
) -> Purchase:
    """A product the customer bought: the after-sales file of every product sold (p14.2.2)."""
    problems: list[FieldProblem] = []
    if not product.strip():
        problems.append((("body", "product"), gettext("Name the product.")))
    if amount < 0:
        problems.append((("body", "amount"), gettext("The amount cannot be negative.")))
    Invalid.unless_empty(problems)
    with transaction.atomic():
        row = Purchase(
            customer=customer,
            product=product.strip(),
            grade=grade.strip(),
            serial=serial.strip(),
            purchased_on=purchased_on,
            amount=amount,
        )
        row.full_clean()
        row.save()
        audit.record_created(row, actor=by, action="customer.purchase", site=customer.site)
    return row


def contact_problems(*, reason: str, at: dt.datetime | None, loc: Loc = ("body",)) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if reason not in CONTACT_REASONS:
        problems.append(((*loc, "reason"), gettext("Choose: car brought in, car collected or consultation.")))
    if at is not None and at > timezone.now() + dt.timedelta(minutes=1):
        problems.append(((*loc, "at"), gettext("The time cannot be in the future.")))
    return problems


def record_contact(
    customer: Customer,
    *,
    reason: str,
    by: User | None,
    at: dt.datetime | None = None,
    note: str = "",
) -> CustomerEvent:
    """A car brought in or collected, or a consultation, on the customer's timeline: what the
    regulations owe for it follows (a file within two days, p16.b2; the first call's window, p16.b4), and
    a drop-off or consultation becomes the file's 送修或来访日期."""
    Invalid.unless_empty(contact_problems(reason=reason, at=at))
    moment = at or timezone.now()
    with transaction.atomic():
        locked = (
            Customer.objects.select_for_update(of=("self",))
            .select_related("site", "manager")
            .get(pk=customer.pk)
        )
        event = timeline.record_event(
            locked, CustomerEvent.Type.CONTACT, at=moment, by=by, reason=reason, note=note
        )
        day = timezone.localdate(moment)
        if reason in VISITS and (locked.visited_on is None or locked.visited_on < day):
            before = audit.snapshot(locked)
            locked.visited_on = day
            locked.save(update_fields=["visited_on"])
            audit.record(
                actor=by,
                action="customer.change",
                obj=locked,
                before=before,
                after=audit.snapshot(locked),
                site=locked.site,
            )
    return event


def link_household(customer: Customer, household: Household | None, *, by: User | None) -> Customer:
    """The customer lives at ``household`` (property customers), or at none; the lookup follows."""
    if household is not None and household.site_id != customer.site_id:
        raise Invalid.field(("body", "household"), gettext("This site has no such household."))
    return update_customer(customer, by=by, household=household)


def file_problems(customer: Customer) -> list[FieldProblem]:
    """What the file (客户档案基本资料表) still lacks before it can be called made: the customer's name,
    address and a number to reach them."""
    problems: list[FieldProblem] = []
    if not customer.phone:
        problems.append((("customer", "phone"), gettext("The file has no phone number yet.")))
    if not customer.address.strip() and customer.household_id is None:
        problems.append((("customer", "address"), gettext("The file has no address yet.")))
    return problems


def make_file(customer: Customer, *, by: User | None, at: dt.datetime | None = None) -> Customer:
    """The file is complete and made (p16.b2's deadline met); a file lacking its number or address is
    refused with what it lacks, one made already with Conflict."""
    if customer.filed_at is None:
        Invalid.unless_empty(file_problems(customer))
    return file_made(customer, by=by, at=at)
