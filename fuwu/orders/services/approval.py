"""p10.3.5 on the approvals mechanism: work outside the company's service list waits for the department
head (a supervisor of the order's site, or their delegate) in the general approvals queue.

The chain is asked for where the order is marked outside the service list (intake), when p10.3.5 is in
force at the site; the order keeps only ``approval`` (pending / approved / rejected), a copy the approvals
app's outcome writes through ``on_outcome`` in the decision's transaction, so that the board, the API's
rows and completion read it without a join. Completion stays blocked while it is pending or rejected.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.approvals import services as approvals
from fuwu.approvals.models import ApprovalRequest
from fuwu.approvals.selectors import is_approver, request_for
from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid
from fuwu.core.models import User
from fuwu.core.services import audit
from fuwu.orders.models import Order
from fuwu.orders.services import steps
from fuwu.regulations.approvals import approval_rule

SUBJECT = "order"
CLAUSE = "p10.3.5"
S = Order.Status
OPEN = (S.CREATED, S.DISPATCHED, S.ACCEPTED, S.ARRIVED)


def ask(order: Order, *, by: User | None) -> str:
    """Ask for p10.3.5's approval of a new order outside the service list; the order's ``approval``
    (pending, or not needed where the site's regulations ask for none). Call inside the order's write."""
    if approval_rule(order.site, CLAUSE, approvals.local_day(order.site, timezone.now())) is None:
        return Order.Approval.NOT_NEEDED
    approvals.request_approval(
        site=order.site,
        subject_type=SUBJECT,
        subject_id=order.pk,
        clauses=CLAUSE,
        by=by,
        summary=summary_of(order),
        url=reverse("orders:detail", args=[order.pk]),
        reason=order.description,
    )
    return Order.Approval.PENDING


def summary_of(order: Order) -> str:
    """How the approvals queue names the order: its number and place (data, no page words)."""
    return f"{order.number or order.pk} {order.place}".strip()


def pending_request(order: Order) -> ApprovalRequest | None:
    chain = request_for(SUBJECT, order.pk)
    return chain if chain is not None and chain.is_pending else None


def approval_problems(order: Order, *, by: User) -> list[FieldProblem]:
    """A decision has no field to check: PermissionDenied unless ``by`` may decide the order's pending
    step (a supervisor of its site or their delegate); Conflict when nothing awaits approval."""
    chain = pending_request(order)
    if chain is None:
        _require_approver(by)
        steps.require_state(order, OPEN, "approval")
        raise Conflict(gettext("Order %(number)s has nothing awaiting approval.") % {"number": order.number})
    problems = approvals.decide_problems(chain, by=by, note=UNKNOWN)
    steps.require_state(order, OPEN, "approval")
    return problems


def decide_approval(order: Order, *, by: User, approved: bool, note: str = "") -> Order:
    """The department head approves or refuses work outside the service list (p10.3.5), through the
    order's approval request; the order follows in the same transaction (``on_outcome``)."""
    _require_approver(by)
    with transaction.atomic():
        order = steps.lock(order, OPEN, "approval")
        Invalid.unless_empty(approval_problems(order, by=by))
        chain = pending_request(order)
        assert chain is not None
        approvals.decide(chain, by=by, approve=approved, note=note)
        order.refresh_from_db()
    return order


def _require_approver(by: User) -> None:
    """403 before anything else for someone who approves nothing, not even as a delegate."""
    if not is_approver(by):
        raise PermissionDenied(gettext("This role may not do this."))


def withdraw(order: Order, *, by: User | None, reason: str) -> None:
    """The order is cancelled: its pending request goes with it (this app checked who may)."""
    chain = pending_request(order)
    if chain is not None:
        approvals.cancel(chain, by=by, reason=reason, by_subject=True)


def on_outcome(chain: ApprovalRequest, by: User | None) -> None:
    """The approvals app decided (or withdrew) the order's request: the order's copy and its timeline
    follow, audited. A withdrawn request refuses the work as a rejection does."""
    order = Order.objects.select_for_update(of=("self",)).select_related("site").get(pk=int(chain.subject_id))
    approved = chain.state == ApprovalRequest.State.APPROVED
    before = audit.snapshot(order)
    order.approval = Order.Approval.APPROVED if approved else Order.Approval.REJECTED
    steps.save(order, before, by, "order.approve" if approved else "order.reject")
    decided = chain.last_decision()
    note = chain.outcome_note()
    data = {"approval": chain.pk}
    if decided is not None and decided.on_behalf_of_id is not None:
        data["on_behalf_of"] = decided.on_behalf_of_id
    steps.log(
        order, "approved" if approved else "rejected", chain.decided_at or timezone.now(), by, note, data
    )
