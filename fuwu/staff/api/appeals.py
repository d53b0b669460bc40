"""Appeals: the employee's appeal of a shift's clock times (POST /attendance/{id}/appeal), the appeals in
scope, one appeal, and the decision of either kind; the same services as the appeal pages. An incident
is appealed through POST /incidents/{id}/appeal (api_incidents)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import Moment, ObjectId
from fuwu.core.models import User
from fuwu.staff.api.attendance import EntryOut, entry_out
from fuwu.staff.models import Appeal, AttendanceDay, LedgerEntry
from fuwu.staff.selectors import employees_visible_to
from fuwu.staff.selectors.appeals import appeals_visible_to, subject_entries, with_subjects
from fuwu.staff.services import appeals as services

router = Router(tags=["staff, attendance and ledger"])
PERSON = "The person's id, as in GET /staff."


class ShiftAppealIn(Body):
    reason: str = Field(max_length=500, description="Why the clock is wrong.")
    clock_in: Moment | None = Field(
        None, description="The clock-in the employee says is right; omitted or null: the clock's stands."
    )
    clock_out: Moment | None = Field(
        None, description="The clock-out the employee says is right; omitted or null: the clock's stands."
    )


class AppealDecisionIn(Body):
    upheld: bool = Field(
        description="true: an incident is withdrawn, a shift gets the times claimed; the ledger reverses "
        "what they gave."
    )
    note: str = Field("", max_length=500, description="Required when the appeal is dismissed.")


class AppealOut(Schema):
    id: int
    incident: int | None = Field(description="The incident appealed, as in GET /incidents; or null.")
    shift: int | None = Field(description="The shift appealed, as in GET /attendance; or null.")
    employee: int = Field(description=PERSON)
    reason: str
    clock_in: dt.datetime | None = Field(description="A shift's: the clock-in claimed; null: the clock's.")
    clock_out: dt.datetime | None = Field(description="A shift's: the clock-out claimed; null: the clock's.")
    by: int = Field(description=PERSON)
    at: dt.datetime
    state: Literal["pending", "upheld", "dismissed"]
    decided_by: int | None
    decided_at: dt.datetime | None
    note: str = Field(description="The decider's note.")
    entries: list[EntryOut] = Field(
        description="The ledger entries of what is appealed, as GET /ledger shows them; once upheld, their "
        "reversals too (a reversal of a closed month's entry counts in the next open month: its `month`)."
    )


class AppealFilters(Schema):
    state: Literal["pending", "upheld", "dismissed"] | None = None
    kind: Literal["incident", "shift"] | None = Field(None, description="What is appealed.")
    employee: ObjectId | None = Field(None, description=PERSON)


def _rows(user: User) -> QuerySet[Appeal]:
    return with_subjects(appeals_visible_to(user))


def _out(appeal: Appeal, entries: list[LedgerEntry]) -> dict[str, Any]:
    subject = appeal.incident or appeal.shift
    assert subject is not None  # exactly one of the two (the table's check)
    return {
        "id": appeal.pk,
        "incident": appeal.incident_id,
        "shift": appeal.shift_id,
        "employee": subject.employee.user_id,
        "reason": appeal.reason,
        "clock_in": appeal.clock_in,
        "clock_out": appeal.clock_out,
        "by": appeal.by_id,
        "at": appeal.at,
        "state": appeal.state,
        "decided_by": appeal.decided_by_id,
        "decided_at": appeal.decided_at,
        "note": appeal.decision_note,
        "entries": [entry_out(entry) for entry in entries],
    }


def _fresh(user: User, pk: int) -> dict[str, Any]:
    """The appeal as it is now, after a write (its maker and its decider see it)."""
    appeal = _rows(user).get(pk=pk)
    return _out(appeal, subject_entries([appeal], user)[appeal.pk])


@router.post(
    "/attendance/{int:shift_id}/appeal",
    response={201: AppealOut},
    summary="The employee's one appeal of a shift's clock times",
)
def appeal_shift(request: HttpRequest, shift_id: int, body: ShiftAppealIn) -> Status[dict[str, Any]]:
    """201 with the appeal (whose id POST /appeals/{id}/decide takes). Only the employee whose shift it
    is (403 for someone else who sees it), only a shift the ledger takes money for, only once (409); at
    least one time, each within 12 hours of the shift and not in the future (422). Their manager and the
    site's supervisors decide."""
    user = current_user(request)
    # Outside the user's scope: DoesNotExist, answered 404.
    day = AttendanceDay.objects.select_related("employee__user", "employee__site").get(
        pk=shift_id, employee__in=employees_visible_to(user)
    )
    body.check(
        lambda given: services.shift_appeal_problems(
            day, by=user, reason=given.reason, clock_in=given.clock_in, clock_out=given.clock_out
        )
    )
    appeal = services.appeal_shift(
        day, reason=body.reason, clock_in=body.clock_in, clock_out=body.clock_out, by=user
    )
    return Status(201, _fresh(user, appeal.pk))


@router.get("/appeals", response=page_of(AppealOut), summary="Appeals, newest first")
def list_appeals(
    request: HttpRequest, page: Query[PageParams], filters: Query[AppealFilters]
) -> dict[str, Any]:
    """Of incidents and of shifts. The employee sees their own, a manager their team's, the supervisors
    and HR their sites', the general manager all."""
    user = current_user(request)
    rows = _rows(user)
    if filters.state is not None:
        rows = rows.filter(state=filters.state)
    if filters.kind is not None:
        rows = rows.filter(**{f"{filters.kind}__isnull": False})
    if filters.employee is not None:
        person = filters.employee
        rows = rows.filter(Q(incident__employee__user_id=person) | Q(shift__employee__user_id=person))
    result = paginate(request, rows, lambda row: row, order=("-at", "-id"), page=page)
    shown: list[Appeal] = result["results"]
    entries = subject_entries(shown, user)
    result["results"] = [_out(appeal, entries[appeal.pk]) for appeal in shown]
    return result


@router.get("/appeals/{int:appeal_id}", response=AppealOut, summary="One appeal")
def get_appeal(request: HttpRequest, appeal_id: int) -> dict[str, Any]:
    user = current_user(request)
    appeal = _rows(user).get(pk=appeal_id)
    return _out(appeal, subject_entries([appeal], user)[appeal.pk])


@router.post("/appeals/{int:appeal_id}/decide", response=AppealOut, summary="Decide an appeal")
def decide_appeal(request: HttpRequest, appeal_id: int, body: AppealDecisionIn) -> dict[str, Any]:
    """Upheld reverses the entries: an incident is withdrawn, a shift gets the times claimed and the
    ledger follows (a reversal of a closed month's entry lands in the next open month: its `month` says
    which). Dismissed: everything stands. An incident's appeal is decided by its approver, a shift's by
    the person's manager, a supervisor of the site or the general manager; never the employee (403)."""
    user = current_user(request)
    appeal = _rows(user).get(pk=appeal_id)
    body.check(
        lambda given: services.appeal_decision_problems(appeal, by=user, upheld=given.upheld, note=given.note)
    )
    services.decide_appeal(appeal, upheld=body.upheld, note=body.note, by=user)
    return _fresh(user, appeal.pk)
