"""Complaints: GET /complaints, GET /complaints/{id}, POST /complaints (p14.3.4.7), and the actions
reply (p14.4.1), conclude (p12.6, p12.17) and route (p14.4.3) — the same services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.aftersales.api.common import TAG, one_of
from fuwu.aftersales.models import Complaint, QualityCase
from fuwu.aftersales.selectors.access import DESK_ROLES
from fuwu.aftersales.selectors.complaints import ReplyDeadline, complaints_visible_to, reply_deadlines
from fuwu.aftersales.services import complaints as services
from fuwu.aftersales.services import quality
from fuwu.core.access import has_any_role
from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import Moment, ObjectId
from fuwu.core.api.scoping import site_named, site_or_problems
from fuwu.core.errors import FieldProblem
from fuwu.core.models import User
from fuwu.core.scoping import mask_phone, sees_full_phone_numbers
from fuwu.customers.models import Customer, Purchase
from fuwu.staff.selectors.incidents import entries_of

router = Router(tags=[TAG])
Kind = Literal["quality", "attitude", "supervisor", "other"]


class ComplaintIn(Body):
    site: str = Field(max_length=40, description="The site's code or id.")
    customer: ObjectId = Field(description="The customer's id (a customer of the site).")
    purchase: ObjectId | None = Field(None, description="The customer's purchase the complaint is about.")
    kind: Kind = Field(
        description="quality (routed to the technical quality department, p14.4.3), attitude (a member of "
        "staff, p12.6), supervisor (the site's after-sales supervisor, p12.17) or other."
    )
    staff_member: ObjectId | None = Field(
        None, description="The person's id (GET /staff) for an attitude complaint, and only then."
    )
    channel: Literal["phone", "letter", "visit"] = "phone"
    received_at: Moment | None = Field(None, description="When it came in; default now, never in the future.")
    content: str = Field(max_length=1000, description="What is wrong (存在的问题).")


class ReplyIn(Body):
    reply: str = Field(max_length=1000, description="What the customer was told.")
    at: Moment | None = Field(None, description="When; default now, not before the complaint.")


class ConcludeIn(Body):
    substantiated: bool = Field(description="The investigation's finding.")
    note: str = Field(max_length=500, description="What the investigation established.")
    amount: Decimal | None = Field(
        None,
        max_digits=10,
        decimal_places=2,
        description="元: the fine p12.6 leaves to the recorder, for a substantiated attitude complaint only "
        "(required there); p12.17's fine is the pack's own.",
    )


class RouteIn(Body):
    to: Literal["quality_department", "inspection_body"] = Field(
        description="quality_department first; inspection_body when the quality is disputed."
    )
    inspection_body: str = Field(
        "", max_length=200, description="The body the contract names (inspection only)."
    )


class ComplaintDeadlineOut(Schema):
    what: Literal["reply"]
    due: dt.datetime
    clause: str
    pack_version: int
    because: str
    state: Literal["open", "met", "breached", "void"]
    met_at: dt.datetime | None


class QualityOut(Schema):
    routed_at: dt.datetime
    opinion: str
    disputed: bool
    inspection_body: str
    conclusion: str


class ComplaintIncidentOut(Schema):
    id: int = Field(description="GET /incidents/{id}; approved with POST /incidents/{id}/approve.")
    clause: str
    state: str
    amount: Decimal | None
    entries: list[dict[str, Any]] = Field(
        description="Its ledger entries: kind, amount, clause, pack_version."
    )


class ComplaintOut(Schema):
    id: int
    site: str
    customer: int
    purchase: int | None
    customer_name: str
    address: str
    contact: str = Field(description="Masked for roles that do not call back.")
    product: str
    grade: str
    purchased_on: dt.date | None
    channel: str
    received_at: dt.datetime
    kind: Kind
    staff_member: int | None
    content: str
    state: Literal["open", "replied"]
    reply: str
    replied_at: dt.datetime | None
    deadline: ComplaintDeadlineOut | None = Field(
        description="The reply p14.4.1 asks for, as stored from the engine."
    )
    finding: Literal["", "substantiated", "unfounded"]
    quality: QualityOut | None
    incident: ComplaintIncidentOut | None
    reported_at: dt.datetime | None = Field(description="Reported to the company (p12.12), non-quality only.")


class ComplaintFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")
    state: Literal["open", "replied"] | None = None
    kind: Kind | None = None


def _rows(user: User) -> QuerySet[Complaint]:
    return complaints_visible_to(user).select_related("site", "incident", "quality_case")


def _deadline(found: ReplyDeadline | None) -> dict[str, Any] | None:
    if found is None:
        return None
    o = found.obligation
    return {"what": "reply", "due": o.due, "clause": o.clause, "pack_version": o.pack_version,
            "because": o.because, "state": o.state, "met_at": o.met_at}  # fmt: skip


def _out(c: Complaint, deadline: ReplyDeadline | None, full: bool, entries: list[Any]) -> dict[str, Any]:
    case: QualityCase | None = getattr(c, "quality_case", None)
    incident = c.incident
    return {
        "id": c.pk, "site": c.site.code, "customer": c.customer_id, "purchase": c.purchase_id,
        "customer_name": c.customer_name, "address": c.address,
        "contact": c.contact if full else mask_phone(c.contact), "product": c.product, "grade": c.grade,
        "purchased_on": c.purchased_on, "channel": c.channel, "received_at": c.received_at, "kind": c.kind,
        "staff_member": c.staff_member_id, "content": c.content, "state": c.state, "reply": c.reply,
        "replied_at": c.replied_at, "deadline": _deadline(deadline), "finding": c.finding,
        "quality": None if case is None else {
            "routed_at": case.routed_at, "opinion": case.opinion, "disputed": case.disputed,
            "inspection_body": case.inspection_body, "conclusion": case.conclusion,
        },
        "incident": None if incident is None else {
            "id": incident.pk, "clause": incident.clause, "state": incident.state, "amount": incident.amount,
            "entries": [{"kind": e.kind, "amount": str(e.amount), "clause": e.clause,
                         "pack_version": e.pack_version} for e in entries],
        },
        "reported_at": c.reported_at,
    }  # fmt: skip


def _many(user: User, rows: list[Complaint]) -> list[dict[str, Any]]:
    deadlines = reply_deadlines(rows)
    incidents = entries_of([c.incident for c in rows if c.incident is not None])
    full = sees_full_phone_numbers(user)
    return [
        _out(c, deadlines[c.pk], full, incidents.get(c.incident_id, []) if c.incident_id else [])
        for c in rows
    ]


def _fresh(user: User, pk: int) -> dict[str, Any]:
    return _many(user, [_rows(user).get(pk=pk)])[0]


def _one(request: HttpRequest, pk: int) -> tuple[User, Complaint]:
    user = current_user(request)
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied(gettext("Your role does not work with complaints."))
    return user, _rows(user).select_related("customer").get(pk=pk)


@router.get("/complaints", response=page_of(ComplaintOut), summary="Complaints, newest first")
def list_complaints(
    request: HttpRequest, page: Query[PageParams], filters: Query[ComplaintFilters]
) -> dict[str, Any]:
    """The desk of a site (general manager, supervisors, dispatchers, customer managers) sees its
    complaints, the general manager every site's; each with its reply deadline (p14.4.1)."""
    user = current_user(request)
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied(gettext("Your role does not work with complaints."))
    rows = _rows(user)
    if filters.site is not None:
        rows = rows.filter(site_named(filters.site, via="site"))
    if filters.state is not None:
        rows = rows.filter(state=filters.state)
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    result = paginate(request, rows, lambda row: row, order=("-received_at", "-id"), page=page)
    result["results"] = _many(user, result["results"])
    return result


@router.get("/complaints/{int:complaint_id}", response=ComplaintOut, summary="One complaint")
def get_complaint(request: HttpRequest, complaint_id: int) -> dict[str, Any]:
    user, complaint = _one(request, complaint_id)
    return _many(user, [complaint])[0]


@router.post("/complaints", response={201: ComplaintOut}, summary="Receive a complaint (p14.3.4.7)")
def create_complaint(request: HttpRequest, body: ComplaintIn) -> Status[dict[str, Any]]:
    """201 with its reply deadline (p14.4.1). The customer's name, address, contact and the purchase's
    product, grade and date are copied into the complaint; one that is no quality complaint is reported to
    the company at once (p12.12)."""
    user = current_user(request)
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied(gettext("Your role does not receive complaints."))
    given = body.given
    site, found = site_or_problems(user, given.site, loc=("body", "site"))
    if site is None:
        body.check(found=found)
        raise AssertionError("unreachable: a body without a site has a problem")
    problems: list[FieldProblem] = []
    customer = one_of(
        given.customer, lambda pk: Customer.objects.filter(site=site, pk=pk).first(), "customer", problems
    )
    purchase = one_of(
        given.purchase,
        lambda pk: Purchase.objects.filter(customer__site=site, pk=pk).first(),
        "purchase",
        problems,
    )
    staff = one_of(
        given.staff_member, lambda pk: User.objects.filter(pk=pk).first(), "staff_member", problems
    )

    def check(given: Any) -> list[FieldProblem]:
        return services.complaint_problems(
            site, by=user, customer=customer, purchase=purchase, kind=given.kind, staff_member=staff,
            received_at=timezone.now() if given.received_at is None else given.received_at,
            content=given.content, channel=given.channel,
        )  # fmt: skip

    body.check(check, found=problems)
    complaint = services.receive_complaint(
        site, by=user, customer=customer, purchase=purchase, kind=body.kind, staff_member=staff,  # type: ignore[arg-type]
        received_at=body.received_at or timezone.now(), content=body.content, channel=body.channel,
    )  # fmt: skip
    return Status(201, _fresh(user, complaint.pk))


@router.post("/complaints/{int:complaint_id}/reply", response=ComplaintOut, summary="Reply (p14.4.1)")
def reply_complaint(request: HttpRequest, complaint_id: int, body: ReplyIn) -> dict[str, Any]:
    """The reply meets the customer's reply deadline (met in time, or breached when late). 409 once
    replied."""
    user, complaint = _one(request, complaint_id)
    body.check(
        lambda given: services.reply_problems(
            complaint, by=user, text=given.reply, at=given.at or timezone.now()
        )
    )
    services.reply(complaint, by=user, text=body.reply, at=body.at)
    return _fresh(user, complaint.pk)


@router.post(
    "/complaints/{int:complaint_id}/conclude", response=ComplaintOut, summary="The finding (p12.6, p12.17)"
)
def conclude_complaint(request: HttpRequest, complaint_id: int, body: ConcludeIn) -> dict[str, Any]:
    """A supervisor or the general manager of the site, never about themselves. Substantiated and about
    staff attitude: an incident under p12.6 with `amount`; about the after-sales supervisor: under p12.17;
    each binds once approved (POST /incidents/{id}/approve). 409 once concluded."""
    user, complaint = _one(request, complaint_id)
    body.check(
        lambda given: services.conclusion_problems(
            complaint, by=user, substantiated=given.substantiated, note=given.note, amount=given.amount
        )
    )
    services.conclude(
        complaint, by=user, substantiated=body.substantiated, note=body.note, amount=body.amount
    )
    return _fresh(user, complaint.pk)


@router.post("/complaints/{int:complaint_id}/route", response=ComplaintOut, summary="Route (p14.4.3)")
def route_complaint(request: HttpRequest, complaint_id: int, body: RouteIn) -> dict[str, Any]:
    """A quality complaint to the technical quality department (who is told), then, its quality disputed,
    to the inspection body the contract names. 409 for another kind or a step already taken."""
    user, complaint = _one(request, complaint_id)
    body.check(
        lambda given: quality.routing_problems(
            complaint,
            by=user,
            to=given.to,
            inspection_body=given.inspection_body,
            case=QualityCase.objects.filter(complaint=complaint).first(),
        )
    )
    quality.route(complaint, by=user, to=body.to, inspection_body=body.inspection_body)
    return _fresh(user, complaint.pk)
