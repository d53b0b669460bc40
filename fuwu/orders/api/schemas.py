"""The shapes the orders API reads and writes, and how a row becomes its JSON."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from fuwu.core.api.bodies import Body
from fuwu.core.api.formats import local_iso
from fuwu.core.api.schemas import Moment
from fuwu.orders.models import Rectification, ReturnVisit

ChannelIn = Literal["phone", "walk_in", "qr", "api", "wecom"]


class OrderIn(Body):
    site: str | int = Field(description="Site code (jinxiu) or id.")
    household: int | None = Field(None, description="Household id; without one, `location` is required.")
    location: str = Field("", max_length=200)
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=20)
    tags: list[str] = Field(
        default_factory=list,
        description="Any of general, difficult, special_craft, small, large, emergency, burst_pipe, leak, "
        "power_outage, safety_facility: they decide which deadlines bind.",
    )
    description: str = Field(max_length=5000)
    appointment: Moment | None = None
    channel: str = Field(
        "api",
        description="One of phone, walk_in, qr, api, wecom.",
        json_schema_extra={"enum": ["phone", "walk_in", "qr", "api", "wecom"]},
    )
    received_at: Moment | None = Field(None, description="Default now; never in the future.")
    outside_service_list: bool = Field(False, description="p10.3.5: needs the department head's approval.")


class DispatchIn(Body):
    technician: int


class Empty(Body):
    pass


class ArriveIn(Body):
    at: Moment | None = None
    checklist: dict[str, bool] = Field(
        default_factory=dict, description="p09.1 / p10.3.1: uniform, badge, shoe_covers, toolbox, floor_mat …"
    )


class QuoteIn(Body):
    amount: str = Field(pattern=r"^\d{1,8}(\.\d{1,2})?$", description='元, e.g. "80.00".')
    items: str = Field("", max_length=2000)
    accepted: bool


class CompleteIn(Body):
    at: Moment | None = None
    notes: str = Field("", max_length=5000)
    explanation: str = Field(
        "", max_length=2000, description="Required when completed on a later local day than arrival (p09.2d)."
    )


class ApproveIn(Body):
    approved: bool = True
    note: str = Field("", max_length=500)


class CancelIn(Body):
    reason: str = Field(max_length=300)


class ReworkIn(Body):
    description: str = Field("", max_length=5000)


class PersonOut(Schema):
    id: int
    name: str


class DeadlineOut(Schema):
    what: str
    due: str
    clause: str
    pack_version: int
    because: str
    state: Literal["open", "met", "breached", "void"]
    met_at: str | None
    breached_at: str | None


class WindowOut(Schema):
    what: str
    earliest: str | None
    latest: str
    clause: str
    pack_version: int
    because: str
    state: Literal["open", "met", "breached", "void"]


class OrderOut(Schema):
    id: int
    number: str
    site: str = Field(description="The site's code.")
    status: str
    tags: list[str]
    description: str
    location: str
    household: int | None
    contact_name: str
    contact_phone: str = Field(description="Masked (138****8000) for roles that do not call back.")
    channel: str
    received_at: str
    appointment: str | None
    technician: PersonOut | None
    deadlines: list[DeadlineOut]
    windows: list[WindowOut]
    rework_of: int | None
    approval: str = Field(description="p10.3.5: '' (not needed), pending, approved or rejected.")
    quote: dict[str, Any] | None
    arrived_at: str | None
    completed_at: str | None
    created_at: str


class VisitOut(Schema):
    id: int
    order: int | None
    batch: int | None
    due: str
    clause: str
    state: Literal["due", "done", "overdue"]
    assignee: int | None = Field(description="The user id of the return-visit agent.")
    assignee_name: str | None
    channel: str | None
    score: int | None
    visited_at: str | None
    round: int
    reason: str
    rectification: RectificationOut | None = None


class RectificationOut(Schema):
    id: int
    due: str
    assignee: int | None
    clause: str
    state: Literal["open", "done"]


VisitOut.model_rebuild()


def visit_state(visit: ReturnVisit) -> Literal["due", "done", "overdue"]:
    if visit.state == ReturnVisit.State.DONE:
        return "done"
    return "overdue" if visit.is_overdue else "due"


def rectification_out(rectification: Rectification) -> RectificationOut:
    return RectificationOut(
        id=rectification.pk,
        due=local_iso(rectification.due) or "",
        assignee=rectification.assignee_id,
        clause=rectification.clause,
        state=rectification.state,  # type: ignore[arg-type]
    )


def visit_out(visit: ReturnVisit, rectification: Rectification | None = None) -> VisitOut:
    return VisitOut(
        id=visit.pk,
        order=visit.order_id,
        batch=visit.batch_id,
        due=local_iso(visit.due) or "",
        clause=visit.clause,
        state=visit_state(visit),
        assignee=visit.assignee_id,
        assignee_name=(visit.assignee.display_name or visit.assignee.username) if visit.assignee else None,
        channel=visit.channel or None,
        score=visit.score,
        visited_at=local_iso(visit.visited_at),
        round=visit.round,
        reason=visit.reason,
        rectification=rectification_out(rectification) if rectification is not None else None,
    )
