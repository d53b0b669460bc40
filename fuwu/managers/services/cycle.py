"""The tasks the regulations set for customer managers' work, stored through the door like every app's:
p05.cycle's yearly appraisal plan, monthly regular appraisal and yearly revision (the site's department
head's), and p14.3.4.8's yearly care plan of each key customer (their manager's, or the colleague standing
in, p16.4).

The engine says when each task falls (a ``period`` over the year, its duties kept); this app says which are
done — the plan made or revised, every manager of the site appraised for the month, the customer's plan
made — and a done task is no longer asked of anyone: the door voids it, and the page shows it done from
the row that did it. (The door stores tasks open; the engine has no fact that meets a duty.)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.customers.models import Customer
from fuwu.customers.services.timeline import responsible
from fuwu.managers.models import Appraisal, AppraisalPlan, CarePlan, KeyCustomer, Manager
from fuwu.regulations.policies import in_force
from fuwu.regulations.services import Decision, Evaluation, reconcile

CYCLE_SUBJECT = "appraisal_cycle"  # a site's year: f"{site id}:{year}"
CARE_SUBJECT = "care_plan"  # a key customer's year: f"{customer id}:{year}"
PLAN, REGULAR, REVISION = "appraisal_plan", "regular_appraisal", "appraisal_plan_revision"
CYCLE_TASKS = frozenset({PLAN, REGULAR, REVISION})
CARE_TASK = "key_customer_care_plan"


def _period(site: Site, first: dt.date, end: dt.date, ref: str) -> dict[str, Any]:
    zone = in_force(site).zone
    return {
        "type": "period",
        "start": dt.datetime.combine(first, dt.time(), zone).isoformat(),
        "end": dt.datetime.combine(end, dt.time(), zone).isoformat(),
        "ref": ref,
    }


def department_head(site: Site) -> User | None:
    """Whom a site's appraisal tasks are assigned to: its first active 部门主管."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR.group_name, sites=site)
        .order_by("pk")
        .first()
    )


def appraised_months(site: Site, year: int) -> set[int]:
    """The months of ``year`` in which every manager of the site appointed by the month's end has a
    regular appraisal (a month with no manager yet asks nobody's)."""
    zone = in_force(site).zone
    appointed = list(Manager.objects.filter(site=site).values_list("pk", "appointed_at"))
    done: dict[int, set[int]] = {}
    for manager_id, month in Appraisal.objects.filter(
        manager__site=site, kind=Appraisal.Kind.REGULAR, month__year=year
    ).values_list("manager_id", "month"):
        done.setdefault(month.month, set()).add(manager_id)
    months: set[int] = set()
    for number in range(1, 13):
        end = dt.date(year + 1, 1, 1) if number == 12 else dt.date(year, number + 1, 1)
        due = {pk for pk, at in appointed if at.astimezone(zone).date() < end}
        if due <= done.get(number, set()):
            months.add(number)
    return months


def follow_cycle(site: Site, year: int) -> Evaluation:
    """Store ``year``'s p05.cycle tasks of ``site`` as the engine schedules them, those done void.
    Inside the caller's transaction; ``CalendarMissing`` when the year's holidays are not entered."""
    plan = AppraisalPlan.objects.filter(site=site, year=year).first()
    months = appraised_months(site, year)
    zone = in_force(site).zone

    def open_task(decision: Decision) -> bool:
        if decision.kind != "task" or decision.what not in CYCLE_TASKS:
            return False
        if decision.what == PLAN:
            return plan is None
        if decision.what == REVISION:
            return plan is None or plan.revised_at is None
        assert decision.due is not None
        return decision.due.astimezone(zone).month not in months

    subject = f"{site.pk}:{year}"
    return reconcile(
        site,
        CYCLE_SUBJECT,
        subject,
        [_period(site, dt.date(year, 1, 1), dt.date(year + 1, 1, 1), f"{CYCLE_SUBJECT}:{subject}")],
        assignee=department_head(site),
        link=reverse("managers:cycle", args=[site.code, year]),
        keep=open_task,
    )


def is_key(customer: Customer, year: int) -> bool:
    """Whether the site's latest review for ``year`` chose the customer."""
    latest = (
        KeyCustomer.objects.filter(review__site_id=customer.site_id, review__year=year)
        .order_by("-review__at", "-review_id")
        .values_list("review_id", flat=True)
        .first()
    )
    return latest is not None and KeyCustomer.objects.filter(review_id=latest, customer=customer).exists()


def follow_care(customer: Customer, year: int) -> Evaluation:
    """Store the customer's p14.3.4.8 care-plan task of ``year`` while they are key and their plan is
    not made (else it is void), assigned to whoever looks after them now. Inside the caller's
    transaction."""
    wanted = is_key(customer, year) and not CarePlan.objects.filter(customer=customer, year=year).exists()
    subject = f"{customer.pk}:{year}"
    return reconcile(
        customer.site,
        CARE_SUBJECT,
        subject,
        [_period(customer.site, dt.date(year, 1, 1), dt.date(year, 1, 2), f"{CARE_SUBJECT}:{subject}")],
        assignee=responsible(customer),
        link=reverse("managers:care_plan", args=[customer.pk, year]),
        keep=lambda decision: wanted and decision.kind == "task" and decision.what == CARE_TASK,
    )


def follow_care_of(manager: User, site: Site) -> int:
    """Store again this year's care-plan tasks of ``manager``'s key customers at ``site``, for whoever
    looks after them now: a stand-in takes them while the manager is away and gives them back (p16.4).
    Inside the caller's transaction; returns how many customers were followed."""
    year = timezone.localtime(timezone.now(), in_force(site).zone).year
    latest = (
        KeyCustomer.objects.filter(review__site=site, review__year=year)
        .order_by("-review__at", "-review_id")
        .values_list("review_id", flat=True)
        .first()
    )
    if latest is None:
        return 0
    chosen = KeyCustomer.objects.filter(review_id=latest).values("customer_id")
    customers = Customer.objects.filter(site=site, manager=manager, pk__in=chosen).select_related("site")
    followed = 0
    for customer in customers:
        follow_care(customer, year)
        followed += 1
    return followed
