"""Returns and exchanges: GET /returns, GET /returns/{id} with its approval chain, POST /returns
(p12.15, p14.3.4.7), POST /returns/{id}/carry-out and /withdraw. The chain itself is decided with the
approvals app's own pages (its steps are shown here as they stand)."""

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

from fuwu.aftersales.api.common import TAG, one_of
from fuwu.aftersales.models import Complaint, Part, ReturnRequest
from fuwu.aftersales.selectors.access import DESK_ROLES
from fuwu.aftersales.selectors.complaints import returns_visible_to
from fuwu.aftersales.services import returns as services
from fuwu.approvals.models import ApprovalRequest, ApprovalStep
from fuwu.approvals.selectors import requests_for
from fuwu.core.access import has_any_role
from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import ObjectId
from fuwu.core.api.scoping import site_named, site_or_problems
from fuwu.core.errors import FieldProblem
from fuwu.core.models import User
from fuwu.core.scoping import mask_phone, sees_full_phone_numbers
from fuwu.customers.models import Customer, Purchase

router = Router(tags=[TAG])
State = Literal["awaiting", "approved", "refused", "withdrawn", "done"]


class ReturnIn(Body):
    site: str = Field(max_length=40, description="The site's code or id.")
    kind: Literal["return", "exchange"]
    customer: ObjectId = Field(description="The customer's id (a customer of the site).")
    purchase: ObjectId | None = None
    complaint: ObjectId | None = Field(None, description="The complaint it answers, if any.")
    content: str = Field(max_length=1000, description="What is wrong (存在的问题).")
    amount: Decimal = Field(
        max_digits=12,
        decimal_places=2,
        description="元: the refund of a return, the value of an exchange's replacement. Above the pack's "
        "office_meeting_above (p14.3.4.7, 5000.00 in the shipped pack) the office meeting approves too.",
    )
    part: ObjectId | None = Field(
        None, description="The store's part the goods come back as, or the replacement is issued from "
        "(required for an exchange)."
    )  # fmt: skip
    quantity: int = Field(1, ge=1, le=1_000_000)


class ReasonIn(Body):
    reason: str = Field(max_length=300, description="Why it is closed without approval.")


class Empty(Body):
    pass


class ReturnStepOut(Schema):
    position: int
    role: str = Field(description="general_manager, general_manager_meeting (the office meeting) …")
    clauses: list[str]
    state: Literal["waiting", "pending", "approved", "rejected", "skipped"]
    decided_by: int | None
    on_behalf_of: int | None = Field(description="Whom a delegate decided for.")
    decided_at: dt.datetime | None
    note: str


class ReturnApprovalOut(Schema):
    id: int
    state: Literal["pending", "approved", "rejected", "cancelled"]
    clause: str
    pack_version: int
    unapproved: str = Field(description="What follows without approval: costs_to_customer (p12.15) …")
    steps: list[ReturnStepOut]


class ReturnOut(Schema):
    id: int
    site: str
    kind: Literal["return", "exchange"]
    customer: int
    customer_name: str
    address: str
    contact: str
    product: str
    grade: str
    purchased_on: dt.date | None
    content: str
    amount: Decimal
    part: int | None
    quantity: int
    state: State
    approval: ReturnApprovalOut | None
    costs_to_customer: bool = Field(description="p12.15: refused or closed without approval.")
    costs_clause: str
    done_at: dt.datetime | None


class ReturnFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")
    state: State | None = None


def _rows(user: User) -> QuerySet[ReturnRequest]:
    return returns_visible_to(user).select_related("site")


def _chain(chain: ApprovalRequest | None, steps: list[ApprovalStep]) -> dict[str, Any] | None:
    if chain is None:
        return None
    return {
        "id": chain.pk, "state": chain.state, "clause": chain.clause, "pack_version": chain.pack_version,
        "unapproved": chain.unapproved,
        "steps": [
            {"position": s.position, "role": s.role, "clauses": list(s.step_clauses), "state": s.state,
             "decided_by": s.decided_by_id, "on_behalf_of": s.on_behalf_of_id, "decided_at": s.decided_at,
             "note": s.note}
            for s in steps
        ],
    }  # fmt: skip


def _many(user: User, rows: list[ReturnRequest]) -> list[dict[str, Any]]:
    chains = requests_for(services.SUBJECT, [r.pk for r in rows])
    steps: dict[int, list[ApprovalStep]] = {}
    for step in ApprovalStep.objects.filter(request__in=[c.pk for c in chains.values()]).order_by("position"):
        steps.setdefault(step.request_id, []).append(step)
    full = sees_full_phone_numbers(user)
    found = []
    for r in rows:
        chain = chains.get(str(r.pk))
        found.append(
            {
                "id": r.pk,
                "site": r.site.code,
                "kind": r.kind,
                "customer": r.customer_id,
                "customer_name": r.customer_name,
                "address": r.address,
                "contact": r.contact if full else mask_phone(r.contact),
                "product": r.product,
                "grade": r.grade,
                "purchased_on": r.purchased_on,
                "content": r.content,
                "amount": r.amount,
                "part": r.part_id,
                "quantity": r.quantity,
                "state": r.state,
                "approval": _chain(chain, steps.get(chain.pk, []) if chain else []),
                "costs_to_customer": r.costs_to_customer,
                "costs_clause": r.costs_clause,
                "done_at": r.done_at,
            }
        )
    return found


def _one(request: HttpRequest, pk: int) -> tuple[User, ReturnRequest]:
    user = current_user(request)
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied(gettext("Your role does not work with returns."))
    return user, _rows(user).get(pk=pk)


@router.get("/returns", response=page_of(ReturnOut), summary="Returns and exchanges, newest first")
def list_returns(
    request: HttpRequest, page: Query[PageParams], filters: Query[ReturnFilters]
) -> dict[str, Any]:
    """Each with its approval chain as it stands."""
    user = current_user(request)
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied(gettext("Your role does not work with returns."))
    rows = _rows(user)
    if filters.site is not None:
        rows = rows.filter(site_named(filters.site, via="site"))
    if filters.state is not None:
        rows = rows.filter(state=filters.state)
    result = paginate(request, rows, lambda row: row, order=("-recorded_at", "-id"), page=page)
    result["results"] = _many(user, result["results"])
    return result


@router.get("/returns/{int:return_id}", response=ReturnOut, summary="One return or exchange")
def get_return(request: HttpRequest, return_id: int) -> dict[str, Any]:
    user, row = _one(request, return_id)
    return _many(user, [row])[0]


@router.post("/returns", response={201: ReturnOut}, summary="Register a return or exchange (p14.3.4.7)")
def create_return(request: HttpRequest, body: ReturnIn) -> Status[dict[str, Any]]:
    """201 with its approval chain: the general manager (p12.15; for an exchange p14.3.4.7), and above the
    pack's amount the general manager's office meeting after them. Its first approvers are told."""
    user = current_user(request)
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied(gettext("Your role does not register returns."))
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
    complaint = one_of(
        given.complaint, lambda pk: Complaint.objects.filter(site=site, pk=pk).first(), "complaint", problems
    )
    part = one_of(given.part, lambda pk: Part.objects.filter(site=site, pk=pk).first(), "part", problems)

    def check(given: Any) -> list[FieldProblem]:
        return services.return_problems(
            site, by=user, kind=given.kind, customer=customer, purchase=purchase, complaint=complaint,
            content=given.content, amount=given.amount, part=part, quantity=given.quantity,
        )  # fmt: skip

    body.check(check, found=problems)
    row = services.register_return(
        site, by=user, kind=body.kind, customer=customer, purchase=purchase, complaint=complaint,  # type: ignore[arg-type]
        content=body.content, amount=body.amount, part=part, quantity=body.quantity,  # type: ignore[arg-type]
    )  # fmt: skip
    return Status(201, _many(user, [_rows(user).get(pk=row.pk)])[0])


@router.post("/returns/{int:return_id}/carry-out", response=ReturnOut, summary="Carry out an approved one")
def carry_out(request: HttpRequest, return_id: int, body: Empty) -> dict[str, Any]:
    """A return's goods back into the parts store and its refund from the after-sales account; an
    exchange's replacement issued from the store. The store keepers of the site; 409 unless approved."""
    user, row = _one(request, return_id)
    body.check(lambda given: services.carry_out_problems(row, by=user))
    services.carry_out(row, by=user)
    return _many(user, [_rows(user).get(pk=row.pk)])[0]


@router.post("/returns/{int:return_id}/withdraw", response=ReturnOut, summary="Close without approval")
def withdraw(request: HttpRequest, return_id: int, body: ReasonIn) -> dict[str, Any]:
    """Its chain is withdrawn; a return's costs fall on the customer (p12.15). 409 unless awaiting."""
    user, row = _one(request, return_id)
    services.withdraw(row, by=user, reason=body.reason)
    return _many(user, [_rows(user).get(pk=row.pk)])[0]
