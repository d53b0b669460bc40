"""Incidents: POST /incidents, its approval and rejection, the employee's appeal, and the lists; the
same services as the incident pages. Appeals themselves (the list, one, the decision) are in api_appeals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import Moment, ObjectId
from fuwu.core.api.scoping import site_named
from fuwu.core.errors import UNKNOWN, FieldProblem, Maybe
from fuwu.core.models import User
from fuwu.core.scoping import sites_visible_to
from fuwu.staff.api.attendance import EntryOut, entry_out
from fuwu.staff.models import Appeal, Employee, Incident, LedgerEntry
from fuwu.staff.selectors.incidents import entries_of, incidents_visible_to, may_record, recordable_employees
from fuwu.staff.services import appeals
from fuwu.staff.services import incidents as services

router = Router(tags=["staff, attendance and ledger"])
PERSON = "The person's id, as in GET /staff."


class IncidentIn(Body):
    employee: ObjectId = Field(description=PERSON)
    clause: str = Field(
        max_length=20,
        description="A penalty or reward clause in force at the person's site then: p01.1, p04.8 …",
    )
    at: Moment = Field(description="When it happened; not in the future.")
    amount: Decimal | None = Field(
        None,
        description="元; only where the clause leaves it to the recorder, and required there (p04.8: at "
        "least 20.00).",
        max_digits=10,
        decimal_places=2,
    )
    cost: Decimal | None = Field(
        None,
        description="元: the cost of the damage; required by a damage clause (p01.3.11), else refused.",
        max_digits=10,
        decimal_places=2,
    )
    concealed: bool = Field(
        False, description="Damage concealed instead of reported (p01.3.11: 10 × the cost)."
    )
    manager_on_duty: ObjectId | None = Field(
        None,
        description=PERSON + " Only where the clause makes the manager on duty answer jointly (p04.8); "
        "omitted, the employee's own manager answers.",
    )
    note: str = Field(max_length=500, description="What happened.")


class IncidentApproveIn(Body):
    pass


class RejectIn(Body):
    note: str = Field("", max_length=500, description="Why not; the recorder is told.")


class AppealIn(Body):
    reason: str = Field(max_length=500, description="Why the employee appeals.")


class ProposedOut(Schema):
    kind: Literal["fine", "reward", "compensation", "deduction", "status", "needs_review"]
    employee: int | None = Field(description=PERSON + " Another person's when they answer jointly (p04.8).")
    amount: Decimal | None = Field(description="元; null for a status proposal or a review.")
    clause: str
    pack_version: int
    because: str
    status: str | None = Field(
        None, description="The status proposed for HR's review (dismissal_proposal …)."
    )
    month: str = Field(
        description="YYYY-MM: the payroll month it would count in (the next open one when closed)."
    )


class IncidentAppealOut(Schema):
    id: int
    reason: str
    by: int = Field(description=PERSON)
    at: dt.datetime
    state: Literal["pending", "upheld", "dismissed"]
    decided_by: int | None
    decided_at: dt.datetime | None
    note: str


class IncidentOut(Schema):
    id: int
    employee: int = Field(description=PERSON)
    site: str = Field(description="The site's code.")
    clause: str
    at: dt.datetime
    amount: Decimal | None
    cost: Decimal | None
    concealed: bool
    manager_on_duty: int | None = Field(description=PERSON)
    note: str
    state: Literal["recorded", "approved", "rejected", "withdrawn"] = Field(
        description="recorded (awaiting approval), approved (in the ledger), rejected, withdrawn (its appeal "
        "upheld)."
    )
    approver_role: str = Field(description="The role code that approves it (supervisor …).")
    proposed: list[ProposedOut] = Field(description="The engine's entries when it was recorded.")
    entries: list[EntryOut] = Field(description="The ledger entries it made, as GET /ledger shows them.")
    appeal: IncidentAppealOut | None = Field(
        description="Its appeal: GET /appeals/{id} shows it with the entries, POST /appeals/{id}/decide "
        "decides it."
    )


class IncidentFilters(Schema):
    employee: ObjectId | None = Field(None, description=PERSON)
    site: str | None = Field(None, description="Site code or id.")
    state: Literal["recorded", "approved", "rejected", "withdrawn"] | None = None
    appeal: Literal["pending", "upheld", "dismissed"] | None = Field(None, description="The appeal's state.")


def _rows(user: User) -> QuerySet[Incident]:
    return incidents_visible_to(user).select_related("employee__user", "site", "manager_on_duty", "appeal")


def _one(request: HttpRequest, pk: int) -> tuple[User, Incident]:
    user = current_user(request)
    # Outside the user's scope: DoesNotExist, answered 404.
    return user, _rows(user).select_related("employee__site").get(pk=pk)


def _out(incident: Incident, entries: list[LedgerEntry]) -> dict[str, Any]:
    appeal: Appeal | None = getattr(incident, "appeal", None)
    duty = incident.manager_on_duty
    return {
        "id": incident.pk,
        "employee": incident.employee.user_id,
        "site": incident.site.code,
        "clause": incident.clause,
        "at": incident.at,
        "amount": incident.amount,
        "cost": incident.cost,
        "concealed": incident.concealed,
        "manager_on_duty": duty.user_id if duty is not None else None,
        "note": incident.note,
        "state": incident.state,
        "approver_role": incident.approver_role,
        "proposed": [
            {key: p.get(key) for key in ProposedOut.model_fields}
            for p in incident.proposed
            if isinstance(p, dict)
        ],
        "entries": [entry_out(entry) for entry in entries],
        "appeal": None
        if appeal is None
        else {
            "id": appeal.pk,
            "reason": appeal.reason,
            "by": appeal.by_id,
            "at": appeal.at,
            "state": appeal.state,
            "decided_by": appeal.decided_by_id,
            "decided_at": appeal.decided_at,
            "note": appeal.decision_note,
        },
    }


def _fresh(user: User, pk: int) -> dict[str, Any]:
    """The incident as it is now, after a write (the caller may act on it, so it is within their scope)."""
    incident = _rows(user).get(pk=pk)
    return _out(incident, entries_of([incident])[incident.pk])


@router.get("/incidents", response=page_of(IncidentOut), summary="Incidents, newest first")
def list_incidents(
    request: HttpRequest, page: Query[PageParams], filters: Query[IncidentFilters]
) -> dict[str, Any]:
    """The employee sees their own (and those they answer for jointly), a manager their team's, the
    supervisors and HR their sites', the general manager all."""
    user = current_user(request)
    rows = _rows(user)
    if filters.employee is not None:
        rows = rows.filter(employee__user_id=filters.employee)
    if filters.site is not None:
        rows = rows.filter(site_named(filters.site, via="site"))
    if filters.state is not None:
        rows = rows.filter(state=filters.state)
    if filters.appeal is not None:
        rows = rows.filter(appeal__state=filters.appeal)
    result = paginate(request, rows, lambda row: row, order=("-at", "-id"), page=page)
    shown: list[Incident] = result["results"]
    entries = entries_of(shown)
    result["results"] = [_out(incident, entries[incident.pk]) for incident in shown]
    return result


@router.get("/incidents/{int:incident_id}", response=IncidentOut, summary="One incident")
def get_incident(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    _user, incident = _one(request, incident_id)
    return _out(incident, entries_of([incident])[incident.pk])


def _person(user_id: Maybe[int | None], people: QuerySet[Employee]) -> Maybe[Employee | None]:
    if user_id is UNKNOWN or user_id is None:
        return user_id
    return people.filter(user_id=user_id).first() or UNKNOWN


@router.post("/incidents", response={201: IncidentOut}, summary="Record an incident by its clause")
def create_incident(request: HttpRequest, body: IncidentIn) -> Status[dict[str, Any]]:
    """201 with the engine's proposed entries (the employee's, and a jointly liable manager's). It binds —
    becomes ledger entries — once the role the pack names approves it (`approver_role`)."""
    user = current_user(request)
    if not may_record(user):
        raise PermissionDenied(gettext("This role may not record incidents."))
    given = body.given
    found: list[FieldProblem] = []
    people = recordable_employees(user).select_related("site", "user")
    employee = _person(given.employee, people)
    if employee is UNKNOWN and given.employee is not UNKNOWN:
        found.append(
            (("body", "employee"), gettext("No employee with this id among the people you record for."))
        )
    duty = _person(given.manager_on_duty, Employee.objects.filter(site__in=sites_visible_to(user)))
    if duty is UNKNOWN and given.manager_on_duty not in (UNKNOWN, None):
        found.append((("body", "manager_on_duty"), gettext("No employee with this id at your sites.")))
    if not isinstance(employee, Employee):
        body.check(found=found)  # the id's shape or the unknown person, with the body's other problems
        raise AssertionError("unreachable: a body without an employee always has a problem")
    person: Employee = employee

    def check(given: Any) -> list[FieldProblem]:
        return services.incident_problems(
            person, by=user, clause=given.clause, at=given.at, amount=given.amount, cost=given.cost,
            concealed=given.concealed, manager_on_duty=duty, note=given.note,
        )  # fmt: skip

    body.check(check, found=found)
    assert duty is not UNKNOWN
    incident = services.record_incident(
        employee=person, clause=body.clause, at=body.at, note=body.note, by=user, amount=body.amount,
        cost=body.cost, concealed=body.concealed, manager_on_duty=duty,
    )  # fmt: skip
    return Status(201, _fresh(user, incident.pk))


@router.post(
    "/incidents/{int:incident_id}/approve", response=IncidentOut, summary="Approve (the role the pack names)"
)
def approve_incident(request: HttpRequest, incident_id: int, body: IncidentApproveIn) -> dict[str, Any]:
    """The ledger of everyone it touches follows at once: `entries` holds them. Never the employee's own."""
    user, incident = _one(request, incident_id)
    services.approve_incident(incident, by=user)
    return _fresh(user, incident.pk)


@router.post("/incidents/{int:incident_id}/reject", response=IncidentOut, summary="Do not approve")
def reject_incident(request: HttpRequest, incident_id: int, body: RejectIn) -> dict[str, Any]:
    user, incident = _one(request, incident_id)
    services.reject_incident(incident, by=user, note=body.note)
    return _fresh(user, incident.pk)


@router.post(
    "/incidents/{int:incident_id}/appeal", response={201: IncidentOut}, summary="The employee's one appeal"
)
def appeal_incident(request: HttpRequest, incident_id: int, body: AppealIn) -> Status[dict[str, Any]]:
    """201 with the incident and its `appeal` (whose id POST /appeals/{id}/decide takes). Only the
    employee, only an approved incident, only once (409 the second time)."""
    user, incident = _one(request, incident_id)
    body.check(lambda given: appeals.appeal_problems(incident, by=user, reason=given.reason))
    appeals.appeal_incident(incident, reason=body.reason, by=user)
    return Status(201, _fresh(user, incident.pk))
