"""The next contact with a customer (p16.b3): planned with the file, what to talk about and when — never
at a time the call hours keep free (p08.23) unless it is an emergency."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import User
from fuwu.core.services import audit
from fuwu.customers.models import Customer, Vehicle
from fuwu.customers.services.timeline import SUBJECT
from fuwu.followup.access import FOLLOWUP_ROLES
from fuwu.followup.models import ContactPlan
from fuwu.followup.services.common import CLOCK_SKEW, require_customer, text_problem
from fuwu.regulations.customers import call_allowed, next_call_time
from fuwu.regulations.models import Obligation

# When nothing in the file says when to call, the next contact is a week on, in the morning.
DEFAULT_AFTER = dt.timedelta(days=7)
MORNING = dt.time(10, 0)
# A service reminder is given a few days before the car's next service (p16.a2: 通知客户按期保养).
BEFORE_SERVICE = dt.timedelta(days=3)


def suggested_time(customer: Customer, now: dt.datetime | None = None) -> dt.datetime:
    """When to make the next contact, from the file: the opening of the follow-up call window owed now,
    else a few days before the car's next service, else a week on — moved to the first time the call
    hours allow."""
    now = now or timezone.now()
    window = (
        Obligation.objects.filter(
            subject_type=SUBJECT, subject_id=str(customer.pk), what="call", state=Obligation.State.OPEN
        )
        .order_by("due")
        .values_list("earliest", flat=True)
        .first()
    )
    if window is not None:
        wanted = window
    else:
        service = (
            Vehicle.objects.filter(customer=customer, next_service_on__isnull=False)
            .order_by("next_service_on")
            .values_list("next_service_on", flat=True)
            .first()
        )
        zone = timezone.get_current_timezone()
        if service is not None and dt.datetime.combine(service, MORNING, zone) - BEFORE_SERVICE > now:
            wanted = dt.datetime.combine(service, MORNING, zone) - BEFORE_SERVICE
        else:
            day = timezone.localtime(now + DEFAULT_AFTER).date()
            wanted = dt.datetime.combine(day, MORNING, zone)
    return next_call_time(customer.site, max(wanted, now))


def plan_problems(
    customer: Customer,
    *,
    by: User,
    needs: Maybe[str],
    content: Maybe[str],
    planned_at: Maybe[dt.datetime],
    emergency: Maybe[bool],
) -> list[FieldProblem]:
    """403 for someone who may not follow this customer up; then every bad field, a time the call hours
    keep free naming the first time they allow."""
    require_customer(by, customer, FOLLOWUP_ROLES, gettext("You may not plan contacts with this customer."))
    problems = text_problem(needs, "needs", longest=500)
    problems += text_problem(content, "content", longest=1000)
    if planned_at is UNKNOWN:
        return problems
    if planned_at < timezone.now() - CLOCK_SKEW:
        problems.append((("body", "planned_at"), gettext("A contact is planned for later than now.")))
    elif emergency is not True and not call_allowed(customer.site, planned_at):
        allowed = timezone.localtime(next_call_time(customer.site, planned_at))
        message = gettext(
            "The regulations keep this time free of calls unless it is an emergency; the first time they "
            "allow is %(time)s."
        ) % {"time": allowed.strftime("%Y-%m-%d %H:%M")}
        problems.append((("body", "planned_at"), message))
    return problems


def plan_contact(
    customer: Customer,
    *,
    by: User,
    needs: str,
    content: str,
    planned_at: dt.datetime,
    emergency: bool = False,
) -> ContactPlan:
    """Plan the next contact; a contact still planned for the customer is replaced by it (dropped)."""
    Invalid.unless_empty(
        plan_problems(
            customer, by=by, needs=needs, content=content, planned_at=planned_at, emergency=emergency
        )
    )
    with transaction.atomic():
        for earlier in ContactPlan.objects.select_for_update().filter(
            customer=customer, state=ContactPlan.State.PLANNED
        ):
            _drop(earlier, by)
        plan = ContactPlan.objects.create(
            site_id=customer.site_id,
            customer=customer,
            needs=needs.strip(),
            content=content.strip(),
            planned_at=planned_at,
            emergency=emergency,
            by=by,
        )
        audit.record_created(plan, actor=by, action="followup.plan", site=customer.site)
    return plan


def drop_plan(plan: ContactPlan, *, by: User) -> ContactPlan:
    """The planned contact is not made after all."""
    require_customer(
        by, plan.customer, FOLLOWUP_ROLES, gettext("You may not plan contacts with this customer.")
    )
    with transaction.atomic():
        plan = ContactPlan.objects.select_for_update(of=("self",)).select_related("site").get(pk=plan.pk)
        if plan.state != ContactPlan.State.PLANNED:
            raise Conflict(gettext("This contact is no longer planned."))
        return _drop(plan, by)


def _drop(plan: ContactPlan, by: User) -> ContactPlan:
    before = audit.snapshot(plan)
    plan.state = ContactPlan.State.DROPPED
    plan.save(update_fields=["state"])
    audit.record(
        actor=by,
        action="followup.plan.drop",
        obj=plan,
        before=before,
        after=audit.snapshot(plan),
        site=plan.site,
    )
    return plan
