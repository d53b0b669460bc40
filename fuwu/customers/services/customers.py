"""Writes of customers: a customer with the numbers they are known by, their manager (with history), the
file made, and a colleague standing in for an absent manager (p16.4). Each in one transaction, audited;
what the regulations owe follows through ``timeline``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.customers.lookup.keys import phone_digits
from fuwu.customers.models import Customer, CustomerEvent, CustomerPhone, ManagerAssignment, Substitution
from fuwu.customers.services import timeline
from fuwu.customers.services.lookup import refresh_keys

__all__ = [
    "add_phone",
    "assign_manager",
    "create_customer",
    "end_substitution",
    "file_made",
    "phone_digits",  # re-exported: callers have always found it here
    "start_substitution",
]


def create_customer(
    *,
    site: Site,
    name: str,
    by: User | None,
    kind: str = Customer.Kind.PERSON,
    phones: Iterable[str] = (),
    address: str = "",
    manager: User | None = None,
    **fields: object,
) -> Customer:
    """A new customer of ``site`` with the numbers they are known by (the first is the one to call),
    found by the caller lookup at once."""
    numbers = [number.strip() for number in phones if phone_digits(number)]
    with transaction.atomic():
        customer = Customer(
            site=site,
            kind=kind,
            name=name.strip(),
            phone=numbers[0] if numbers else "",
            address=address.strip(),
            manager=manager,
            **fields,
        )
        customer.full_clean()
        customer.save()
        audit.record_created(customer, actor=by, action="customer.create", site=site)
        for number in numbers:
            add_phone(customer, number, by=by)
        if manager is not None:
            row = ManagerAssignment.objects.create(customer=customer, manager=manager, by=by)
            audit.record_created(row, actor=by, action="customer.assign", site=site)
        if not numbers:  # each number added refreshed the keys already
            refresh_keys(customer)
    return customer


def add_phone(customer: Customer, number: str, *, by: User | None, label: str = "") -> CustomerPhone:
    """Another number the customer is known by (found by the caller lookup at once); the same digits
    twice change nothing."""
    digits = phone_digits(number)
    if not digits:
        raise Invalid.field(("body", "phone"), gettext("Give a phone number with digits."))
    with transaction.atomic():
        row, made = CustomerPhone.objects.get_or_create(
            customer=customer, digits=digits, defaults={"number": number.strip(), "label": label}
        )
        if made:
            audit.record_created(row, actor=by, action="customer.phone", site=customer.site)
            refresh_keys(customer)
    return row


def assign_manager(customer: Customer, manager: User, *, by: User | None, reason: str = "") -> Customer:
    """Give the customer a new manager (p05.assign): the last assignment ends, a new one begins, and the
    customer's open tasks move to the new manager."""
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if customer.manager_id == manager.pk:
            return customer
        now = timezone.now()
        before = audit.snapshot(customer)
        ManagerAssignment.objects.filter(customer=customer, ends_at__isnull=True).update(ends_at=now)
        row = ManagerAssignment.objects.create(
            customer=customer, manager=manager, starts_at=now, reason=reason[:200], by=by
        )
        audit.record_created(row, actor=by, action="customer.assign", site=customer.site)
        customer.manager = manager
        customer.save(update_fields=["manager"])
        audit.record(
            actor=by,
            action="customer.change",
            obj=customer,
            before=before,
            after=audit.snapshot(customer),
            site=customer.site,
        )
        timeline.follow(customer)
    return customer


def file_made(customer: Customer, *, by: User | None, at: dt.datetime | None = None) -> Customer:
    """The customer's file (客户档案基本资料表) is complete: p16.b2's deadline is met by it."""
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if customer.filed_at is not None:
            raise Conflict(gettext("This customer's file has been made already."))
        moment = at or timezone.now()
        before = audit.snapshot(customer)
        customer.filed_at, customer.filed_by = moment, by
        customer.save(update_fields=["filed_at", "filed_by"])
        audit.record(
            actor=by,
            action="customer.file",
            obj=customer,
            before=before,
            after=audit.snapshot(customer),
            site=customer.site,
        )
        timeline.record_event(
            customer, CustomerEvent.Type.FILED, at=moment, by=by, ref=f"customer:{customer.pk}"
        )
    return customer


def _follow_all(site: Site, manager: User) -> None:
    for customer in Customer.objects.filter(site=site, manager=manager).select_related("site", "manager"):
        timeline.follow(customer)


def start_substitution(
    *,
    site: Site,
    absent: User,
    substitute: User,
    by: User,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
    reason: str = "",
) -> Substitution:
    """A colleague stands in for an absent manager (p16.4): the absent manager's open tasks move to them."""
    if absent.pk == substitute.pk:
        raise Invalid.field(("body", "substitute"), gettext("Someone cannot stand in for themself."))
    with transaction.atomic():
        running = Substitution.objects.select_for_update().filter(
            site=site, absent=absent, ended_at__isnull=True
        )
        if running.exists():
            raise Conflict(gettext("Someone stands in for this manager already; end that first."))
        row = Substitution.objects.create(
            site=site,
            absent=absent,
            substitute=substitute,
            starts_at=starts_at or timezone.now(),
            ends_at=ends_at,
            reason=reason[:200],
            by=by,
        )
        audit.record_created(row, actor=by, action="customer.substitution.start", site=site)
        _follow_all(site, absent)
    return row


def end_substitution(substitution: Substitution, *, by: User) -> Substitution:
    """The manager is back: their open tasks move back to them."""
    with transaction.atomic():
        row = Substitution.objects.select_for_update().get(pk=substitution.pk)
        if row.ended_at is not None:
            raise Conflict(gettext("This substitution has ended already."))
        before = audit.snapshot(row)
        row.ended_at = timezone.now()
        row.save(update_fields=["ended_at"])
        audit.record(
            actor=by,
            action="customer.substitution.end",
            obj=row,
            before=before,
            after=audit.snapshot(row),
            site=row.site,
        )
        _follow_all(row.site, row.absent)
    return row
