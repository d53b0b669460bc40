"""Requests raised in calls (p16.b4's note): GET /followup/requests and one, and their steps — reported to
the supervisor, the solution found, the customer told — the same services as the requests page."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import Moment, ObjectId
from fuwu.core.api.scoping import site_named
from fuwu.core.models import User
from fuwu.followup.api.common import followup_user
from fuwu.followup.models import CallRequest
from fuwu.followup.selectors.scoped import requests_visible_to
from fuwu.followup.services import requests as services

router = Router(tags=["follow-up"])
State = Literal["answered", "studying", "escalated", "solved", "told"]


class FollowupRequestOut(Schema):
    id: int
    customer: int
    customer_name: str
    site: str
    call: int = Field(description="The call it was raised in (GET /followup/calls).")
    kind: Literal["request", "complaint"]
    text: str
    state: State = Field(
        description="answered (at once, in the call), studying, escalated (reported to the supervisor: by "
        "hand, or two days after it was raised), solved (the customer is owed it the same day), told."
    )
    raised_at: dt.datetime
    escalate_at: dt.datetime = Field(description="When it goes to the supervisor unless solved first.")
    escalated_at: dt.datetime | None
    escalated_by: int | None = Field(description="Null when the two days passed (the system reported it).")
    due: dt.datetime | None = Field(description="What is owed next is due by then; null once closed.")
    study_note: str
    solution: str
    solved_at: dt.datetime | None
    told_at: dt.datetime | None
    told_same_day: Literal["met", "late", "due", "overdue"] | None = Field(
        description="Whether the customer was told the day the solution was found; null before a solution."
    )
    complaint: int | None = Field(description="The after-sales complaint it became, if any.")


class FollowupRequestFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")
    customer: ObjectId | None = None
    state: State | None = None


def _rows(user: User) -> QuerySet[CallRequest]:
    return requests_visible_to(user).select_related("customer", "site")


def _out(row: CallRequest) -> dict[str, Any]:
    return {
        "id": row.pk,
        "customer": row.customer_id,
        "customer_name": row.customer.name,
        "site": row.site.code,
        "call": row.call_id,
        "kind": row.kind,
        "text": row.text,
        "state": row.state,
        "raised_at": row.raised_at,
        "escalate_at": row.escalate_at,
        "escalated_at": row.escalated_at,
        "escalated_by": row.escalated_by_id,
        "due": row.due if row.state in CallRequest.OPEN_STATES else None,
        "study_note": row.study_note,
        "solution": row.solution,
        "solved_at": row.solved_at,
        "told_at": row.told_at,
        "told_same_day": services.telling(row) or None,
        "complaint": row.complaint_id,
    }


@router.get("/followup/requests", response=page_of(FollowupRequestOut), summary="Requests raised in calls")
def list_requests(
    request: HttpRequest, page: Query[PageParams], filters: Query[FollowupRequestFilters]
) -> dict[str, Any]:
    """Newest first, of the customers the caller sees."""
    rows = _rows(followup_user(request))
    if filters.site is not None:
        rows = rows.filter(site_named(filters.site, via="site"))
    if filters.customer is not None:
        rows = rows.filter(customer_id=filters.customer)
    if filters.state is not None:
        rows = rows.filter(state=filters.state)
    return paginate(request, rows, _out, order=("-raised_at", "-id"), page=page)


@router.get("/followup/requests/{int:request_id}", response=FollowupRequestOut, summary="One request")
def get_request(request: HttpRequest, request_id: int) -> dict[str, Any]:
    return _out(_rows(followup_user(request)).get(pk=request_id))


class FollowupEmptyIn(Body):
    pass


class FollowupSolveIn(Body):
    solution: str = Field(max_length=1000)


class FollowupTellIn(Body):
    via: Literal["call", "letter"] = Field(
        "call", description="call: an outgoing call in the call registers; letter: a reply letter."
    )
    at: Moment | None = Field(None, description="When the customer was told; now when omitted.")
    note: str = Field("", max_length=300, description="What was said; the solution when empty.")


@router.post(
    "/followup/requests/{int:request_id}/escalate",
    response=FollowupRequestOut,
    summary="Report to the supervisor",
)
def escalate_request(request: HttpRequest, request_id: int, body: FollowupEmptyIn) -> dict[str, Any]:
    """Before the two days are up; the site's supervisors are told. 409 unless it is being studied."""
    user = followup_user(request)
    row = _rows(user).get(pk=request_id)
    services.escalate(row, by=user)
    return _out(_rows(user).get(pk=row.pk))


@router.post(
    "/followup/requests/{int:request_id}/solve", response=FollowupRequestOut, summary="The solution is found"
)
def solve_request(request: HttpRequest, request_id: int, body: FollowupSolveIn) -> dict[str, Any]:
    """The customer is owed it the same day (`due`). 409 once solved."""
    user = followup_user(request)
    row = _rows(user).get(pk=request_id)
    body.check(lambda given: services.solve_problems(row, by=user, solution=given.solution))
    services.solve(row, by=user, solution=body.solution)
    return _out(_rows(user).get(pk=row.pk))


@router.post(
    "/followup/requests/{int:request_id}/tell", response=FollowupRequestOut, summary="The customer is told"
)
def tell_request(request: HttpRequest, request_id: int, body: FollowupTellIn) -> dict[str, Any]:
    """Recorded as a call or a reply letter; `told_same_day` says whether it was the day of the solution.
    409 before a solution."""
    user = followup_user(request)
    row = _rows(user).get(pk=request_id)
    body.check(
        lambda given: services.tell_problems(
            row, by=user, via=given.via, at=given.at or timezone.now(), note=given.note
        )
    )
    services.tell(row, by=user, via=body.via, at=body.at, note=body.note)
    return _out(_rows(user).get(pk=row.pk))
