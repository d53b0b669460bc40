"""Calls and letters: GET and POST /followup/calls (the call record and register, p16.b7), GET and POST
/followup/letters (the letter register, p16.b8), POST /followup/plans (the next contact, p16.b3) — the same
services as the follow-up pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import Day, Moment, ObjectId
from fuwu.core.api.scoping import site_named
from fuwu.core.errors import UNKNOWN, Invalid
from fuwu.followup.api.common import CUSTOMER, FollowupViolationOut, customer_of, followup_user
from fuwu.followup.models import Call, CallRequest, ContactPlan, Letter
from fuwu.followup.selectors.scoped import calls_visible_to, letters_visible_to
from fuwu.followup.services import calls, letters, plans

router = Router(tags=["follow-up"])

Purpose = Literal[
    "first_follow_up",
    "second_follow_up",
    "planned_contact",
    "campaign_notice",
    "answer",
    "consultation",
    "complaint",
    "other",
]


class FollowupCallIn(Body):
    customer: ObjectId = Field(description=CUSTOMER)
    at: Moment = Field(description="When the call was made (通话时间); not in the future.")
    direction: Literal["out", "in"] = Field(
        description="out: we called (呼出); in: the customer called (呼入)."
    )
    purpose: Purpose = Field(
        description="事由. first_follow_up / second_follow_up are p16.b4's and p16.b5's calls (409 when the "
        "customer is not owed that call then); consultation and complaint are calls the customer made."
    )
    phone: str = Field("", max_length=30, description="The number; the customer's first number when empty.")
    emergency: bool = Field(False, description="An emergency may be called at any hour (p08.23).")
    points: str = Field("", max_length=1000, description="通话要点.")
    requests: str = Field(
        "", max_length=1000, description="客户要求或投诉: opens a request (GET /followup/requests)."
    )
    handling: str = Field("", max_length=1000, description="处理情况.")
    answered: bool = Field(False, description="The request was answered during the call.")
    complaint: bool = Field(
        False, description="The request is a complaint: received at the after-sales desk."
    )
    plan: ObjectId | None = Field(None, description="The planned contact this call carries out.")


class FollowupCallOut(Schema):
    id: int
    customer: int
    customer_name: str
    site: str = Field(description="The site's code.")
    at: dt.datetime
    phone: str
    direction: Literal["out", "in"]
    purpose: Purpose
    sequence: int | None = Field(description="1 or 2 for p16.b4's and p16.b5's calls.")
    emergency: bool
    points: str
    requests: str
    handling: str
    by: int = Field(description="经办回访员: a person's id.")
    violations: list[FollowupViolationOut] = Field(
        description="What the regulations found wrong with the call: out of the call hours (p08.23), "
        "outside its window (p16.b4, p16.b5)."
    )
    request: int | None = Field(description="The request it raised (GET /followup/requests/{id}).")
    campaign: int | None


class FollowupCallFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")
    customer: ObjectId | None = None
    direction: Literal["out", "in"] | None = None
    purpose: Purpose | None = None
    start: Day | None = Field(None, alias="from", description="First local day (YYYY-MM-DD).")
    end: Day | None = Field(None, alias="to", description="Last local day.")


def _day(day: dt.date, after: bool = False) -> dt.datetime:
    from django.utils import timezone

    return dt.datetime.combine(
        day + dt.timedelta(days=int(after)), dt.time(0), timezone.get_current_timezone()
    )


def call_out(call: Call, request_id: int | None) -> dict[str, Any]:
    return {
        "id": call.pk,
        "customer": call.customer_id,
        "customer_name": call.customer.name,
        "site": call.site.code,
        "at": call.at,
        "phone": call.phone,
        "direction": call.direction,
        "purpose": call.purpose,
        "sequence": call.sequence,
        "emergency": call.emergency,
        "points": call.points,
        "requests": call.requests,
        "handling": call.handling,
        "by": call.by_id,
        "violations": call.violations or [],
        "request": request_id,
        "campaign": call.campaign_id,
    }


def _requests_of(ids: list[int]) -> dict[int, int]:
    return dict(CallRequest.objects.filter(call_id__in=ids).values_list("call_id", "pk"))


@router.get(
    "/followup/calls", response=page_of(FollowupCallOut), summary="Calls: the call record and register"
)
def list_calls(
    request: HttpRequest, page: Query[PageParams], filters: Query[FollowupCallFilters]
) -> dict[str, Any]:
    """Newest first. A customer manager sees the calls of their customers (and of those they stand in
    for); the site's other people every call of their sites."""
    user = followup_user(request)
    rows = calls_visible_to(user).select_related("customer", "site")
    if filters.site is not None:
        rows = rows.filter(site_named(filters.site, via="site"))
    if filters.customer is not None:
        rows = rows.filter(customer_id=filters.customer)
    if filters.direction is not None:
        rows = rows.filter(direction=filters.direction)
    if filters.purpose is not None:
        rows = rows.filter(purpose=filters.purpose)
    if filters.start is not None:
        rows = rows.filter(at__gte=_day(filters.start))
    if filters.end is not None:
        rows = rows.filter(at__lt=_day(filters.end, after=True))
    result = paginate(request, rows, lambda row: row, order=("-at", "-id"), page=page)
    shown: list[Call] = result["results"]
    raised = _requests_of([call.pk for call in shown])
    result["results"] = [call_out(call, raised.get(call.pk)) for call in shown]
    return result


@router.post("/followup/calls", response={201: FollowupCallOut}, summary="Record a call")
def create_call(request: HttpRequest, body: FollowupCallIn) -> Status[dict[str, Any]]:
    """201 with the call and the violations the regulations found in it. The call is put on the customer's
    timeline where it counts: a follow-up call meets its window, a consultation owes a reply (p14.4.1), a
    complaint goes to the after-sales desk; a request not answered at once goes to the supervisor when still
    open two days later."""
    user = followup_user(request)
    customer, found = customer_of(user, body.given.customer)
    plan = None
    if customer is not None and body.given.plan not in (None, UNKNOWN):
        plan = ContactPlan.objects.filter(
            pk=body.given.plan, customer=customer, state=ContactPlan.State.PLANNED
        ).first()
        if plan is None:
            found.append((("body", "plan"), gettext("No contact planned for this customer with this id.")))
    if customer is None:
        body.check(found=found)
        raise Invalid(found)
    chosen = customer
    body.check(
        lambda given: calls.call_problems(
            chosen,
            by=user,
            at=given.at,
            direction=given.direction,
            purpose=given.purpose,
            points=given.points,
            requests=given.requests,
            handling=given.handling,
        ),
        found=found,
    )
    call = calls.record_call(
        chosen,
        by=user,
        at=body.at,
        direction=body.direction,
        purpose=body.purpose,
        phone=body.phone,
        emergency=body.emergency,
        points=body.points,
        requests=body.requests,
        handling=body.handling,
        answered=body.answered,
        complaint=body.complaint,
        plan=plan,
    )
    fresh = Call.objects.select_related("customer", "site").get(pk=call.pk)
    return Status(201, call_out(fresh, _requests_of([call.pk]).get(call.pk)))


class FollowupLetterIn(Body):
    customer: ObjectId = Field(description=CUSTOMER)
    sent_on: Day = Field(description="发出日期; not later than today.")
    category: Literal["notice", "invitation", "reply"] = Field(description="信函类别: 通知, 邀请函, 答复函.")
    summary: str = Field(max_length=300, description="内容摘要.")
    address: str = Field("", max_length=200, description="The customer's address when empty.")


class FollowupLetterOut(Schema):
    id: int
    customer: int
    customer_name: str
    site: str
    sent_on: dt.date
    address: str
    category: Literal["notice", "invitation", "reply"]
    summary: str
    by: int = Field(description="经办人: a person's id.")
    campaign: int | None


class FollowupLetterFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")
    customer: ObjectId | None = None
    start: Day | None = Field(None, alias="from")
    end: Day | None = Field(None, alias="to")


def letter_out(letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.pk,
        "customer": letter.customer_id,
        "customer_name": letter.customer.name,
        "site": letter.site.code,
        "sent_on": letter.sent_on,
        "address": letter.address,
        "category": letter.category,
        "summary": letter.summary,
        "by": letter.by_id,
        "campaign": letter.campaign_id,
    }


@router.get("/followup/letters", response=page_of(FollowupLetterOut), summary="The letter register")
def list_letters(
    request: HttpRequest, page: Query[PageParams], filters: Query[FollowupLetterFilters]
) -> dict[str, Any]:
    """Newest first, in the same scope as the calls."""
    user = followup_user(request)
    rows = letters_visible_to(user).select_related("customer", "site")
    if filters.site is not None:
        rows = rows.filter(site_named(filters.site, via="site"))
    if filters.customer is not None:
        rows = rows.filter(customer_id=filters.customer)
    if filters.start is not None:
        rows = rows.filter(sent_on__gte=filters.start)
    if filters.end is not None:
        rows = rows.filter(sent_on__lte=filters.end)
    return paginate(request, rows, letter_out, order=("-sent_on", "-id"), page=page)


@router.post("/followup/letters", response={201: FollowupLetterOut}, summary="Register a letter sent")
def create_letter(request: HttpRequest, body: FollowupLetterIn) -> Status[dict[str, Any]]:
    """A reply letter is the customer's reply on their timeline (meets p14.4.1)."""
    user = followup_user(request)
    customer, found = customer_of(user, body.given.customer)
    if customer is None:
        body.check(found=found)
        raise Invalid(found)
    chosen = customer
    body.check(
        lambda given: letters.letter_problems(
            chosen,
            by=user,
            sent_on=given.sent_on,
            category=given.category,
            summary=given.summary,
            address=given.address,
        )
    )
    letter = letters.record_letter(
        chosen,
        by=user,
        sent_on=body.sent_on,
        category=body.category,
        summary=body.summary,
        address=body.address,
    )
    return Status(201, letter_out(Letter.objects.select_related("customer", "site").get(pk=letter.pk)))


class FollowupPlanIn(Body):
    customer: ObjectId = Field(description=CUSTOMER)
    needs: str = Field(max_length=500, description="潜在需求.")
    content: str = Field(max_length=1000, description="通话内容.")
    planned_at: Moment = Field(
        description="通信时间: later than now, and within the call hours (p08.23) unless an emergency — 422 "
        "names the first time they allow."
    )
    emergency: bool = False


class FollowupPlanOut(Schema):
    id: int
    customer: int
    needs: str
    content: str
    planned_at: dt.datetime
    emergency: bool
    state: Literal["planned", "done", "dropped"]


@router.post("/followup/plans", response={201: FollowupPlanOut}, summary="Plan the next contact (p16.b3)")
def create_plan(request: HttpRequest, body: FollowupPlanIn) -> Status[dict[str, Any]]:
    """A contact still planned for the customer is dropped in its favour."""
    user = followup_user(request)
    customer, found = customer_of(user, body.given.customer)
    if customer is None:
        body.check(found=found)
        raise Invalid(found)
    chosen = customer
    body.check(
        lambda given: plans.plan_problems(
            chosen,
            by=user,
            needs=given.needs,
            content=given.content,
            planned_at=given.planned_at,
            emergency=given.emergency,
        )
    )
    plan = plans.plan_contact(
        chosen,
        by=user,
        needs=body.needs,
        content=body.content,
        planned_at=body.planned_at,
        emergency=body.emergency,
    )
    return Status(
        201,
        {
            "id": plan.pk,
            "customer": plan.customer_id,
            "needs": plan.needs,
            "content": plan.content,
            "planned_at": plan.planned_at,
            "emergency": plan.emergency,
            "state": plan.state,
        },
    )
