"""Recording a call: one row fills the call record and the call register (p16.b7); what the call means
to the regulations goes on the customer's timeline and the engine's word on it is kept on the row.

- An outgoing first or second follow-up call is a ``follow_up.call`` (sequence 1 or 2): it checks the
  window of p16.b4 or p16.b5, and the violations the evaluation gives for it (p08.23 out of the call
  hours, a window missed) are recorded on the call.
- Any other outgoing call is judged for the call hours alone, by evaluating that call by itself.
- An incoming consultation is a ``customer.contact`` (consultation): it owes a reply (p14.4.1), and a
  file (p16.b2), which a customer filed already has — the call record is filed in it (p16.b7), so the
  timeline says so; answered during the call, it is replied to at once.
- A complaint, incoming or raised in any call, is the after-sales desk's: it is received through the
  after-sales app where the caller works its desk, else put on the timeline here so the reply is owed.
- What the customer asked becomes a ``CallRequest`` (``requests``), answered at once or studied.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import User
from fuwu.core.services import audit
from fuwu.customers.models import Customer, CustomerEvent
from fuwu.customers.services import timeline
from fuwu.followup.access import FOLLOWUP_ROLES
from fuwu.followup.models import Call, CallRequest, Campaign, ContactPlan
from fuwu.followup.services import complaints
from fuwu.followup.services.common import past_problem, require_customer, text_problem
from fuwu.regulations.services import Decision, evaluate

OUT_PURPOSES = frozenset(
    {
        Call.Purpose.FIRST,
        Call.Purpose.SECOND,
        Call.Purpose.PLANNED,
        Call.Purpose.CAMPAIGN,
        Call.Purpose.ANSWER,
        Call.Purpose.OTHER,
    }
)
IN_PURPOSES = frozenset({Call.Purpose.CONSULTATION, Call.Purpose.COMPLAINT, Call.Purpose.OTHER})
# The contacts after which the follow-up calls start again at the first (p16.b4: 接车出厂或业务访谈、咨询后).
STARTS = frozenset({CustomerEvent.Reason.PICKUP, CustomerEvent.Reason.CONSULTATION})
SEQUENCE_OF = {Call.Purpose.FIRST: 1, Call.Purpose.SECOND: 2}


def next_sequence(customer: Customer, at: dt.datetime) -> int | None:
    """Which follow-up call is owed next at ``at``: 1 after a car collected or a consultation, 2 after the
    first call, None before any such contact or after the second call."""
    rows = CustomerEvent.objects.filter(
        customer=customer,
        at__lte=at,
        type__in=(CustomerEvent.Type.CONTACT, CustomerEvent.Type.CALL),
    ).order_by("at", "pk")
    made: int | None = None
    for kind, reason, sequence in rows.values_list("type", "reason", "sequence"):
        if kind == CustomerEvent.Type.CONTACT:
            if reason in STARTS:
                made = 0
        elif made is not None and sequence:
            made = max(made, sequence)
    if made is None or made >= 2:
        return None
    return made + 1


def call_problems(
    customer: Customer,
    *,
    by: User,
    at: Maybe[dt.datetime],
    direction: Maybe[str],
    purpose: Maybe[str],
    points: Maybe[str],
    requests: Maybe[str],
    handling: Maybe[str],
    now: dt.datetime | None = None,
) -> list[FieldProblem]:
    """403 for someone who may not call this customer, 409 for a follow-up call that is not owed; then
    every bad field."""
    require_customer(by, customer, FOLLOWUP_ROLES, gettext("You may not record calls with this customer."))
    now = now or timezone.now()
    if purpose in SEQUENCE_OF and at is not UNKNOWN:
        owed = next_sequence(customer, at)
        if owed != SEQUENCE_OF[purpose]:  # type: ignore[index]
            if owed is None:
                raise Conflict(
                    gettext(
                        "No follow-up call is owed to this customer then: the first follows a car collected "
                        "or a consultation, the second the first. Record it as another kind of call."
                    )
                )
            raise Conflict(
                gettext("The follow-up call owed to this customer then is call %(number)s.")
                % {"number": owed}
            )
    problems = past_problem(at, "at", now=now)
    if direction is not UNKNOWN and direction not in Call.Direction.values:
        problems.append((("body", "direction"), gettext("Choose incoming or outgoing.")))
    elif purpose is not UNKNOWN and purpose not in Call.Purpose.values:
        problems.append((("body", "purpose"), gettext("Choose what the call was for.")))
    elif direction is not UNKNOWN and purpose is not UNKNOWN:
        allowed = OUT_PURPOSES if direction == Call.Direction.OUT else IN_PURPOSES
        if purpose not in allowed:
            message = (
                gettext("A call the customer made is a consultation, a complaint or another call.")
                if direction == Call.Direction.IN
                else gettext("A call to the customer cannot be their consultation or complaint.")
            )
            problems.append((("body", "purpose"), message))
    problems += text_problem(points, "points", longest=1000, required=False)
    problems += text_problem(requests, "requests", longest=1000, required=False)
    problems += text_problem(handling, "handling", longest=1000, required=False)
    return problems


def record_call(
    customer: Customer,
    *,
    by: User,
    at: dt.datetime,
    direction: str,
    purpose: str,
    phone: str = "",
    emergency: bool = False,
    points: str = "",
    requests: str = "",
    handling: str = "",
    answered: bool = False,
    complaint: bool = False,
    plan: ContactPlan | None = None,
    campaign: Campaign | None = None,
) -> Call:
    """Record one call in the registers, put what it means on the customer's timeline, keep the engine's
    violations on it, and open a request for what the customer asked (answered at once, or studied)."""
    Invalid.unless_empty(
        call_problems(
            customer,
            by=by,
            at=at,
            direction=direction,
            purpose=purpose,
            points=points,
            requests=requests,
            handling=handling,
        )
    )
    is_complaint = purpose == Call.Purpose.COMPLAINT or (complaint and bool(requests.strip()))
    with transaction.atomic():
        call = Call.objects.create(
            site_id=customer.site_id,
            customer=customer,
            at=at,
            phone=(phone or customer.phone).strip()[:30],
            direction=direction,
            purpose=purpose,
            emergency=emergency,
            points=points.strip(),
            requests=requests.strip(),
            handling=handling.strip(),
            by=by,
            plan=plan,
            campaign=campaign,
        )
        event, violations = _judge(call, customer, by)
        call.event, call.violations = event, violations
        call.save(update_fields=["event", "violations"])
        audit.record_created(call, actor=by, action="followup.call", site=customer.site)
        if call.requests or purpose == Call.Purpose.COMPLAINT:
            _raise_request(call, customer, by=by, answered=answered, complaint=is_complaint)
        if call.direction == Call.Direction.IN and purpose == Call.Purpose.CONSULTATION and answered:
            timeline.record_event(
                customer, CustomerEvent.Type.REPLIED, at=at, by=by, ref=f"call:{call.pk}", note=handling
            )
        if call.purpose == Call.Purpose.ANSWER:
            timeline.record_event(
                customer, CustomerEvent.Type.REPLIED, at=at, by=by, ref=f"call:{call.pk}", note=points
            )
        if plan is not None and plan.state == ContactPlan.State.PLANNED:
            _carry_out(plan, call, by)
    return call


def _judge(call: Call, customer: Customer, by: User) -> tuple[CustomerEvent | None, list[dict[str, Any]]]:
    """Put the call on the timeline where it counts there, and return the violations the engine finds
    in it."""
    sequence = call.sequence
    if call.direction == Call.Direction.OUT and sequence is not None:
        event = timeline.record_event(
            customer,
            CustomerEvent.Type.CALL,
            at=call.at,
            by=by,
            sequence=sequence,
            emergency=call.emergency,
            ref=f"call:{call.pk}",
            note=call.points,
        )
        evaluation = timeline.follow(customer)  # the customer's whole timeline, judged again
        ref = f"customer_event:{event.pk}"
        return event, _violations(d for d in evaluation.decisions if d.ref == ref)
    if call.direction == Call.Direction.OUT:
        # The call hours bind every call to an owner (p08.23): the engine judges this call alone.
        alone = {
            "type": CustomerEvent.Type.CALL.value,
            "customer": str(customer.pk),
            "at": call.at.isoformat(),
            "sequence": 1,
            "emergency": call.emergency,
            "ref": f"call:{call.pk}",
        }
        decisions = evaluate(customer.site, [alone], as_of=call.at).decisions
        return None, _violations(d for d in decisions if d.what == "call")
    if call.purpose == Call.Purpose.CONSULTATION:
        event = timeline.record_event(
            customer,
            CustomerEvent.Type.CONTACT,
            at=call.at,
            by=by,
            reason=CustomerEvent.Reason.CONSULTATION,
            ref=f"call:{call.pk}",
            note=call.points,
        )
        if Customer.objects.filter(pk=customer.pk, filed_at__isnull=False).exists():
            # The call record is filed in the customer's file (p16.b7), which exists already.
            timeline.record_event(
                customer,
                CustomerEvent.Type.FILED,
                at=call.at,
                by=by,
                ref=f"call:{call.pk}",
                note=gettext("Call record filed"),
            )
        return event, []
    return None, []


def _violations(decisions: Any) -> list[dict[str, Any]]:
    found: list[Decision] = [d for d in decisions if d.kind == "violation"]
    return [{"clause": d.clause, "pack_version": d.version, "because": d.because} for d in found]


def _raise_request(call: Call, customer: Customer, *, by: User, answered: bool, complaint: bool) -> None:
    from fuwu.followup.services.requests import ESCALATE_AFTER

    text = call.requests or call.points
    request = CallRequest.objects.create(
        site_id=call.site_id,
        customer=customer,
        call=call,
        kind=CallRequest.Kind.COMPLAINT if complaint else CallRequest.Kind.REQUEST,
        text=text[:1000],
        state=CallRequest.State.ANSWERED if answered else CallRequest.State.STUDYING,
        raised_at=call.at,
        escalate_at=call.at + ESCALATE_AFTER,
        due=call.at + ESCALATE_AFTER,
        told_at=call.at if answered else None,
        told_by=by if answered else None,
    )
    if complaint:
        request.complaint_id = complaints.receive(call, customer, by=by, text=text, request=request)
        request.save(update_fields=["complaint_id"])
    audit.record_created(request, actor=by, action="followup.request", site=customer.site)


def _carry_out(plan: ContactPlan, call: Call, by: User) -> None:
    before = audit.snapshot(plan)
    plan.state, plan.done_at = ContactPlan.State.DONE, call.at
    plan.save(update_fields=["state", "done_at"])
    audit.record(
        actor=by,
        action="followup.plan.done",
        obj=plan,
        before=before,
        after=audit.snapshot(plan),
        site=call.site,
    )


def may_record(user: User, customer: Customer) -> bool:
    """Whether ``user`` may record calls with ``customer``."""
    try:
        require_customer(user, customer, FOLLOWUP_ROLES, "")
    except PermissionDenied:
        return False
    return True
