"""The customer's timeline and what the regulations make of it.

Every app that touches a customer — a car brought in, a consultation, the file made, a follow-up call, a
complaint and its reply — appends a ``CustomerEvent`` here, and the customer's stored deadlines and
windows (p16.b2, p16.b4/b5, p14.4.1, p08.23's call hours as violations) follow at once through the
regulations door: the whole timeline is sent every time (decision 0011: a customer's subject is all of its
own events), so a deadline met, a window kept or a call out of hours is the engine's word, not the app's.
The obligations are assigned to whoever looks after the customer now: their manager, or the colleague
standing in for them (p16.4).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fuwu.core.models import User
from fuwu.core.services import audit
from fuwu.customers.models import Customer, CustomerEvent, Substitution
from fuwu.regulations.services import Evaluation, reconcile

SUBJECT = "customer"  # the subject type of a customer's stored obligations


def link_of(customer: Customer) -> str:
    return f"/customers/{customer.pk}/"


def responsible(customer: Customer, at: dt.datetime | None = None) -> User | None:
    """Who looks after ``customer`` at ``at`` (now): their manager, or the colleague standing in for
    them while a substitution runs (p16.4)."""
    manager = customer.manager
    if manager is None:
        return None
    moment = at or timezone.now()
    standing_in = (
        Substitution.objects.filter(
            site_id=customer.site_id, absent=manager, starts_at__lte=moment, ended_at__isnull=True
        )
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=moment))
        .select_related("substitute")
        .order_by("-starts_at")
        .first()
    )
    return standing_in.substitute if standing_in is not None else manager


def facts(customer: Customer) -> list[dict[str, Any]]:
    """The customer's timeline as the engine's events, each naming its row (``customer_event:<id>``)."""
    subject = str(customer.pk)
    events: list[dict[str, Any]] = []
    for row in CustomerEvent.objects.filter(customer=customer).order_by("at", "pk"):
        event: dict[str, Any] = {
            "type": row.type,
            "customer": subject,
            "at": row.at.isoformat(),
            "ref": f"customer_event:{row.pk}",
        }
        if row.type == CustomerEvent.Type.CONTACT:
            event["reason"] = row.reason
        elif row.type == CustomerEvent.Type.CALL:
            event["sequence"] = row.sequence or 1
            event["emergency"] = row.emergency
        events.append(event)
    return events


def follow(customer: Customer, *, new: bool = False) -> Evaluation:
    """Make the customer's stored deadlines, windows and violations match the engine's answer on their
    whole timeline, assigned to whoever looks after them now. Inside the caller's transaction."""
    return reconcile(
        customer.site,
        SUBJECT,
        customer.pk,
        facts(customer),
        assignee=responsible(customer),
        link=link_of(customer),
        keep=lambda decision: decision.subject == str(customer.pk),
        new=new,
    )


def record_event(
    customer: Customer,
    type: str,
    *,
    at: dt.datetime,
    by: User | None,
    reason: str = "",
    sequence: int | None = None,
    emergency: bool = False,
    ref: str = "",
    note: str = "",
) -> CustomerEvent:
    """Append one fact to the customer's timeline (audited) and let their obligations follow."""
    with transaction.atomic():
        row = CustomerEvent.objects.create(
            customer=customer,
            type=type,
            at=at,
            reason=reason,
            sequence=sequence,
            emergency=emergency,
            ref=ref[:60],
            note=note[:300],
            by=by,
        )
        audit.record_created(row, actor=by, action="customer.event", site=customer.site)
        follow(customer)
    return row
