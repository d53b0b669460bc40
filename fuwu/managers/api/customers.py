"""Customers and their managers: assigning a manager to one customer or many (p05.assign) and the history
of assignments, the key customers of a site by revenue (p05.core), and key customers' care plans with
their tasks (p14.3.4.8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import Day, Detail, ObjectId
from fuwu.core.api.scoping import site_or_problems, visible_site
from fuwu.core.errors import FieldProblem
from fuwu.customers.models import Customer, ManagerAssignment
from fuwu.managers.models import CareItem, CarePlan, CoreReview, KeyCustomer, Manager
from fuwu.managers.selectors.lists import latest_reviews
from fuwu.managers.selectors.scope import appraisal_sites, customers_visible_to
from fuwu.managers.services import key_customers as services
from fuwu.managers.services.assignments import MOST, assign_customers
from fuwu.managers.services.cycle import CARE_SUBJECT
from fuwu.regulations.selectors import obligations_of

router = Router(tags=["customer managers"])
PERSON = "The person's id, as in GET /staff."


class AssignmentOut(Schema):
    id: int
    customer: int
    manager: int = Field(description=PERSON + " The customer manager.")
    starts_at: dt.datetime
    ends_at: dt.datetime | None = Field(description="null while it lasts.")
    reason: str
    by: int | None


def _assignment_out(row: ManagerAssignment) -> dict[str, Any]:
    return {
        "id": row.pk,
        "customer": row.customer_id,
        "manager": row.manager_id,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "reason": row.reason,
        "by": row.by_id,
    }


class AssignmentFilters(Schema):
    customer: ObjectId | None = Field(None, description="One customer's managers over time.")
    manager: ObjectId | None = Field(None, description=PERSON + " One manager's customers over time.")


@router.get("/assignments", response=page_of(AssignmentOut), summary="Who managed which customer when")
def list_assignments(
    request: HttpRequest, page: Query[PageParams], filters: Query[AssignmentFilters]
) -> dict[str, Any]:
    """Newest first, of the customers the caller sees (a customer manager: their own, and an absent
    colleague's while standing in)."""
    user = current_user(request)
    rows = ManagerAssignment.objects.filter(customer__in=customers_visible_to(user))
    if filters.customer is not None:
        rows = rows.filter(customer_id=filters.customer)
    if filters.manager is not None:
        rows = rows.filter(manager_id=filters.manager)
    return paginate(request, rows, _assignment_out, order=("-id",), page=page)


class AssignIn(Body):
    manager: ObjectId = Field(description="The manager's id, as in GET /managers.")
    customers: list[ObjectId] = Field(
        min_length=1, max_length=MOST, description="Customers of the manager's site."
    )
    reason: str = Field("", max_length=200)


@router.post("/assignments", response={201: list[AssignmentOut]}, summary="Give customers a manager")
def assign(request: HttpRequest, body: AssignIn) -> Status[list[dict[str, Any]]]:
    """201 with the new assignments (a customer who had this manager already keeps theirs): each
    customer's last assignment ends, the history stays, and their open tasks move to the manager. 403
    for roles other than the site's supervisors and the general manager."""
    user = current_user(request)
    found: list[FieldProblem] = []
    manager = None
    if isinstance(body.given.manager, int):
        manager = (
            Manager.objects.filter(site__in=appraisal_sites(user), pk=body.given.manager)
            .select_related("site", "user")
            .first()
        )
        if manager is None:
            found.append((("body", "manager"), gettext("No customer manager with this id among yours.")))
    customers: list[Customer] = []
    if isinstance(body.given.customers, list):
        known = {
            c.pk: c
            for c in customers_visible_to(user).filter(pk__in=body.given.customers).select_related("site")
        }
        for index, pk in enumerate(body.given.customers):
            if pk in known:
                customers.append(known[pk])
            else:
                found.append((("body", "customers", index), gettext("No customer with this id among yours.")))
    body.check(found=found)
    assert manager is not None
    assign_customers(manager=manager, customers=customers, by=user, reason=body.reason)
    rows = ManagerAssignment.objects.filter(
        customer__in=[c.pk for c in customers], manager=manager.user, ends_at__isnull=True
    ).order_by("customer_id")
    return Status(201, [_assignment_out(row) for row in rows])


class TaskOut(Schema):
    due: dt.datetime
    state: Literal["open", "met", "breached", "void"]
    clause: str
    pack_version: int
    because: str


class KeyCustomerOut(Schema):
    customer: int
    name: str
    rank: int = Field(description="1 for the largest revenue.")
    revenue: Decimal = Field(description="元 over the review's period.")
    manager: int | None = Field(description=PERSON + " Who looks after them now.")
    care_plan: int | None = Field(description="Their care plan of the review's year, once made.")
    task: TaskOut | None = Field(description="The p14.3.4.8 care-plan task while the plan is not made.")


class CoreReviewOut(Schema):
    id: int
    site: str
    start: dt.date
    end: dt.date
    year: int = Field(description="The year of the chosen customers' care plans.")
    share: Decimal = Field(description="The clause's share of revenue (p05.core: 0.80).")
    revenue: Decimal = Field(description="元 the key customers brought.")
    total: Decimal = Field(description="元 every customer brought.")
    customers: int = Field(description="Customers with revenue in the period.")
    clause: str
    pack_version: int
    at: dt.datetime
    key_customers: list[KeyCustomerOut] = Field(description="Those the caller sees, by rank.")


def _review_out(review: CoreReview, user: Any) -> dict[str, Any]:
    rows = list(
        KeyCustomer.objects.filter(review=review, customer__in=customers_visible_to(user))
        .select_related("customer")
        .order_by("rank")
    )
    plans = dict(
        CarePlan.objects.filter(customer_id__in=[r.customer_id for r in rows], year=review.year).values_list(
            "customer_id", "pk"
        )
    )
    tasks = obligations_of(CARE_SUBJECT, [f"{r.customer_id}:{review.year}" for r in rows])
    keys = []
    for row in rows:
        task = tasks.get(f"{row.customer_id}:{review.year}", [])
        keys.append(
            {
                "customer": row.customer_id,
                "name": row.customer.name,
                "rank": row.rank,
                "revenue": row.revenue,
                "manager": row.customer.manager_id,
                "care_plan": plans.get(row.customer_id),
                "task": None
                if not task
                else {
                    "due": task[0].due,
                    "state": task[0].state,
                    "clause": task[0].clause,
                    "pack_version": task[0].pack_version,
                    "because": task[0].because,
                },
            }
        )
    return {
        "id": review.pk,
        "site": review.site.code,
        "start": review.start,
        "end": review.end,
        "year": review.year,
        "share": review.share,
        "revenue": review.revenue,
        "total": review.total,
        "customers": review.customers,
        "clause": review.clause,
        "pack_version": review.pack_version,
        "at": review.at,
        "key_customers": keys,
    }


class KeyFilters(Schema):
    site: str = Field(description="Site code or id.")


# 404 documented: no path id says so, but a site may have no review yet.
@router.get(
    "/key-customers", response={200: CoreReviewOut, 404: Detail}, summary="A site's key customers (p05.core)"
)
def key_customers(request: HttpRequest, filters: Query[KeyFilters]) -> dict[str, Any]:
    """The site's latest review with the key customers the caller sees (a customer manager: their own).
    404 when the site has none yet; 422 for a site the caller does not see."""
    user = current_user(request)
    site = visible_site(user, filters.site)
    review = latest_reviews([site]).get(site.pk)
    if review is None:
        raise CoreReview.DoesNotExist
    return _review_out(review, user)


class ReviewIn(Body):
    site: str = Field(max_length=40, description="Site code or id.")
    start: Day = Field(description="The period's first day.")
    end: Day = Field(description="The period's last day; not in the future.")
    year: int = Field(ge=2000, le=2099, description="The year whose care plans the chosen customers get.")


@router.post(
    "/key-customers/reviews", response={201: CoreReviewOut}, summary="Pick the key customers by revenue"
)
def review(request: HttpRequest, body: ReviewIn) -> Status[dict[str, Any]]:
    """201: the smallest set of the site's customers bringing the clause's share of revenue over the
    period (purchases and service records), each owing a care plan of `year` (its task assigned to their
    manager). 403 for roles that do not appraise; 409 where no clause picks key customers."""
    user = current_user(request)
    site, found = site_or_problems(user, body.given.site, loc=("body", "site"))
    given = body.given
    if (
        site is not None
        and isinstance(given.start, dt.date)
        and isinstance(given.end, dt.date)
        and isinstance(given.year, int)
    ):
        found.extend(services.review_problems(site, start=given.start, end=given.end, year=given.year))
    body.check(found=found)
    assert site is not None
    row = services.review_core(site=site, start=body.start, end=body.end, year=body.year, by=user)
    return Status(201, _review_out(CoreReview.objects.select_related("site").get(pk=row.pk), user))


class CareItemOut(Schema):
    id: int
    what: str
    who: int = Field(description=PERSON)
    due_on: dt.date
    done_at: dt.datetime | None
    done_by: int | None
    note: str


class CarePlanOut(Schema):
    id: int
    customer: int
    year: int
    needs: str
    clause: str
    pack_version: int
    made_by: int
    made_at: dt.datetime
    items: list[CareItemOut]


def _plan_out(plan: CarePlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "customer": plan.customer_id,
        "year": plan.year,
        "needs": plan.needs,
        "clause": plan.clause,
        "pack_version": plan.pack_version,
        "made_by": plan.made_by_id,
        "made_at": plan.made_at,
        "items": [
            {
                "id": item.pk,
                "what": item.what,
                "who": item.who_id,
                "due_on": item.due_on,
                "done_at": item.done_at,
                "done_by": item.done_by_id,
                "note": item.note,
            }
            for item in sorted(plan.items.all(), key=lambda i: (i.due_on, i.pk))
        ],
    }


class PlanFilters(Schema):
    customer: ObjectId | None = None
    year: int | None = Field(None, ge=2000, le=2099)


@router.get("/care-plans", response=page_of(CarePlanOut), summary="Key customers' care plans (p14.3.4.8)")
def list_care_plans(
    request: HttpRequest, page: Query[PageParams], filters: Query[PlanFilters]
) -> dict[str, Any]:
    """Newest first, of the customers the caller sees."""
    user = current_user(request)
    rows = CarePlan.objects.filter(customer__in=customers_visible_to(user)).prefetch_related("items")
    if filters.customer is not None:
        rows = rows.filter(customer_id=filters.customer)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    return paginate(request, rows, _plan_out, order=("-id",), page=page)


class ItemIn(Schema):
    what: str = Field(min_length=1, max_length=200)
    who: ObjectId = Field(description=PERSON + " A person of the customer's site.")
    due_on: Day = Field(description="A day of the plan's year.")


class CarePlanIn(Body):
    customer: ObjectId
    year: int = Field(ge=2000, le=2099)
    needs: str = Field(min_length=1, max_length=5000, description="What the customer needs, as learnt.")
    items: list[ItemIn] = Field(min_length=1, max_length=50)


@router.post("/care-plans", response={201: CarePlanOut}, summary="Make a key customer's care plan")
def make_care_plan(request: HttpRequest, body: CarePlanIn) -> Status[dict[str, Any]]:
    """201; the plan's task is done. The customer's manager (or whoever stands in) or a supervisor of the
    site (else 403); 409 for a customer not key in the year or a plan made already."""
    user = current_user(request)
    found: list[FieldProblem] = []
    customer = None
    if isinstance(body.given.customer, int):
        customer = (
            customers_visible_to(user)
            .select_related("site", "manager")
            .filter(pk=body.given.customer)
            .first()
        )
        if customer is None:
            found.append((("body", "customer"), gettext("No customer with this id among yours.")))
    body.check(found=found)
    assert customer is not None
    items = [services.ItemIn(i.what, i.who, i.due_on) for i in body.items]
    plan = services.make_care_plan(customer, year=body.year, needs=body.needs, items=items, by=user)
    return Status(201, _plan_out(CarePlan.objects.prefetch_related("items").get(pk=plan.pk)))


class DoneIn(Body):
    note: str = Field("", max_length=300)


@router.post("/care-items/{int:item_id}/done", response=CarePlanOut, summary="Mark a care item done")
def care_item_done(request: HttpRequest, item_id: int, body: DoneIn) -> dict[str, Any]:
    """The person it names, the customer's manager or a supervisor of the site; 409 the second time."""
    user = current_user(request)
    item = (
        CareItem.objects.filter(plan__customer__in=customers_visible_to(user))
        .select_related("plan__customer__site")
        .get(pk=item_id)
    )
    body.check()
    services.care_item_done(item, by=user, note=body.note)
    return _plan_out(CarePlan.objects.prefetch_related("items").get(pk=item.plan_id))
