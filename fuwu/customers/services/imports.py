"""An existing customer list imported from Excel: whole or not at all. Every problem of the file — a cell
that cannot be read, a manager the site does not have, a number already a customer's — is named with its
row and column, and a file with any problem imports nothing. Rows with the same name and number are one
customer with several cars. The customers are written in bulk, each with its audit entry, numbers, cars,
services, manager and lookup keys, in one transaction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import audit
from fuwu.customers.excel.columns import Column
from fuwu.customers.excel.reader import CustomerList, ListRow, Problem, read_list
from fuwu.customers.lookup.keys import (
    Address,
    Key,
    address_of,
    customer_keys,
    name_key,
    phone_digits,
    plate_key,
)
from fuwu.customers.models import (
    Customer,
    CustomerPhone,
    Household,
    ManagerAssignment,
    ServiceRecord,
    Vehicle,
)
from fuwu.customers.services.lookup import add_keys, addresses_of

CHUNK = 900  # ids or numbers in one IN (…): well inside SQLite's limit on bound values


class ImportRefused(Exception):
    """The list cannot be imported; carries every problem in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class Imported:
    """What an import wrote, and the file's columns it did not read."""

    customers: int
    vehicles: int
    services: int
    ignored: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)


@dataclass
class _Customer:
    first: ListRow
    rows: list[ListRow]


def import_customers(*, site: Site, data: bytes, by: User | None) -> Imported:
    """Import the list in ``data`` (an .xlsx file) into ``site``; ImportRefused with every problem."""
    listing = read_list(data)
    problems = list(listing.problems)
    managers = _managers(site, listing, problems)
    customers = _grouped(listing, problems)
    _known_numbers(site, customers, listing, problems)
    if problems:
        problems.sort(key=lambda problem: (problem.row or 0,))
        raise ImportRefused(problems)
    return _write(site, customers, managers, by, listing.ignored)


def _managers(site: Site, listing: CustomerList, problems: list[Problem]) -> dict[str, User]:
    """The customer managers the list names (工号 or username), among the site's active ones."""
    names = {row.manager for row in listing.rows if row.manager}
    if not names:
        return {}
    people = User.objects.filter(
        Q(username__in=names) | Q(employee_no__in=names),
        is_active=True,
        membership__site=site,
        groups__name=Role.CUSTOMER_MANAGER.group_name,
    ).distinct()
    found: dict[str, User] = {}
    for person in people:
        found[person.username] = person
        if person.employee_no:
            found.setdefault(person.employee_no, person)
    for row in listing.rows:
        if row.manager and row.manager not in found:
            message = gettext("No customer manager “%(name)s” at this site.") % {"name": row.manager}
            problems.append(Problem(row.row, listing.header(Column.MANAGER), message))
    return found


def _grouped(listing: CustomerList, problems: list[Problem]) -> list[_Customer]:
    """The customers of the list: rows with the same name and first number are one customer; a number
    given to two different customers is a problem."""
    customers: list[_Customer] = []
    by_key: dict[tuple[str, str], _Customer] = {}
    owner_of: dict[str, ListRow] = {}
    for row in listing.rows:
        digits = [phone_digits(number) for number in row.phones]
        key = (name_key(row.name), digits[0]) if digits else None
        if key is not None and key in by_key:
            by_key[key].rows.append(row)
            continue
        for number, found in zip(row.phones, digits, strict=True):
            first = owner_of.get(found)
            if first is not None and name_key(first.name) != name_key(row.name):
                message = gettext("The number %(number)s is row %(row)s's customer's too.")
                problems.append(
                    Problem(
                        row.row, listing.header(Column.PHONES), message % {"number": number, "row": first.row}
                    )
                )
            owner_of.setdefault(found, row)
        customer = _Customer(row, [row])
        customers.append(customer)
        if key is not None:
            by_key[key] = customer
    return customers


def _known_numbers(
    site: Site, customers: list[_Customer], listing: CustomerList, problems: list[Problem]
) -> None:
    """A number already a customer's at the site: the list would make them twice."""
    first_row: dict[str, tuple[ListRow, str]] = {}
    for customer in customers:
        for number in customer.first.phones:
            first_row.setdefault(phone_digits(number), (customer.first, number))
    wanted = list(first_row)
    for start in range(0, len(wanted), CHUNK):
        known = CustomerPhone.objects.filter(
            customer__site=site, digits__in=wanted[start : start + CHUNK]
        ).values_list("digits", "customer__name")
        for digits, name in known:
            row, number = first_row[digits]
            message = gettext("%(name)s, a customer of this site, has the number %(number)s already.")
            problems.append(
                Problem(row.row, listing.header(Column.PHONES), message % {"name": name, "number": number})
            )


def _households(site: Site) -> dict[tuple[str, str], list[tuple[Household, Address]]]:
    found: dict[tuple[str, str], list[tuple[Household, Address]]] = defaultdict(list)
    for home in Household.objects.filter(site=site):
        address = address_of(home.community or site.name, home.building, home.unit, home.room)
        found[(address.building, address.room)].append((home, address))
    return found


def _household(
    homes: dict[tuple[str, str], list[tuple[Household, Address]]], flats: list[Address]
) -> Household | None:
    """The site's one household at the written flat (its community, when written, the household's)."""
    if not flats:
        return None
    flat = flats[0]
    matches = [
        home
        for home, address in homes.get((flat.building, flat.room), [])
        if (not flat.unit or address.unit == flat.unit) and (not flat.place or address.place == flat.place)
    ]
    return matches[0] if len(matches) == 1 else None


def _write(
    site: Site, customers: list[_Customer], managers: dict[str, User], by: User | None, ignored: list[str]
) -> Imported:
    now = timezone.now()
    homes = _households(site)
    with transaction.atomic():
        rows: list[Customer] = []
        for customer in customers:
            first = customer.first
            flats, _free = addresses_of(first.address, None, site.name)
            rows.append(
                Customer(
                    site=site,
                    kind=first.kind,
                    name=first.name,
                    phone=first.phones[0] if first.phones else "",
                    address=first.address,
                    household=_household(homes, flats),
                    manager=managers.get(first.manager),
                    services_wanted=first.services_wanted,
                    note=first.note,
                    visited_on=max((row.visited_on for row in customer.rows if row.visited_on), default=None),
                    created_at=now,
                )
            )
        made = Customer.objects.bulk_create(rows, batch_size=500)
        phones: dict[int, list[CustomerPhone]] = defaultdict(list)
        vehicles: dict[int, list[Vehicle]] = defaultdict(list)
        assignments: list[ManagerAssignment] = []
        for row, customer in zip(made, customers, strict=True):
            for number in customer.first.phones:
                digits = phone_digits(number)
                if all(known.digits != digits for known in phones[row.pk]):
                    phones[row.pk].append(CustomerPhone(customer=row, number=number, digits=digits))
            for line in customer.rows:
                key = plate_key(line.plate)
                if line.plate and all(known.plate_key != key for known in vehicles[row.pk]):
                    vehicles[row.pk].append(
                        Vehicle(
                            customer=row,
                            plate=line.plate,
                            plate_key=key,
                            model=line.model,
                            vehicle_type=line.vehicle_type,
                            service_interval_days=line.service_interval_days,
                            next_service_on=line.next_service_on,
                        )
                    )
            if row.manager is not None:
                assignments.append(
                    ManagerAssignment(
                        customer=row, manager=row.manager, starts_at=now, reason=gettext("Imported"), by=by
                    )
                )
        CustomerPhone.objects.bulk_create([p for rows_ in phones.values() for p in rows_], batch_size=1000)
        cars = Vehicle.objects.bulk_create([v for rows_ in vehicles.values() for v in rows_], batch_size=1000)
        ManagerAssignment.objects.bulk_create(assignments, batch_size=1000)
        services = _services(made, customers, vehicles, by)
        add_keys(
            (row.pk, site.pk, key)
            for row in made
            for key in _keys_of(row, phones[row.pk], vehicles[row.pk], site)
        )
        audit.record_many(
            [
                audit.Entry(
                    action="customer.import",
                    obj=row,
                    before=None,
                    after=audit.snapshot(
                        row,
                        extra={
                            "phones": [phone.number for phone in phones[row.pk]],
                            "vehicles": [car.plate for car in vehicles[row.pk]],
                        },
                    ),
                    actor=by,
                    site=site,
                )
                for row in made
            ]
        )
    return Imported(len(made), len(cars), services, ignored, [row.pk for row in made])


def _services(
    made: list[Customer], customers: list[_Customer], vehicles: dict[int, list[Vehicle]], by: User | None
) -> int:
    """The work done each row names (维修养护项目), on its day, for its car."""
    records: list[ServiceRecord] = []
    for row, customer in zip(made, customers, strict=True):
        cars = {car.plate_key: car for car in vehicles[row.pk]}
        for line in customer.rows:
            if line.work and line.visited_on:
                car = cars.get(plate_key(line.plate)) if line.plate else None
                records.append(
                    ServiceRecord(customer=row, vehicle=car, day=line.visited_on, work=line.work, by=by)
                )
    ServiceRecord.objects.bulk_create(records, batch_size=1000)
    return len(records)


def _keys_of(row: Customer, phones: list[CustomerPhone], cars: list[Vehicle], site: Site) -> set[Key]:
    flats, free = addresses_of(row.address, row.household, site.name)
    return customer_keys(
        name=row.name,
        phones=[phone.digits for phone in phones],
        plates=[car.plate_key for car in cars],
        addresses=flats,
        free=free,
    )
