"""The caller lookup's index kept in step with the customers it finds: whoever writes a customer's name,
numbers, cars or address calls ``refresh_keys`` in the same transaction. The keys are derived rows, like
an index, so they are not audited; the writes they follow are."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction

from fuwu.customers.lookup.keys import Address, Key, address_of, customer_keys, parse_address, phone_digits
from fuwu.customers.models import Customer, CustomerPhone, Household, LookupKey, Vehicle


def addresses_of(
    address: str, household: Household | None, site_name: str
) -> tuple[list[Address], list[str]]:
    """The flats a customer lives at (their written address and their household), and the written
    address when it names no flat (found by its beginning)."""
    flats: list[Address] = []
    free: list[str] = []
    parsed = parse_address(address) if address.strip() else None
    if parsed is not None:
        flats.append(parsed)
    elif address.strip():
        free.append(address)
    if household is not None:
        # A community site's own flats name no community: the site's name is the one people say.
        place = household.community or site_name
        flats.append(address_of(place, household.building, household.unit, household.room))
    return flats, free


def keys_of(customer: Customer) -> set[Key]:
    """Every key ``customer`` is found by, from their rows as stored now."""
    phones = CustomerPhone.objects.filter(customer=customer).values_list("digits", flat=True)
    plates = Vehicle.objects.filter(customer=customer).values_list("plate_key", flat=True)
    household = customer.household
    flats, free = addresses_of(customer.address, household, customer.site.name)
    numbers = {*phones, phone_digits(customer.phone)}
    return customer_keys(
        name=customer.name,
        phones=numbers - {""},
        plates=plates,
        addresses=flats,
        free=free,
    )


def refresh_keys(customer: Customer) -> None:
    """Make the customer's keys those their rows give now (inside the caller's transaction)."""
    wanted = keys_of(customer)
    with transaction.atomic():
        stored = {
            (gram, key): pk
            for pk, gram, key in LookupKey.objects.filter(customer=customer).values_list("pk", "gram", "key")
        }
        stale = [pk for found, pk in stored.items() if found not in wanted]
        if stale:
            LookupKey.objects.filter(pk__in=stale).delete()
        add_keys([(customer.pk, customer.site_id, key) for key in wanted - stored.keys()])


def add_keys(rows: Sequence[tuple[int, int, Key]] | Iterable[tuple[int, int, Key]]) -> None:
    """Store keys of new customers: (customer id, site id, (gram, key)) each."""
    LookupKey.objects.bulk_create(
        [
            LookupKey(customer_id=customer, site_id=site, gram=gram, key=key)
            for customer, site, (gram, key) in rows
        ],
        batch_size=1000,
    )
