"""Reads of the approvals app: what waits for a person (by role, site and delegation), what they may see,
a subject's latest request, and delegations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from fuwu.approvals.deciders import APPROVER_ROLES, Principal, deciding_for, principals_of
from fuwu.approvals.models import ApprovalRequest, ApprovalStep, Delegation
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to

# Roles that see every request of their sites (not only those they made, decided or may decide).
READER_ROLES = frozenset({Role.GENERAL_MANAGER, Role.SUPERVISOR})


@dataclass(frozen=True)
class Waiting:
    """A step waiting for the user: decided by them in their own right, or on behalf of ``for_user``."""

    step: ApprovalStep
    request: ApprovalRequest
    for_user: User | None


def waiting_for(user: User, at: dt.datetime | None = None, limit: int = 200) -> list[Waiting]:
    """The pending steps ``user`` may decide now, oldest first (four queries whatever their number)."""
    principals = principals_of(user, at)
    return _waiting(user, principals, limit)


def _waiting(user: User, principals: Sequence[Principal], limit: int) -> list[Waiting]:
    where: Q | None = None
    for principal in principals:
        found = principal.steps_q()
        if found is not None:
            where = found if where is None else where | found
    if where is None:
        return []
    steps = (
        ApprovalStep.objects.filter(where, state=ApprovalStep.State.PENDING)
        .exclude(request__requested_by=user)
        .select_related("request", "request__site", "request__requested_by")
        .order_by("pending_since", "id")[:limit]
    )
    rows: list[Waiting] = []
    for step in steps:
        deciding = deciding_for(step.request, step, user, principals)
        if deciding is not None:
            rows.append(Waiting(step, step.request, deciding.user if deciding.delegated else None))
    return rows


def is_approver(user: User, at: dt.datetime | None = None) -> bool:
    """Whether ``user`` decides any step at all now: holds an approver's role, or stands in for one."""
    return any(principal.roles & APPROVER_ROLES for principal in principals_of(user, at))


def waiting_count(user: User) -> int:
    """How many steps wait for ``user`` (the home page's open work)."""
    principals = principals_of(user)
    where: Q | None = None
    for principal in principals:
        found = principal.steps_q()
        if found is not None:
            where = found if where is None else where | found
    if where is None:
        return 0
    return (
        ApprovalStep.objects.filter(where, state=ApprovalStep.State.PENDING)
        .exclude(request__requested_by=user)
        .count()
    )


def visible_requests(user: User) -> QuerySet[ApprovalRequest]:
    """The requests ``user`` may see: every one of their sites for the approver roles; otherwise those
    they made, decided, or may decide now (as a delegate)."""
    if not user.is_active:
        return ApprovalRequest.objects.none()
    decided = ApprovalStep.objects.filter(request=OuterRef("pk"), decided_by=user)
    where = Q(requested_by=user) | Q(Exists(decided))
    if user.is_superuser or user.has_role(*READER_ROLES):
        where |= Q(site__in=sites_visible_to(user))
    waiting = [row.request.pk for row in waiting_for(user)]
    if waiting:
        where |= Q(pk__in=waiting)
    return ApprovalRequest.objects.filter(where)


def request_for(subject_type: str, subject_id: int | str) -> ApprovalRequest | None:
    """The subject's latest request (pending or decided), or None."""
    return (
        ApprovalRequest.objects.filter(subject_type=subject_type, subject_id=str(subject_id))
        .order_by("-id")
        .first()
    )


def requests_for(subject_type: str, subject_ids: Iterable[int | str]) -> dict[str, ApprovalRequest]:
    """Each subject's latest request, by subject id as text (one query)."""
    found: dict[str, ApprovalRequest] = {}
    rows = ApprovalRequest.objects.filter(
        subject_type=subject_type, subject_id__in=[str(pk) for pk in subject_ids]
    ).order_by("subject_id", "-id")
    for row in rows:
        found.setdefault(row.subject_id, row)
    return found


def steps_of(request: ApprovalRequest) -> list[ApprovalStep]:
    """The chain's steps in order, with who decided and for whom."""
    return list(
        ApprovalStep.objects.filter(request=request)
        .select_related("decided_by", "on_behalf_of")
        .order_by("position")
    )


def current_step(steps: Sequence[ApprovalStep]) -> ApprovalStep | None:
    return next((step for step in steps if step.state == ApprovalStep.State.PENDING), None)


def may_decide(
    request: ApprovalRequest, user: User, steps: Sequence[ApprovalStep] | None = None
) -> Principal | None:
    """Whom ``user`` would decide the pending step for now (themselves or a delegator); None if they may
    not, or nothing waits."""
    if request.state != ApprovalRequest.State.PENDING:
        return None
    step = current_step(steps if steps is not None else steps_of(request))
    if step is None:
        return None
    return deciding_for(request, step, user, principals_of(user))


def delegations_of(user: User) -> QuerySet[Delegation]:
    """The delegations ``user`` gave or took (a general manager: everyone's), newest first."""
    rows = Delegation.objects.select_related("delegator", "delegate", "created_by", "ended_by")
    if user.is_superuser or user.has_role(Role.GENERAL_MANAGER):
        return rows.order_by("-starts_at", "-id")
    return rows.filter(Q(delegator=user) | Q(delegate=user)).order_by("-starts_at", "-id")


def in_force_now(delegation: Delegation, at: dt.datetime | None = None) -> bool:
    return delegation.in_force(at or timezone.now())
