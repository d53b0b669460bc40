"""The life of a repair order after intake (services/intake.py): dispatch, accept, arrive, quote,
approve (services/approval.py: p10.3.5 through the approvals app), complete, close, cancel, rework. Each
function locks the order, checks its state (``Conflict`` when it no longer allows the step), writes the
change and its timeline entry, audits it, notifies through the outbox and refreshes the deadlines the
regulations set.

A step with input has a ``<step>_problems(order, by=…, …)`` function: it raises PermissionDenied or
Conflict when the role or the state does not allow the step at all, and otherwise returns every problem
of the input at once. The step runs it under the lock; the API runs it before, with ``UNKNOWN`` for the
values whose shape was bad, so one 422 names them all (fuwu.core.api.bodies).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import User
from fuwu.core.services import audit, outbox
from fuwu.orders.models import Order
from fuwu.orders.selectors import DISPATCHERS, technicians_of
from fuwu.orders.services import steps
from fuwu.orders.services.approval import approval_problems, decide_approval, withdraw
from fuwu.orders.services.intake import create_order, intake_problems, tag_text
from fuwu.orders.services.refresh import refresh_order
from fuwu.regulations import services as regulations

__all__ = [
    "CLOCK_SKEW",
    "accept",
    "approval_problems",
    "arrive",
    "arrive_problems",
    "cancel",
    "cancel_problems",
    "close",
    "complete",
    "complete_problems",
    "create_order",
    "decide_approval",
    "dispatch",
    "dispatch_problems",
    "intake_problems",
    "quote",
    "quote_problems",
    "rework",
    "rework_problems",
    "tag_text",
]

S = Order.Status
CLOCK_SKEW = steps.CLOCK_SKEW
BEFORE_ARRIVAL = (S.CREATED, S.DISPATCHED, S.ACCEPTED)


def dispatch_problems(
    order: Order, *, by: User, technician: Maybe[User], at: Maybe[dt.datetime | None] = None
) -> list[FieldProblem]:
    """Every problem of a dispatch; PermissionDenied or Conflict when it is not allowed at all."""
    steps.require_role(by, DISPATCHERS)
    steps.require_state(order, BEFORE_ARRIVAL, "dispatch")
    problems: list[FieldProblem] = []
    if technician is not UNKNOWN:
        if order.technician_id == technician.pk and order.status != S.CREATED:
            message = gettext("Order %(number)s is already dispatched to %(technician)s.")
            raise Conflict(message % {"number": order.number, "technician": technician})
        if not technicians_of(order.site_id).filter(pk=technician.pk).exists():
            problems.append(
                (("body", "technician"), gettext("This person is not a technician of this site."))
            )
    problems += steps.moment_problems(at, after=order.received_at, field="at", now=timezone.now())
    return problems


def dispatch(order: Order, *, technician: User, by: User, at: dt.datetime | None = None) -> Order:
    """Assign (or re-assign, before arrival) the technician; they are notified in the app."""
    steps.require_role(by, DISPATCHERS)
    with transaction.atomic():
        order = steps.lock(order, BEFORE_ARRIVAL, "dispatch")
        Invalid.unless_empty(dispatch_problems(order, by=by, technician=technician, at=at))
        before = audit.snapshot(order)
        now = at or timezone.now()
        order.technician = technician
        order.status = S.DISPATCHED
        order.dispatched_at = now
        order.accepted_at = None
        steps.save(order, before, by, "order.dispatch")
        steps.log(order, "dispatched", now, by, str(technician), {"technician": technician.pk})
        outbox.notify(
            targets=[outbox.in_app(technician)],
            subject=gettext("New order %(number)s: %(place)s")
            % {"number": order.number, "place": order.place},
            body=order.description,
            url=reverse("orders:detail", args=[order.pk]),
            key=f"order:{order.pk}:dispatched:{technician.pk}:{now.timestamp()}",
            site=order.site,
            by=by,
        )
        refresh_order(order)
    return order


def accept(order: Order, *, by: User, at: dt.datetime | None = None) -> Order:
    """The assigned technician takes the order."""
    with transaction.atomic():
        order = steps.lock(order, (S.DISPATCHED,), "accept")
        steps.require_technician(order, by)
        before = audit.snapshot(order)
        now = steps.moment(at, after=order.dispatched_at or order.received_at, field="at")
        order.status = S.ACCEPTED
        order.accepted_at = now
        steps.save(order, before, by, "order.accept")
        steps.log(order, "accepted", now, by)
    return order


def arrive_problems(
    order: Order, *, by: User, at: Maybe[dt.datetime | None], checklist: Maybe[dict[str, Any]]
) -> list[FieldProblem]:
    """Every problem of a check-in; Conflict or PermissionDenied when it is not allowed at all."""
    steps.require_state(order, (S.DISPATCHED, S.ACCEPTED), "arrive")
    steps.require_technician(order, by)
    previous = order.accepted_at or order.dispatched_at or order.received_at
    problems = steps.moment_problems(at, after=previous, field="at", now=timezone.now())
    if checklist is not UNKNOWN and not all(isinstance(value, bool) for value in checklist.values()):
        problems.append((("body", "checklist"), gettext("Each checklist item must be true or false.")))
    return problems


def arrive(order: Order, *, by: User, at: dt.datetime | None = None, checklist: dict[str, Any]) -> Order:
    """Check in on site with the arrival checklist (p09.1 uniform, badge, shoe covers; p10.3.1 tools)."""
    with transaction.atomic():
        order = steps.lock(order, (S.DISPATCHED, S.ACCEPTED), "arrive")
        Invalid.unless_empty(arrive_problems(order, by=by, at=at, checklist=checklist))
        when = at or timezone.now()
        before = audit.snapshot(order)
        order.status = S.ARRIVED
        order.arrived_at = when
        order.arrival_checklist = dict(checklist)
        if order.accepted_at is None:
            order.accepted_at = when
        steps.save(order, before, by, "order.arrive")
        steps.log(order, "arrived", when, by, data={"checklist": order.arrival_checklist})
        refresh_order(order)
    return order


def quote_problems(order: Order, *, by: User, amount: Maybe[Decimal]) -> list[FieldProblem]:
    """Every problem of a quote; Conflict or PermissionDenied when it is not allowed at all."""
    steps.require_state(order, (S.ACCEPTED, S.ARRIVED), "quote")
    steps.require_technician(order, by)
    if amount is not UNKNOWN and amount < 0:
        return [(("body", "amount"), gettext("The amount cannot be negative."))]
    return []


def quote(order: Order, *, by: User, amount: Decimal, items: str, accepted: bool) -> Order:
    """Record the price explained before work starts and whether the owner accepted it (p10.3.3)."""
    with transaction.atomic():
        order = steps.lock(order, (S.ACCEPTED, S.ARRIVED), "quote")
        Invalid.unless_empty(quote_problems(order, by=by, amount=amount))
        before = audit.snapshot(order)
        now = timezone.now()
        order.quote_amount = amount.quantize(Decimal("0.01"))
        order.quote_items = items
        order.quote_accepted = accepted
        order.quoted_at = now
        steps.save(order, before, by, "order.quote")
        steps.log(order, "quoted", now, by, items, {"amount": str(order.quote_amount), "accepted": accepted})
    return order


def complete_problems(
    order: Order,
    *,
    by: User,
    at: Maybe[dt.datetime | None],
    explanation: Maybe[str],
    now: dt.datetime | None = None,
) -> list[FieldProblem]:
    """Every problem of a completion; Conflict or PermissionDenied when it is not allowed at all.

    The explanation p09.2d asks for is judged by the time sent (`at`, or now), even one refused itself.
    """
    steps.require_state(order, (S.ARRIVED,), "complete")
    steps.require_technician(order, by)
    if order.approval in (Order.Approval.PENDING, Order.Approval.REJECTED):
        message = gettext(
            "Order %(number)s is work outside the service list: the department supervisor must approve it"
            " before it can be completed (p10.3.5)."
        )
        raise Conflict(message % {"number": order.number})
    assert order.arrived_at is not None
    now = now or timezone.now()
    problems = steps.moment_problems(at, after=order.arrived_at, field="at", now=now)
    if at is not UNKNOWN and explanation is not UNKNOWN and not explanation.strip():
        zone = timezone.get_current_timezone()
        if (at or now).astimezone(zone).date() > order.arrived_at.astimezone(zone).date():
            explain = gettext(
                "Not completed on the day of arrival: write the explanation given to the owner (p09.2d)."
            )
            problems.append((("body", "explanation"), explain))
    return problems


def complete(
    order: Order, *, by: User, at: dt.datetime | None = None, notes: str = "", explanation: str = ""
) -> Order:
    """Finish the work; a repair finished on a later local day than arrival needs an explanation (p09.2d)."""
    with transaction.atomic():
        order = steps.lock(order, (S.ARRIVED,), "complete")
        now = timezone.now()
        Invalid.unless_empty(complete_problems(order, by=by, at=at, explanation=explanation, now=now))
        when = at or now
        before = audit.snapshot(order)
        order.status = S.COMPLETED
        order.completed_at = when
        order.completion_notes = notes
        order.explanation = explanation.strip()
        steps.save(order, before, by, "order.complete")
        steps.log(
            order, "completed", when, by, notes, {"explanation": order.explanation} if explanation else {}
        )
        refresh_order(order)
    return order


def close(order: Order, *, by: User, at: dt.datetime | None = None) -> Order:
    """The desk closes a completed order."""
    steps.require_role(by, DISPATCHERS)
    with transaction.atomic():
        order = steps.lock(order, (S.COMPLETED,), "close")
        before = audit.snapshot(order)
        now = steps.moment(at, after=order.completed_at or order.received_at, field="at")
        order.status = S.CLOSED
        order.closed_at = now
        steps.save(order, before, by, "order.close")
        steps.log(order, "closed", now, by)
    return order


def cancel_problems(order: Order, *, by: User, reason: Maybe[str]) -> list[FieldProblem]:
    """Every problem of a cancellation; PermissionDenied or Conflict when it is not allowed at all."""
    steps.require_role(by, DISPATCHERS)
    steps.require_state(order, (*BEFORE_ARRIVAL, S.ARRIVED), "cancel")
    if reason is not UNKNOWN and not reason.strip():
        return [(("body", "reason"), gettext("Give the reason for cancelling."))]
    return []


def cancel(order: Order, *, by: User, reason: str) -> Order:
    """Cancel before completion; the order's open deadlines no longer bind."""
    steps.require_role(by, DISPATCHERS)
    with transaction.atomic():
        order = steps.lock(order, (*BEFORE_ARRIVAL, S.ARRIVED), "cancel")
        Invalid.unless_empty(cancel_problems(order, by=by, reason=reason))
        before = audit.snapshot(order)
        now = timezone.now()
        order.status = S.CANCELLED
        order.cancelled_at = now
        order.cancel_reason = reason.strip()
        steps.save(order, before, by, "order.cancel")
        steps.log(order, "cancelled", now, by, reason)
        withdraw(order, by=by, reason=order.cancel_reason)
        _void_open_obligations(order)
    return order


def rework_problems(order: Order, *, by: User, description: Maybe[str]) -> list[FieldProblem]:
    """Every problem of the new order (intake's checks); PermissionDenied or Conflict when not allowed."""
    steps.require_role(by, DISPATCHERS)
    steps.require_state(order, (S.COMPLETED, S.CLOSED), "rework")
    return intake_problems(
        site=order.site,
        description=UNKNOWN if description is UNKNOWN else description or order.description,
        channel=order.channel,
        tags=order.tags,
        household=order.household,
        location=order.location,
        contact_phone=order.contact_phone,
        received_at=None,
    )


def rework(order: Order, *, by: User, description: str) -> Order:
    """Open a new order for the same fault, linked to the first (p10.3.2c counts it against rework)."""
    steps.require_role(by, DISPATCHERS)
    with transaction.atomic():
        order = steps.lock(order, (S.COMPLETED, S.CLOSED), "rework")
        new = create_order(
            site=order.site,
            by=by,
            description=description or order.description,
            channel=order.channel,
            tags=order.tags,
            household=order.household,
            location=order.location,
            contact_name=order.contact_name,
            contact_phone=order.contact_phone,
            rework_of=order,
        )
        steps.log(order, "reworked", new.received_at, by, new.description, {"rework": new.pk})
    return new


def _void_open_obligations(order: Order) -> None:
    regulations.void_subject(order.site, "order", order.pk)
