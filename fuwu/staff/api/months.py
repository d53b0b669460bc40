"""The monthly close, its payroll export and HR's review queue, calling the same services as the pages.

POST /months/{site}/{YYYY-MM}/close and GET /months/{site}/{YYYY-MM}/payroll.xlsx follow the contract;
GET /reviews and POST /reviews/{id}/decide are Fuwu's own (documented in the schema's descriptions).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Path as PathParam
from ninja import Query, Router, Schema
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.scoping import site_named, visible_site
from fuwu.core.errors import Conflict
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.reports.exports import XLSX
from fuwu.staff.exports import payroll_response
from fuwu.staff.models import MonthClose, Review
from fuwu.staff.months import month_named
from fuwu.staff.services.close import close_month, month_label
from fuwu.staff.services.reviews import decide_review, reviews_visible_to

router = Router(tags=["staff, attendance and ledger"])
_DETAIL = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}}}
MONTH = "YYYY-MM, e.g. 2026-03"
# The path's site (its code or id) and month, shaped as the schema says so that a client learns it there.
SiteRef = Annotated[str, PathParam(description="The site's code or id.", pattern=r"^[-A-Za-z0-9_]{1,40}$")]
MonthRef = Annotated[str, PathParam(description=MONTH, pattern=r"^[0-9]{4}-[0-9]{2}$")]


class Totals(Schema):
    wage: Decimal = Field(description="元: the monthly wages.")
    bonus: Decimal = Field(description="元: full-attendance bonuses (p01.3); a forfeit is a deduction.")
    rewards: Decimal
    fines: Decimal
    deductions: Decimal
    compensation: Decimal = Field(description="元: damage compensation, at most 20 % of a wage a month.")
    floor_relief: Decimal = Field(
        description="元: what was not taken because the pay would have gone below the minimum wage."
    )
    net: Decimal = Field(
        description="元: the pay, wage + bonus + rewards − fines − deductions − compensation + floor_relief."
    )


class ClosedMonthOut(Schema):
    site: str = Field(description="The site's code.")
    month: str = Field(description=MONTH)
    state: Literal["closed"]
    employees: int = Field(description="People with a payroll line.")
    totals: Totals
    needs_review: int = Field(description="Reviews still open for HR among the month's people.")
    closed_by: int | None
    closed_at: dt.datetime


class Empty(Body):
    pass


class ReviewOut(Schema):
    id: int
    employee: int = Field(description="The person's id, as in GET /staff.")
    site: str = Field(description="The site's code.")
    month: str = Field(description=MONTH)
    kind: Literal["status", "needs_review", "floor"] = Field(
        description="status: a proposed status (auto_resignation p01.3.3, dismissal_proposal p04.8, removal "
        "p04.9 …); needs_review: a clause would withhold wages, never deducted; floor: what the minimum-wage "
        "floor kept back at the close."
    )
    status: str | None = Field(description="The proposed status, for kind status.")
    clause: str = Field(description="The clause; minimum_wage for kind floor.")
    pack_version: int | None
    because: str
    state: Literal["open", "confirmed", "dismissed", "void"] = Field(
        description="void: the decision disappeared (the facts changed) before HR decided."
    )
    decided_by: int | None
    decided_at: dt.datetime | None
    note: str


class ReviewFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")
    state: Literal["open", "confirmed", "dismissed", "void"] | None = None
    month: str | None = Field(None, description=MONTH, pattern=r"^\d{4}-\d{2}$")


class DecideIn(Body):
    confirm: bool = Field(description="true confirms the review, false dismisses it.")
    note: str = Field("", max_length=500, description="What HR decided, and why.")


def _payroll_user(request: HttpRequest) -> User:
    user = current_user(request)
    if not (user.is_superuser or user.has_role(Role.HR_FINANCE, Role.GENERAL_MANAGER)):
        raise PermissionDenied(gettext("Only HR or the general manager may do this."))
    return user


def _site_and_month(user: User, site: str, month: str) -> tuple[Site, dt.date]:
    found = sites_visible_to(user).filter(site_named(site)).first()
    if found is None:
        raise Http404
    return found, month_named(month, loc=("path", "month"))


def _closed(close: MonthClose) -> ClosedMonthOut:
    totals: dict[str, Any] = close.totals
    return ClosedMonthOut(
        site=close.site.code,
        month=month_label(close.month),
        state="closed",
        employees=close.employees,
        totals=Totals(**{name: Decimal(value) for name, value in totals.items()}),
        needs_review=close.needs_review,
        closed_by=close.closed_by_id,
        closed_at=close.closed_at,
    )


@router.post("/months/{site}/{month}/close", response=ClosedMonthOut, summary="Close a site's payroll month")
def close(request: HttpRequest, site: SiteRef, month: MonthRef, body: Empty) -> ClosedMonthOut:
    """HR of the site or the general manager close an ended month (`month` YYYY-MM, `site` code or id):
    every person's month judged again by the regulations, one payroll line each with the legal guardrail
    (compensation ≤ 20 % of the wage, carried forward; the pay never below the site's minimum wage;
    clauses that withhold all wages left to HR's review), and the month locked — a later correction counts
    in the next open month. Synchronous: answers 200 once closed (a large site takes up to a minute).
    409: closed already (of two closes at once exactly one succeeds), not ended yet, or the month before
    still open with entries."""
    user = _payroll_user(request)
    chosen, first = _site_and_month(user, site, month)
    body.check()
    return _closed(close_month(chosen, first, by=user))


@router.get(
    "/months/{site}/{month}/payroll.xlsx",
    response={200: None},
    summary="The payroll export of a closed month",
    openapi_extra={
        "responses": {
            200: {
                "description": "The workbook: sheet 工资表 one row per person and a totals row (合计); sheet "
                "明细 every ledger entry counted in the month.",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            },
            "409": {
                "description": "The month is still open: its payroll is made when it is closed.",
                **_DETAIL,
            },
        }
    },
)
def payroll(request: HttpRequest, site: SiteRef, month: MonthRef) -> HttpResponseBase:
    """HR of the site or the general manager; numbers are numbers with two places."""
    user = _payroll_user(request)
    chosen, first = _site_and_month(user, site, month)
    found = MonthClose.objects.filter(site=chosen, month=first).select_related("site").first()
    if found is None:
        raise Conflict(
            gettext("%(month)s is still open: its payroll is made when the month is closed.")
            % {"month": month_label(first)}
        )
    return payroll_response(found)


def _review(review: Review) -> ReviewOut:
    return ReviewOut(
        id=review.pk,
        employee=review.employee.user_id,
        site=review.site.code,
        month=month_label(review.month),
        kind=review.kind,  # type: ignore[arg-type]  # status, needs_review or floor
        status=review.status or None,
        clause=review.clause,
        pack_version=review.pack_version,
        because=review.because,
        state=review.state,  # type: ignore[arg-type]  # one of Review.State's values
        decided_by=review.decided_by_id,
        decided_at=review.decided_at,
        note=review.note,
    )


@router.get("/reviews", response=page_of(ReviewOut), summary="HR's review queue")
def list_reviews(
    request: HttpRequest, page: Query[PageParams], filters: Query[ReviewFilters]
) -> dict[str, object]:
    """Status proposals, withheld wages and minimum-wage floors of the user's sites (HR, the general
    manager), newest first. Deciding one (POST /reviews/{id}/decide) records HR's decision and nothing else:
    Fuwu does nothing to the person and deducts nothing."""
    user = _payroll_user(request)
    rows = reviews_visible_to(user).select_related("employee", "site")
    if filters.site is not None:
        rows = rows.filter(site=visible_site(user, filters.site))
    if filters.state is not None:
        rows = rows.filter(state=filters.state)
    if filters.month is not None:
        rows = rows.filter(month=month_named(filters.month, loc=("query", "month")))
    return paginate(request, rows, _review, order=("-id",), page=page)


@router.post("/reviews/{int:review_id}/decide", response=ReviewOut, summary="Confirm or dismiss a review")
def decide(request: HttpRequest, review_id: int, body: DecideIn) -> ReviewOut:
    """HR of the review's site or the general manager; 409 once decided (or void). Nothing is done to the
    person: a confirmed status is a record HR acts on outside the system."""
    user = _payroll_user(request)
    review = get_object_or_404(reviews_visible_to(user), pk=review_id)
    body.check()
    decided = decide_review(review, confirm=body.confirm, note=body.note, by=user)
    found = Review.objects.select_related("employee", "site").get(pk=decided.pk)
    return _review(found)
