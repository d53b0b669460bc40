"""POST /leave and POST /leave/{id}/approve: the same services as the leave page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Router, Schema, Status
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.schemas import Day, Moment, ObjectId
from fuwu.core.errors import UNKNOWN, FieldProblem
from fuwu.staff.models import Employee, Leave
from fuwu.staff.selectors import employees_visible_to
from fuwu.staff.services import leave as services

router = Router(tags=["staff, attendance and ledger"])


class LeaveIn(Body):
    employee: ObjectId = Field(description="The person's id, as in GET /staff.")
    leave_type: str = Field(description="personal, sick, annual, marriage, maternity or bereavement.")
    start: Day
    days: Decimal = Field(
        description="Working days, in halves: 0.5, 1, 1.5 …", max_digits=4, decimal_places=1
    )
    notified_at: Moment | None = Field(None, description="When the manager was told; now when omitted.")
    reason: str = Field("", max_length=200)


class LeaveDecisionIn(Body):
    pass


class LeaveOut(Schema):
    id: int
    employee: int
    leave_type: str
    start: dt.date
    days: Decimal
    notified_at: dt.datetime
    status: str = Field(description="requested, approved or rejected.")


def _out(leave: Leave) -> LeaveOut:
    return LeaveOut(
        id=leave.pk,
        employee=leave.employee.user_id,
        leave_type=leave.leave_type,
        start=leave.start,
        days=leave.days,
        notified_at=leave.notified_at,
        status=leave.status,
    )


@router.post("/leave", response={201: LeaveOut}, summary="Ask for leave")
def create_leave(request: HttpRequest, body: LeaveIn) -> Status[LeaveOut]:
    """It binds once the employee's manager approves; personal and sick leave deduct as p01.3.2 says."""
    user = current_user(request)
    given = body.given
    employee: Employee | None = None
    found: list[FieldProblem] = []
    if given.employee is not UNKNOWN:
        people = employees_visible_to(user).select_related("site", "user", "manager")
        employee = people.filter(user_id=given.employee).first()
        if employee is None:
            found.append(
                (("body", "employee"), gettext("No employee with this id among the people you can see."))
            )
    if employee is None:
        body.check(found=found)  # the id's shape or the unknown person, with the body's other problems
        raise AssertionError("unreachable: a body without an employee always has a problem")
    chosen: Employee = employee
    body.check(
        lambda given: services.request_problems(
            chosen, by=user, leave_type=given.leave_type, start=given.start, days=given.days
        )
    )
    leave = services.request_leave(
        employee=chosen,
        leave_type=body.leave_type,
        start=body.start,
        days=body.days,
        by=user,
        reason=body.reason,
        notified_at=body.notified_at,
    )
    return Status(201, _out(leave))


@router.post("/leave/{int:leave_id}/approve", response=LeaveOut, summary="Approve leave (the manager)")
def approve_leave(request: HttpRequest, leave_id: int, body: LeaveDecisionIn) -> LeaveOut:
    user = current_user(request)
    leave = get_object_or_404(Leave.objects.filter(employee__in=employees_visible_to(user)), pk=leave_id)
    decided, _change = services.decide_leave(leave, by=user, approve=True)
    return _out(decided)
