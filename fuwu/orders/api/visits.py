"""Return visits, the rectification loop and sampling (contract §return visits)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.formats import local_iso
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import Day, Detail, Moment, ObjectId
from fuwu.core.api.scoping import site_or_problems, visible_site
from fuwu.core.errors import UNKNOWN, Conflict
from fuwu.core.models import User
from fuwu.orders.api.schemas import VisitOut, visit_out
from fuwu.orders.models import Rectification, ReturnVisit
from fuwu.orders.selectors import VISIT_AGENTS, orders_visible_to, visits_visible_to
from fuwu.orders.services import visits as services

router = Router(tags=["return visits"])


class VisitFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")
    state: Literal["due", "done", "overdue"] | None = None
    order: ObjectId | None = None
    assignee: ObjectId | None = Field(None, description="The return-visit agent's user id.")


class VisitIn(Body):
    order: int


class Answers(Schema):  # a plain Schema: a Body inside a Body would keep its problems to itself
    repair_ok: bool | None = None
    staff_attitude: Annotated[str, Field(max_length=500)] | None = None
    charges_ok: bool | None = None
    suggestions: Annotated[str, Field(max_length=2000)] | None = None


class RecordIn(Body):
    channel: Literal["phone", "visit", "intercom"]
    score: int = Field(ge=1, le=5)
    at: Moment | None = None
    answers: Answers = Field(default_factory=lambda: Answers())
    reason: str = Field("", max_length=2000, description="Required when the score is 1 or 2.")


class RectifyIn(Body):
    at: Moment | None = None
    notes: str = Field("", max_length=5000)


class RectificationDone(Schema):
    id: int
    state: Literal["done"]
    completed_at: str | None
    next_visit: VisitOut


class SampleIn(Body):
    site: str | int
    start: Day
    end: Day
    seed: int | None = Field(None, ge=0, le=2**62, description="Omit for a new seed; it is returned.")


class SampleOut(Schema):
    id: int
    seed: int
    population: int
    chosen: list[int]
    clause: str
    because: str


def _rows(user: User) -> QuerySet[ReturnVisit]:
    return visits_visible_to(user).select_related("assignee", "rectification")


def _require_agent(user: User) -> None:
    if not (user.is_superuser or user.has_role(*VISIT_AGENTS)):
        raise PermissionDenied(gettext("This role may not plan or record return visits."))


def _with_rectification(visit: ReturnVisit) -> VisitOut:
    rectification = Rectification.objects.filter(visit=visit).first()
    return visit_out(visit, rectification)


@router.get("/visits", response=page_of(VisitOut), summary="Return visits, latest due first")
def list_visits(
    request: HttpRequest, page: Query[PageParams], filters: Query[VisitFilters]
) -> dict[str, object]:
    user = current_user(request)
    rows = _rows(user)
    if filters.site is not None:
        rows = rows.filter(site=visible_site(user, filters.site))
    now = timezone.now()
    if filters.state == "done":
        rows = rows.filter(state=ReturnVisit.State.DONE)
    elif filters.state == "due":
        rows = rows.filter(state=ReturnVisit.State.DUE, due__gte=now)
    elif filters.state == "overdue":
        rows = rows.filter(state=ReturnVisit.State.DUE, due__lt=now)
    if filters.order is not None:
        rows = rows.filter(order_id=filters.order)
    if filters.assignee is not None:
        rows = rows.filter(assignee_id=filters.assignee)

    def serialize(visit: ReturnVisit) -> VisitOut:
        rectification = getattr(visit, "rectification", None)
        return visit_out(visit, rectification)

    return paginate(request, rows, serialize, order=("-due", "-id"), page=page)


@router.get("/visits/{int:visit_id}", response=VisitOut, summary="One return visit")
def get_visit(request: HttpRequest, visit_id: int) -> VisitOut:
    return _with_rectification(_rows(current_user(request)).get(pk=visit_id))


# 404: the body's order does not exist or is outside the caller's scope (documented: no path id says so).
@router.post("/visits", response={201: VisitOut, 404: Detail}, summary="A return visit created by hand")
def create_visit(request: HttpRequest, body: VisitIn) -> Status[VisitOut]:
    """Due per the regulations (p15.r2: 7 days after completion; leaks 3, safety facilities 2)."""
    user = current_user(request)
    _require_agent(user)
    order = orders_visible_to(user).get(pk=body.order)
    if order.visits.filter(state=ReturnVisit.State.DUE).exists():
        raise Conflict(gettext("Order %(number)s already has a return visit due.") % {"number": order.number})
    visit = services.plan_visit(order, by=user)
    return Status(201, visit_out(visit))


@router.post("/visits/{int:visit_id}/record", response=VisitOut, summary="Record the visit's result")
def record(request: HttpRequest, visit_id: int, body: RecordIn) -> VisitOut:
    """A score of 1 or 2 starts a rectification for the technician, due in 24 hours (p15.r4)."""
    user = current_user(request)
    visit = _rows(user).get(pk=visit_id)
    body.check(
        lambda given: services.record_problems(
            visit,
            by=user,
            channel=given.channel,
            score=given.score,
            at=given.at,
            answers=UNKNOWN if given.answers is UNKNOWN else given.answers.model_dump(exclude_none=True),
            reason=given.reason,
        )
    )
    answers: dict[str, Any] = body.answers.model_dump(exclude_none=True)
    services.record_visit(
        visit,
        by=user,
        channel=body.channel,
        score=body.score,
        at=body.at,
        answers=answers,
        reason=body.reason,
    )
    return _with_rectification(ReturnVisit.objects.select_related("assignee").get(pk=visit.pk))


@router.post(
    "/rectifications/{int:rectification_id}/complete",
    response=RectificationDone,
    summary="The rectification is done; the next visit is owed",
)
def complete_rectification(request: HttpRequest, rectification_id: int, body: RectifyIn) -> RectificationDone:
    user = current_user(request)
    visible = orders_visible_to(user)
    rectification = Rectification.objects.filter(order__in=visible).get(pk=rectification_id)
    body.check(lambda given: services.rectification_problems(rectification, by=user, at=given.at))
    done = services.complete_rectification(rectification, by=user, at=body.at, notes=body.notes)
    assert done.next_visit is not None
    return RectificationDone(
        id=done.pk,
        state="done",
        completed_at=local_iso(done.completed_at),
        next_visit=visit_out(done.next_visit),
    )


@router.post("/visits/sample", response={201: SampleOut}, summary="Draw a period's return visits")
def sample(request: HttpRequest, body: SampleIn) -> Status[SampleOut]:
    """p15.r1: ceil(30 % of the period's completed orders), chosen reproducibly from the seed."""
    user = current_user(request)
    _require_agent(user)
    site, found = site_or_problems(user, body.given.site, loc=("body", "site"))
    body.check(lambda given: services.sample_problems(start=given.start, end=given.end), found=found)
    assert site is not None
    drawn = services.sample_visits(site=site, start=body.start, end=body.end, seed=body.seed, by=user)
    return Status(
        201,
        SampleOut(
            id=drawn.pk,
            seed=drawn.seed,
            population=drawn.population,
            chosen=list(drawn.chosen),
            clause=drawn.clause,
            because=drawn.because,
        ),
    )
