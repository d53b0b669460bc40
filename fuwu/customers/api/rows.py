"""Customers as the API answers them, built from rows read in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from fuwu.core.models import User
from fuwu.core.scoping import mask_phone
from fuwu.customers.models import Customer, CustomerEvent, Purchase, ServiceRecord
from fuwu.customers.services.timeline import SUBJECT, responsible
from fuwu.regulations.selectors import StoredObligation, obligations_of

DETAIL_ROWS = 50


def _person(user: User | None) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": str(user)}


def _phone(number: str, full: bool) -> str:
    return number if full or not number else mask_phone(number)


def summary_json(customer: Customer, *, full_phones: bool) -> dict[str, Any]:
    """A customer as a list shows them (the manager selected, the cars prefetched)."""
    return {
        "id": customer.pk,
        "site": customer.site.code,
        "kind": customer.kind,
        "name": customer.name,
        "phone": _phone(customer.phone, full_phones),
        "address": customer.address or (str(customer.household) if customer.household_id else ""),
        "manager": _person(customer.manager),
        "plates": [car.plate for car in customer.vehicles.all()],
        "visited_on": customer.visited_on,
        "filed_at": customer.filed_at,
    }


def obligation_json(row: StoredObligation) -> dict[str, Any]:
    return {
        "what": row.what,
        "kind": row.kind,
        "earliest": row.earliest,
        "due": row.due,
        "clause": row.clause,
        "pack_version": row.pack_version,
        "because": row.because,
        "state": row.state,
        "met_at": row.met_at,
        "breached_at": row.breached_at,
        "assignee": row.assignee_id,
    }


def customer_json(
    customer: Customer,
    *,
    full_phones: bool,
    stored: list[StoredObligation],
    events: list[CustomerEvent],
    services: list[ServiceRecord],
    purchases: list[Purchase],
    looked_after_by: User | None,
) -> dict[str, Any]:
    """A customer's whole file as GET /customers/{id} answers it."""
    numbers = [phone.number for phone in customer.phones.all()]
    if customer.phone in numbers:
        numbers.remove(customer.phone)
        numbers.insert(0, customer.phone)
    household = customer.household
    found = summary_json(customer, full_phones=full_phones)
    found.update(
        phones=[_phone(number, full_phones) for number in numbers],
        household=None if household is None else {"id": household.pk, "address": str(household)},
        services_wanted=customer.services_wanted,
        note=customer.note,
        filed_by=_person(customer.filed_by),
        looked_after_by=_person(looked_after_by),
        created_at=customer.created_at,
        vehicles=[
            {
                "id": car.pk,
                "plate": car.plate,
                "model": car.model,
                "vehicle_type": car.vehicle_type,
                "service_interval_days": car.service_interval_days,
                "next_service_on": car.next_service_on,
            }
            for car in customer.vehicles.all()
        ],
        services=[
            {
                "day": row.day,
                "work": row.work,
                "amount": row.amount,
                "plate": row.vehicle.plate if row.vehicle is not None else None,
            }
            for row in services
        ],
        purchases=[
            {
                "product": row.product,
                "grade": row.grade,
                "serial": row.serial,
                "purchased_on": row.purchased_on,
                "amount": row.amount,
            }
            for row in purchases
        ],
        timeline=[
            {"id": row.pk, "type": row.type, "reason": row.reason, "at": row.at, "note": row.note}
            for row in events
        ],
        obligations=[obligation_json(row) for row in stored],
    )
    return found


def one_customer(pk: int, *, full_phones: bool) -> dict[str, Any]:
    """The customer with this id (in the caller's scope, checked before) as a whole file."""
    customer = (
        Customer.objects.select_related("site", "manager", "household", "filed_by")
        .prefetch_related("phones", "vehicles")
        .get(pk=pk)
    )
    return customer_json(
        customer,
        full_phones=full_phones,
        stored=obligations_of(SUBJECT, [pk]).get(str(pk), []),
        events=list(customer.events.order_by("-at", "-pk")[:DETAIL_ROWS]),
        services=list(customer.services.select_related("vehicle").order_by("-day", "-pk")[:DETAIL_ROWS]),
        purchases=list(customer.purchases.order_by("-purchased_on", "-pk")[:DETAIL_ROWS]),
        looked_after_by=responsible(customer),
    )


def found_json(customers: list[Customer], *, full_phones: bool) -> list[dict[str, Any]]:
    """The lookup's customers (read with their recent history) with their obligations, in one more
    query; the one looking after each is their manager here (a stand-in shows on the customer's own)."""
    stored = obligations_of(SUBJECT, [customer.pk for customer in customers])
    return [
        customer_json(
            customer,
            full_phones=full_phones,
            stored=stored.get(str(customer.pk), []),
            events=getattr(customer, "recent_events", []),
            services=getattr(customer, "recent_services", []),
            purchases=getattr(customer, "recent_purchases", []),
            looked_after_by=customer.manager,
        )
        for customer in customers
    ]
