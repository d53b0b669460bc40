"""Who is told what: the approvers (and their delegates) when a step waits, the requester when decided."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from fuwu.approvals import deciders
from fuwu.approvals.models import ApprovalRequest, ApprovalStep
from fuwu.core.models import User
from fuwu.core.services import outbox

R = ApprovalRequest.State


def tell_approvers(request: ApprovalRequest, step: ApprovalStep, by: User | None) -> None:
    """The step's role holders for the request's site and their delegates in force, not the requester:
    once per step (the key names it)."""
    people = deciders.holders_and_delegates(step.role, request.site_id)
    targets = [outbox.in_app(pk) for pk in people if pk != request.requested_by_id]
    if not targets:
        return
    outbox.notify_many(
        [
            outbox.Notice(
                targets=targets,
                subject=gettext("Awaiting your approval: %(summary)s (%(clause)s)")
                % {"summary": request.summary, "clause": ", ".join(step.step_clauses)},
                body=request.action,
                url=reverse("approvals:request", args=[request.pk]),
                key=f"approval:{request.pk}:step:{step.position}:waiting",
                site=request.site,
            )
        ],
        by=by,
    )


def tell_requester(request: ApprovalRequest, by: User | None) -> None:
    """The requester, of the outcome, unless they brought it about themselves (withdrew it)."""
    if request.requested_by_id is None or request.requested_by_id == getattr(by, "pk", None):
        return
    subjects = {
        R.APPROVED: gettext("Approved: %(summary)s"),
        R.REJECTED: gettext("Rejected: %(summary)s"),
        R.CANCELLED: gettext("Withdrawn: %(summary)s"),
    }
    outbox.notify(
        targets=[outbox.in_app(request.requested_by_id)],
        subject=subjects[R(request.state)] % {"summary": request.summary},
        body=request.action,
        url=reverse("approvals:request", args=[request.pk]),
        key=f"approval:{request.pk}:{request.state}",
        site=request.site,
        by=by,
    )
