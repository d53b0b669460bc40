"""Returns and exchanges (p12.15, p14.3.4.7): registered with the customer's facts and the amount, sent
through the approval chain (fuwu.approvals: the general manager; above the pack's amount the general
manager's office meeting too), and carried out once approved — the goods back into the parts store and
the refund from the department's account, or the replacement issued from the store.

The chain's outcome reaches the request through ``on_outcome`` (registered for the subject type
``return``), inside the decision's transaction. A return refused, or closed without approval, is at the
customer's cost (p12.15: the clause the chain recorded as its ``unapproved`` consequence).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.aftersales.models import Complaint, Part, ReturnRequest
from fuwu.aftersales.selectors.access import DESK_ROLES, PARTS_ROLES
from fuwu.aftersales.services import account, parts
from fuwu.aftersales.services.common import (
    customer_facts,
    customer_problems,
    money_problem,
    require,
    text_problem,
)
from fuwu.approvals import services as approvals
from fuwu.approvals.models import ApprovalRequest
from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.customers.models import Customer, Purchase

SUBJECT = "return"  # the approval chain's subject type
COSTS_TO_CUSTOMER = "costs_to_customer"
State = ReturnRequest.State


def clauses_of(kind: str) -> tuple[str, ...]:
    """What a request needs approval under: a return p12.15 (the general manager) and p14.3.4.7 (above the
    amount the office meeting); an exchange p14.3.4.7 alone — p12.15 speaks of returns."""
    return ("p12.15", "p14.3.4.7") if kind == ReturnRequest.Kind.RETURN else ("p14.3.4.7",)


def link(request: ReturnRequest) -> str:
    return reverse("aftersales:return", args=[request.pk])


def return_problems(
    site: Site,
    *,
    by: User,
    kind: Maybe[str],
    customer: Maybe[Customer | None],
    purchase: Maybe[Purchase | None],
    complaint: Maybe[Complaint | None],
    content: Maybe[str],
    amount: Maybe[Decimal | None],
    part: Maybe[Part | None],
    quantity: Maybe[int],
) -> list[FieldProblem]:
    """Every problem of a return or exchange to register; PermissionDenied off the desk."""
    require(by, site, DESK_ROLES, gettext("Your role does not register returns at this site."))
    problems: list[FieldProblem] = []
    if kind is not UNKNOWN and kind not in ReturnRequest.Kind.values:
        problems.append((("body", "kind"), gettext("Choose a return or an exchange.")))
    problems += customer_problems(site, customer, purchase)
    if complaint not in (None, UNKNOWN) and complaint.site_id != site.pk:  # type: ignore[union-attr]
        problems.append((("body", "complaint"), gettext("The complaint is not one of this site's.")))
    problems += text_problem(content, "content", longest=1000)
    problems += money_problem(amount, "amount")
    if part not in (None, UNKNOWN) and part.site_id != site.pk:  # type: ignore[union-attr]
        problems.append((("body", "part"), gettext("The part is not in this site's store.")))
    if part is None and kind == ReturnRequest.Kind.EXCHANGE:
        problems.append((("body", "part"), gettext("Name the part the replacement is issued from.")))
    if quantity is not UNKNOWN and not 1 <= quantity <= parts.LARGEST_QUANTITY:
        problems.append((("body", "quantity"), gettext("Give a quantity from 1 to 1,000,000.")))
    return problems


def register_return(
    site: Site,
    *,
    by: User,
    kind: str,
    customer: Customer,
    content: str,
    amount: Decimal,
    purchase: Purchase | None = None,
    complaint: Complaint | None = None,
    part: Part | None = None,
    quantity: int = 1,
) -> ReturnRequest:
    """Register the return or exchange (p14.3.4.7's facts) and ask for its approval: the chain the packs
    in force give for the amount (its first approvers are told)."""
    Invalid.unless_empty(
        return_problems(
            site, by=by, kind=kind, customer=customer, purchase=purchase, complaint=complaint,
            content=content, amount=amount, part=part, quantity=quantity,
        )
    )  # fmt: skip
    with transaction.atomic():
        request = ReturnRequest.objects.create(
            site=site,
            kind=kind,
            customer=customer,
            purchase=purchase,
            complaint=complaint,
            content=content.strip(),
            amount=amount,
            part=part,
            quantity=quantity,
            recorded_by=by,
            recorded_at=timezone.now(),
            **customer_facts(customer, purchase),
        )
        chain = approvals.request_approval(
            site=site,
            subject_type=SUBJECT,
            subject_id=request.pk,
            clauses=clauses_of(kind),
            by=by,
            summary=f"{request.get_kind_display()} {request.customer_name} {request.product} {amount} 元"[
                :300
            ],
            url=link(request),
            amount=amount,
            reason=request.content,
        )
        request.approval_id = chain.pk
        request.approver_role = ",".join(str(rule["role"]) for rule in chain.rules)[:40]
        request.approval_clause = chain.clause
        request.save(update_fields=["approval_id", "approver_role", "approval_clause"])
        audit.record_created(request, actor=by, action="aftersales.return", site=site)
    return request


def on_outcome(chain: ApprovalRequest, by: User | None) -> None:
    """The chain decided (or was withdrawn in the approvals app): the request follows, in the decision's
    transaction. Refused or withdrawn: the costs fall on the customer where the chain's first clause says
    so (p12.15)."""
    request = (
        ReturnRequest.objects.select_for_update(of=("self",))
        .select_related("site")
        .get(pk=int(chain.subject_id))
    )
    if request.state != State.AWAITING:
        return
    outcome = {
        ApprovalRequest.State.APPROVED: State.APPROVED,
        ApprovalRequest.State.REJECTED: State.REFUSED,
        ApprovalRequest.State.CANCELLED: State.WITHDRAWN,
    }[chain.state]  # type: ignore[index]
    _close(request, outcome, chain, by, note=chain.cancel_reason)


def _close(
    request: ReturnRequest, state: str, chain: ApprovalRequest, by: User | None, *, note: str = ""
) -> None:
    before = audit.snapshot(request)
    request.state = state
    request.decided_at = chain.decided_at or timezone.now()
    fields = ["state", "decided_at"]
    if state != State.APPROVED and chain.unapproved == COSTS_TO_CUSTOMER:
        request.costs_to_customer = True
        request.costs_clause = chain.clause
        request.costs_note = note.strip()[:300]
        fields += ["costs_to_customer", "costs_clause", "costs_note"]
    request.save(update_fields=fields)
    audit.record(
        actor=by, action=f"aftersales.return_{state}", obj=request, before=before,
        after=audit.snapshot(request), site=request.site,
    )  # fmt: skip


def withdraw(request: ReturnRequest, *, by: User, reason: str) -> ReturnRequest:
    """Close a request still awaiting approval (the customer took it back, or it was never approved): its
    chain is withdrawn; a return's costs fall on the customer (p12.15)."""
    require(by, request.site, DESK_ROLES, gettext("Your role does not handle returns at this site."))
    Invalid.unless_empty(text_problem(reason, "reason", longest=300))
    with transaction.atomic():
        request = (
            ReturnRequest.objects.select_for_update(of=("self",)).select_related("site").get(pk=request.pk)
        )
        if request.state != State.AWAITING or request.approval_id is None:
            raise Conflict(gettext("Only a request awaiting approval is closed without it."))
        chain = approvals.cancel(request.approval_id, by=by, reason=reason, by_subject=True)
        _close(request, State.WITHDRAWN, chain, by, note=reason)
    return request


def carry_out_problems(request: ReturnRequest, *, by: User) -> list[FieldProblem]:
    require(by, request.site, PARTS_ROLES, gettext("Your role does not keep the parts store at this site."))
    if request.state != State.APPROVED:
        raise Conflict(gettext("Only an approved return or exchange is carried out, once."))
    if request.kind == ReturnRequest.Kind.EXCHANGE and request.part is not None:
        return parts._stock_problem(request.part, request.quantity)
    return []


def carry_out(request: ReturnRequest, *, by: User, at: dt.datetime | None = None) -> ReturnRequest:
    """Do what was approved: a return's goods back into the store and its refund paid from the
    department's account; an exchange's replacement issued from the store (its cost charged)."""
    at = at or timezone.now()
    with transaction.atomic():
        request = (
            ReturnRequest.objects.select_for_update(of=("self",))
            .select_related("site", "part")
            .get(pk=request.pk)
        )
        Invalid.unless_empty(carry_out_problems(request, by=by))
        before = audit.snapshot(request)
        if request.kind == ReturnRequest.Kind.RETURN:
            if request.part is not None:
                parts.take_back(request.part, by=by, quantity=request.quantity, return_request=request, at=at)
            account.refund(request, by=by, at=at)
        else:
            assert request.part is not None  # an exchange names its part
            parts.issue(request.part, by=by, quantity=request.quantity, return_request=request, at=at)
        request.state, request.done_at, request.done_by = State.DONE, at, by
        request.save(update_fields=["state", "done_at", "done_by"])
        audit.record(
            actor=by, action="aftersales.return_done", obj=request, before=before,
            after=audit.snapshot(request), site=request.site,
        )  # fmt: skip
    return request
