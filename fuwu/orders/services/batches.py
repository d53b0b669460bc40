"""Batch repairs (p12.8): returned machines repaired within ceil(units ÷ 10) days, then visited (p12.9)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.orders.models import Batch
from fuwu.orders.selectors import DISPATCHERS
from fuwu.orders.services.orders import CLOCK_SKEW
from fuwu.orders.services.refresh import refresh_batch
from fuwu.orders.services.visits import plan_batch_visit


def receive_batch(
    *,
    site: Site,
    by: User,
    customer_name: str,
    units: int,
    received_at: dt.datetime | None = None,
    contact_phone: str = "",
    description: str = "",
) -> Batch:
    """Take in returned machines; the repair deadline starts from their number."""
    if not (by.is_superuser or by.has_role(*DISPATCHERS)):
        raise PermissionDenied(
            gettext("Only customer service / dispatchers and supervisors may receive a batch.")
        )
    now = timezone.now()
    problems: list[tuple[tuple[str | int, ...], str]] = []
    if units < 1:
        problems.append((("body", "units"), gettext("The number of units must be at least 1.")))
    if not customer_name.strip():
        problems.append((("body", "customer_name"), gettext("Give the customer's name.")))
    if received_at is not None and received_at > now + CLOCK_SKEW:
        message = gettext("The time the machines were received cannot be later than now.")
        problems.append((("body", "received_at"), message))
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        batch = Batch.objects.create(
            site=site,
            customer_name=customer_name.strip(),
            contact_phone=contact_phone.strip(),
            description=description,
            units=units,
            received_at=received_at or now,
            created_by=by,
        )
        audit.record_created(batch, actor=by, action="batch.receive", site=site)
        refresh_batch(batch)
    return batch


def deliver_batch(batch: Batch, *, by: User, at: dt.datetime | None = None) -> Batch:
    """The repaired machines reach the customer; the p12.9 return visit is owed within 3 days."""
    if not (by.is_superuser or by.has_role(*DISPATCHERS)):
        raise PermissionDenied(
            gettext("Only customer service / dispatchers and supervisors may record a delivery.")
        )
    with transaction.atomic():
        batch = Batch.objects.select_for_update(of=("self",)).select_related("site").get(pk=batch.pk)
        if batch.status != Batch.Status.RECEIVED:
            raise Conflict(gettext("This batch is already delivered."))
        now = timezone.now()
        when = at or now
        if when > now + CLOCK_SKEW or when < batch.received_at:
            message = gettext("The delivery must be after the machines were received and not later than now.")
            raise Invalid.field(("body", "at"), message)
        before = audit.snapshot(batch)
        batch.status = Batch.Status.DELIVERED
        batch.delivered_at = when
        batch.save()
        audit.record(
            actor=by,
            action="batch.deliver",
            obj=batch,
            before=before,
            after=audit.snapshot(batch),
            site=batch.site,
        )
        plan_batch_visit(batch, by=by)
    return batch
