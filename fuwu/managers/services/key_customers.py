"""Key customers and their care: a site's customers by revenue over a period, the core set the clause in
force picks (p05.core: 80 % of revenue), and each key customer's yearly care plan with what is done, by
whom and by when (p14.3.4.8). Each write in one transaction, audited; the care-plan tasks follow.

Revenue is what Fuwu stores as the customer's money: the products they bought (``Purchase.amount``, by
``purchased_on``) and the company's work for them (``ServiceRecord.amount``, by ``day``). Repair orders'
quotes are not counted: an order belongs to a household, not to a customer file.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import Conflict, FieldProblem, Invalid
from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.customers.models import Customer, Purchase, ServiceRecord
from fuwu.customers.services.timeline import responsible
from fuwu.managers import clauses
from fuwu.managers.models import CareItem, CarePlan, CoreReview, KeyCustomer
from fuwu.managers.selectors.scope import may_appraise
from fuwu.managers.services.cycle import follow_care, is_key
from fuwu.regulations.customers import core_customers

TEXT_LENGTH = 200


def revenue_of(site: Site, start: dt.date, end: dt.date) -> dict[int, Decimal]:
    """Each customer's revenue over [start, end] (both days): purchases and service records, by id."""
    found: dict[int, Decimal] = defaultdict(Decimal)
    bought = (
        Purchase.objects.filter(customer__site=site, purchased_on__gte=start, purchased_on__lte=end)
        .values("customer_id")
        .annotate(total=Sum("amount"))
        .values_list("customer_id", "total")
    )
    served = (
        ServiceRecord.objects.filter(customer__site=site, day__gte=start, day__lte=end)
        .values("customer_id")
        .annotate(total=Sum("amount"))
        .values_list("customer_id", "total")
    )
    for customer_id, total in [*bought, *served]:
        found[customer_id] += total or Decimal(0)
    return dict(found)


def review_problems(site: Site, *, start: dt.date, end: dt.date, year: int) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if end < start:
        problems.append((("body", "end"), gettext("The end cannot be before the start.")))
    elif end > clauses.local_today(site):
        problems.append((("body", "end"), gettext("The period cannot end in the future.")))
    if not 2000 <= year <= 2099:
        problems.append((("body", "year"), gettext("A year from 2000 to 2099.")))
    return problems


def review_core(*, site: Site, start: dt.date, end: dt.date, year: int, by: User) -> CoreReview:
    """Pick the site's key customers by their revenue over [start, end] as p05.core in force on ``end``
    says; they owe care plans for ``year`` (p14.3.4.8), and those a review of the year chose before but
    this one does not owe none any more."""
    if not may_appraise(by, site):
        raise PermissionDenied(gettext("Only a supervisor of the site or the general manager does this."))
    Invalid.unless_empty(review_problems(site, start=start, end=end, year=year))
    revenue = revenue_of(site, start, end)
    found = core_customers(site, end, {str(pk): amount for pk, amount in revenue.items()})
    if found is None:
        raise Conflict(gettext("No clause picks key customers at this site."))
    with transaction.atomic():
        earlier = set(
            KeyCustomer.objects.filter(review__site=site, review__year=year).values_list(
                "customer_id", flat=True
            )
        )
        review = CoreReview.objects.create(
            site=site,
            start=start,
            end=end,
            year=year,
            share=found.share,
            revenue=found.revenue,
            total=found.total,
            customers=sum(1 for amount in revenue.values() if amount > 0),
            clause=found.cited.clause,
            pack_version=found.cited.version,
            by=by,
        )
        audit.record_created(review, actor=by, action="managers.core.review", site=site)
        chosen = [int(pk) for pk in found.chosen]
        managers = dict(Customer.objects.filter(pk__in=chosen).values_list("pk", "manager_id"))
        rows = KeyCustomer.objects.bulk_create(
            KeyCustomer(
                review=review, customer_id=pk, revenue=revenue[pk], rank=rank, manager_id=managers.get(pk)
            )
            for rank, pk in enumerate(chosen, start=1)
        )
        audit.record_many(
            [
                audit.Entry(
                    action="managers.core.key",
                    obj=row,
                    before=None,
                    after=audit.snapshot(row),
                    actor=by,
                    site=site,
                )
                for row in rows
            ]
        )
        for customer in Customer.objects.filter(pk__in=set(chosen) | earlier).select_related(
            "site", "manager"
        ):
            follow_care(customer, year)
    return review


@dataclass(frozen=True)
class ItemIn:
    """One thing a care plan does: what, who does it (a user id), by when."""

    what: str
    who: int
    due_on: dt.date


def may_plan(user: User, customer: Customer) -> bool:
    """The customer's manager (or whoever stands in), or a supervisor of the site, plans their care."""
    if may_appraise(user, customer.site_id):
        return True
    current = Customer.objects.select_related("manager").get(pk=customer.pk)  # as stored now
    return user.is_active and responsible(current) == user


def _item_problems(customer: Customer, items: Sequence[ItemIn], year: int) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    people = set(
        User.objects.filter(is_active=True, sites=customer.site, pk__in=[i.who for i in items]).values_list(
            "pk", flat=True
        )
    )
    for index, item in enumerate(items):
        if not item.what.strip():
            problems.append((("body", "items", index, "what"), gettext("Say what is done.")))
        elif len(item.what.strip()) > TEXT_LENGTH:
            problems.append((("body", "items", index, "what"), gettext("At most 200 characters.")))
        if item.who not in people:
            problems.append(
                (("body", "items", index, "who"), gettext("Choose a person of the customer's site."))
            )
        if item.due_on.year != year:
            problems.append((("body", "items", index, "due_on"), gettext("A day of the plan's year.")))
    return problems


def make_care_plan(
    customer: Customer, *, year: int, needs: str, items: Sequence[ItemIn], by: User
) -> CarePlan:
    """The key customer's care plan of ``year`` (p14.3.4.8): their needs and what is done, by whom and
    when; its task is done."""
    if not may_plan(by, customer):
        raise PermissionDenied(gettext("Only the customer's manager or a supervisor of the site plans this."))
    problems = _item_problems(customer, items, year)
    if not needs.strip():
        problems.append((("body", "needs"), gettext("Write what the customer needs.")))
    if not items:
        problems.append((("body", "items"), gettext("Plan at least one thing to do.")))
    Invalid.unless_empty(problems)
    if not is_key(customer, year):
        raise Conflict(gettext("Only a key customer of the year gets a care plan."))
    found = clauses.cited(customer.site, clauses.CARE, dt.date(year, 1, 1))
    if found is None:
        raise Conflict(gettext("No clause asks for key customers' care plans at this site."))
    with transaction.atomic():
        if CarePlan.objects.filter(customer=customer, year=year).exists():
            raise Conflict(gettext("This customer's care plan of the year is made already."))
        plan = CarePlan.objects.create(
            customer=customer,
            year=year,
            needs=needs.strip(),
            clause=found.clause,
            pack_version=found.version,
            made_by=by,
        )
        audit.record_created(plan, actor=by, action="managers.care.plan", site=customer.site)
        for item in items:
            _add(plan, item, by)
        follow_care(customer, year)
    return plan


def _add(plan: CarePlan, item: ItemIn, by: User) -> CareItem:
    row = CareItem.objects.create(plan=plan, what=item.what.strip(), who_id=item.who, due_on=item.due_on)
    audit.record_created(row, actor=by, action="managers.care.item", site=plan.customer.site)
    return row


def add_care_item(plan: CarePlan, item: ItemIn, *, by: User) -> CareItem:
    """One more thing the plan does."""
    if not may_plan(by, plan.customer):
        raise PermissionDenied(gettext("Only the customer's manager or a supervisor of the site plans this."))
    Invalid.unless_empty(_item_problems(plan.customer, [item], plan.year))
    with transaction.atomic():
        return _add(plan, item, by)


def care_item_done(item: CareItem, *, by: User, note: str = "") -> CareItem:
    """The person it names (or whoever plans the customer's care) says it is done."""
    customer = item.plan.customer
    if by.pk != item.who_id and not may_plan(by, customer):
        raise PermissionDenied(gettext("Only the person named or the customer's manager marks this done."))
    with transaction.atomic():
        row = CareItem.objects.select_for_update().get(pk=item.pk)
        if row.done_at is not None:
            raise Conflict(gettext("This is done already."))
        before = audit.snapshot(row)
        row.done_at, row.done_by, row.note = timezone.now(), by, note.strip()[:300]
        row.save(update_fields=["done_at", "done_by", "note"])
        audit.record(
            actor=by,
            action="managers.care.done",
            obj=row,
            before=before,
            after=audit.snapshot(row),
            site=customer.site,
        )
    return row
