"""Approvals and delegations: the requests a person may see (or what waits for them), one request with its
chain, deciding and withdrawing it; handing approvals over while away. The same services as the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.approvals import services
from fuwu.approvals.deciders import Principal, deciding_for, principals_of
from fuwu.approvals.models import ApprovalRequest, ApprovalStep, Delegation
from fuwu.approvals.selectors import delegations_of, visible_requests, waiting_for
from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import Moment, ObjectId
from fuwu.core.errors import UNKNOWN, FieldProblem, Maybe
from fuwu.core.models import User

router = Router(tags=["approvals"])
PERSON = "The person's id, as in GET /staff."
ROLE = (
    "Who decides: general_manager, general_manager_meeting (the 总经理办公会, recorded by a general manager "
    "with the meeting's note), supervisor (the department head at the request's site) …"
)
States = Literal["pending", "approved", "rejected", "cancelled"]


class ApproverOut(Schema):
    id: int
    name: str


class StepOut(Schema):
    position: int = Field(description="1, 2 …: decided in this order.")
    role: str = Field(description=ROLE)
    pack_role: str = Field(description="The pack's own word for the approver (department_head …).")
    clauses: list[str] = Field(description="The clauses this step answers.")
    state: Literal["waiting", "pending", "approved", "rejected", "skipped"] = Field(
        description="waiting: not reached yet; pending: awaits its decision; skipped: not needed after a "
        "rejection or a withdrawal."
    )
    pending_since: dt.datetime | None
    decided_by: ApproverOut | None
    on_behalf_of: ApproverOut | None = Field(
        description="The approver away whose delegate decided (decided_by); null: they decided."
    )
    note: str
    decided_at: dt.datetime | None


class ApprovalOut(Schema):
    id: int
    site: str = Field(description="The site's code.")
    subject_type: str = Field(description="What is approved: order (p10.3.5), return …")
    subject_id: str = Field(description="The subject's id in its own app (an order's id for order).")
    summary: str
    url: str = Field(description="The subject's page.")
    clause: str = Field(description="The first clause the request answers.")
    clauses: list[str]
    pack_version: int = Field(description="The version of the first clause's pack in force when asked.")
    action: str = Field(description="What needs approval, in the pack's words.")
    text: str = Field(description="The clauses' text, as the packs in force when asked said it.")
    amount: Decimal | None = Field(description="元; decides who approves where a pack sets an amount.")
    unapproved: str = Field(
        description="What follows without approval: violation, refused, costs_to_customer (p12.15) …"
    )
    costs_to_customer: bool = Field(description="Rejected or withdrawn, and the costs fall on the customer.")
    reason: str
    state: States
    requested_by: ApproverOut | None
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    cancel_reason: str
    steps: list[StepOut]
    may_decide: bool = Field(description="Whether the caller may decide the pending step now.")


class ApprovalFilters(Schema):
    state: States | None = None
    waiting: bool = Field(
        False,
        description="true: only the requests whose pending step the caller may decide now (their queue).",
    )
    subject_type: str | None = Field(None, max_length=30)
    subject_id: str | None = Field(
        None, max_length=64, description="With subject_type: one subject's requests."
    )


class ApprovalDecisionIn(Body):
    approve: bool = Field(description="true approves the pending step, false rejects the request.")
    note: str = Field(
        "",
        max_length=2000,
        description="Why; required for the office meeting's step (its date and decision).",
    )
    step: ObjectId | None = Field(
        None,
        description="The position of the step decided, as the caller saw it: 409 when it is decided already.",
    )


class ApprovalCancelIn(Body):
    reason: str = Field("", max_length=300)


class DelegationIn(Body):
    delegator: ObjectId | None = Field(
        None,
        description=PERSON + " The approver away; omitted: the caller (a general manager may name another).",
    )
    delegate: ObjectId = Field(description=PERSON + " Who decides on their behalf.")
    starts_at: Moment
    ends_at: Moment
    reason: str = Field("", max_length=300)


class DelegationOut(Schema):
    id: int
    delegator: ApproverOut
    delegate: ApproverOut
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str
    in_force: bool = Field(description="Whether the delegate may decide on the approver's behalf now.")
    ended_at: dt.datetime | None = Field(description="When it was ended early; null otherwise.")
    ended_by: ApproverOut | None


def _person(user: User | None) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": str(user)}


def _with_steps(rows: QuerySet[ApprovalRequest]) -> QuerySet[ApprovalRequest]:
    steps = ApprovalStep.objects.select_related("decided_by", "on_behalf_of").order_by("position")
    return rows.select_related("site", "requested_by").prefetch_related(Prefetch("steps", queryset=steps))


def _out(chain: ApprovalRequest, user: User, principals: Sequence[Principal]) -> dict[str, Any]:
    steps = list(chain.steps.all())
    current = next((step for step in steps if step.state == ApprovalStep.State.PENDING), None)
    return {
        "id": chain.pk,
        "site": chain.site.code,
        "subject_type": chain.subject_type,
        "subject_id": chain.subject_id,
        "summary": chain.summary,
        "url": chain.subject_url,
        "clause": chain.clause,
        "clauses": chain.clauses,
        "pack_version": chain.pack_version,
        "action": chain.action,
        "text": chain.rule_text(),
        "amount": chain.amount,
        "unapproved": chain.unapproved,
        "costs_to_customer": chain.costs_to_customer,
        "reason": chain.reason,
        "state": chain.state,
        "requested_by": _person(chain.requested_by),
        "requested_at": chain.requested_at,
        "decided_at": chain.decided_at,
        "cancel_reason": chain.cancel_reason,
        "steps": [
            {
                "position": step.position,
                "role": step.role,
                "pack_role": step.pack_role,
                "clauses": step.step_clauses,
                "state": step.state,
                "pending_since": step.pending_since,
                "decided_by": _person(step.decided_by),
                "on_behalf_of": _person(step.on_behalf_of),
                "note": step.note,
                "decided_at": step.decided_at,
            }
            for step in steps
        ],
        "may_decide": current is not None and deciding_for(chain, current, user, principals) is not None,
    }


def _fresh(user: User, pk: int) -> dict[str, Any]:
    chain = _with_steps(ApprovalRequest.objects.filter(pk=pk)).get()
    return _out(chain, user, principals_of(user))


@router.get("/approvals", response=page_of(ApprovalOut), summary="Approval requests, newest first")
def list_approvals(
    request: HttpRequest, page: Query[PageParams], filters: Query[ApprovalFilters]
) -> dict[str, Any]:
    """The general managers and supervisors see their sites' requests; everyone sees those they asked
    for, decided, or may decide now as a delegate. `waiting=true` is the caller's queue."""
    user = current_user(request)
    principals = principals_of(user)
    if filters.waiting:
        rows = ApprovalRequest.objects.filter(pk__in=[row.request.pk for row in waiting_for(user)])
    else:
        rows = visible_requests(user)
    if filters.state is not None:
        rows = rows.filter(state=filters.state)
    if filters.subject_type is not None:
        rows = rows.filter(subject_type=filters.subject_type)
        if filters.subject_id is not None:
            rows = rows.filter(subject_id=filters.subject_id)
    result = paginate(request, _with_steps(rows), lambda row: row, order=("-requested_at", "-id"), page=page)
    result["results"] = [_out(chain, user, principals) for chain in result["results"]]
    return result


@router.get(
    "/approvals/{int:approval_id}", response=ApprovalOut, summary="One approval request and its chain"
)
def get_approval(request: HttpRequest, approval_id: int) -> dict[str, Any]:
    user = current_user(request)
    chain = _with_steps(visible_requests(user)).get(pk=approval_id)
    return _out(chain, user, principals_of(user))


@router.post(
    "/approvals/{int:approval_id}/decide", response=ApprovalOut, summary="Approve or reject the pending step"
)
def decide(request: HttpRequest, approval_id: int, body: ApprovalDecisionIn) -> dict[str, Any]:
    """Only a holder of the step's role at the request's site (the general managers for the company-wide
    roles) or their delegate in force now, never the requester (403). A step decided already, by someone
    else first: 409. Approving the last step approves the request; rejecting any step rejects it, and the
    subject's app follows in the same transaction."""
    user = current_user(request)
    chain = visible_requests(user).get(pk=approval_id)

    def problems(given: Any) -> list[FieldProblem]:
        step = None if given.step is UNKNOWN else given.step
        return services.decide_problems(chain, by=user, note=given.note, step=step)

    body.check(problems)
    services.decide(chain, by=user, approve=body.approve, note=body.note, step=body.step)
    return _fresh(user, chain.pk)


@router.post(
    "/approvals/{int:approval_id}/cancel", response=ApprovalOut, summary="Withdraw a pending request"
)
def cancel(request: HttpRequest, approval_id: int, body: ApprovalCancelIn) -> dict[str, Any]:
    """The requester or a general manager (403 for others); 409 once it is decided."""
    user = current_user(request)
    chain = visible_requests(user).get(pk=approval_id)
    services.cancel(chain, by=user, reason=body.reason)
    return _fresh(user, chain.pk)


def _delegation_out(row: Delegation) -> dict[str, Any]:
    return {
        "id": row.pk,
        "delegator": _person(row.delegator),
        "delegate": _person(row.delegate),
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "reason": row.reason,
        "in_force": row.in_force(),
        "ended_at": row.ended_at,
        "ended_by": _person(row.ended_by),
    }


@router.get("/delegations", response=page_of(DelegationOut), summary="Delegations, newest first")
def list_delegations(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Those the caller gave or took; a general manager sees everyone's."""
    user = current_user(request)
    result = paginate(request, delegations_of(user), _delegation_out, order=("-starts_at", "-id"), page=page)
    return result


@router.post("/delegations", response={201: DelegationOut}, summary="Hand approvals over while away")
def create_delegation(request: HttpRequest, body: DelegationIn) -> Status[dict[str, Any]]:
    """The delegate decides what waits for the approver, on their behalf, from `starts_at` until
    `ends_at`. The approver themselves, or a general manager (403 for others); one delegation of an
    approver at a time (409); the delegator must approve something, the delegate be someone else, the end
    after the start and in the future (422)."""
    user = current_user(request)
    people = _people(body)
    found: list[FieldProblem] = []
    for name in ("delegator", "delegate"):
        given = getattr(body.given, name)
        if isinstance(given, int) and given not in people:
            found.append((("body", name), gettext("No such person.")))

    def problems(given: Any) -> list[FieldProblem]:
        delegator: Maybe[User] = UNKNOWN
        if given.delegator is None:
            delegator = user
        elif isinstance(given.delegator, int) and given.delegator in people:
            delegator = people[given.delegator]
        delegate: Maybe[User] = UNKNOWN
        if isinstance(given.delegate, int) and given.delegate in people:
            delegate = people[given.delegate]
        return services.delegate_problems(
            delegator=delegator, delegate=delegate, starts_at=given.starts_at, ends_at=given.ends_at, by=user
        )

    body.check(problems, found=found)
    delegator = user if body.delegator is None else people[body.delegator]
    row = services.delegate(
        delegator=delegator,
        delegate=people[body.delegate],
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        by=user,
        reason=body.reason,
    )
    return Status(201, _delegation_out(delegations_of(user).get(pk=row.pk)))


@router.post("/delegations/{int:delegation_id}/end", response=DelegationOut, summary="End a delegation now")
def end_delegation(request: HttpRequest, delegation_id: int) -> dict[str, Any]:
    """The approver is back: the approver, the delegate or a general manager (403 for others); 409 when it
    has ended already."""
    user = current_user(request)
    row = delegations_of(user).get(pk=delegation_id)
    services.end_delegation(row, by=user)
    return _delegation_out(delegations_of(user).get(pk=row.pk))


def _people(body: DelegationIn) -> dict[int, User]:
    given = body.given
    ids = [value for value in (given.delegator, given.delegate) if isinstance(value, int)]
    return {user.pk: user for user in User.objects.filter(pk__in=ids, is_active=True)}
