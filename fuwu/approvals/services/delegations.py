"""Delegations: an approver away hands their approvals to a colleague for a period, and it ends."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.approvals.deciders import APPROVER_ROLES
from fuwu.approvals.models import Delegation
from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.services import audit, outbox


def delegate_problems(
    *,
    delegator: Maybe[User],
    delegate: Maybe[User],
    starts_at: Maybe[dt.datetime],
    ends_at: Maybe[dt.datetime],
    by: User,
    now: dt.datetime | None = None,
) -> list[FieldProblem]:
    """PermissionDenied unless ``by`` hands over their own approvals (or is a general manager); then every
    problem of the delegation at once."""
    if (
        delegator is not UNKNOWN
        and delegator.pk != by.pk
        and not (by.is_superuser or by.has_role(Role.GENERAL_MANAGER))
    ):
        raise PermissionDenied(
            gettext("Only the approver, or a general manager, may hand over their approvals.")
        )
    now = now or timezone.now()
    problems: list[FieldProblem] = []
    if delegator is not UNKNOWN and not (delegator.is_active and delegator.has_role(*APPROVER_ROLES)):
        problems.append((("body", "delegator"), gettext("This person approves nothing to hand over.")))
    if delegate is not UNKNOWN:
        if not delegate.is_active:
            problems.append((("body", "delegate"), gettext("This person can no longer sign in.")))
        elif delegator is not UNKNOWN and delegate.pk == delegator.pk:
            problems.append((("body", "delegate"), gettext("Hand the approvals to someone else.")))
    if starts_at is not UNKNOWN and ends_at is not UNKNOWN and ends_at <= starts_at:
        problems.append((("body", "ends_at"), gettext("The end must be after the start.")))
    elif ends_at is not UNKNOWN and ends_at <= now:
        problems.append((("body", "ends_at"), gettext("The end must be in the future.")))
    return problems


def delegate(
    *,
    delegator: User,
    delegate: User,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: User,
    reason: str = "",
) -> Delegation:
    """Hand ``delegator``'s approvals to ``delegate`` from ``starts_at`` until ``ends_at``; the delegate is
    told. ``Conflict`` when the approver already has a delegation for part of that period."""
    now = timezone.now()
    Invalid.unless_empty(
        delegate_problems(
            delegator=delegator, delegate=delegate, starts_at=starts_at, ends_at=ends_at, by=by, now=now
        )
    )
    with transaction.atomic():
        # The approver's row is the lock: two overlapping delegations made at once give one.
        User.objects.select_for_update().filter(pk=delegator.pk).exists()
        overlapping = Delegation.objects.filter(
            delegator=delegator, ended_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=max(starts_at, now)
        ).first()
        if overlapping is not None:
            message = gettext(
                "%(name)s has handed their approvals to %(delegate)s for part of this period already."
            )
            raise Conflict(message % {"name": delegator, "delegate": overlapping.delegate})
        delegation = Delegation.objects.create(
            delegator=delegator,
            delegate=delegate,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason.strip()[:300],
            created_by=by,
            created_at=now,
        )
        audit.record_created(delegation, actor=by, action="approval.delegate")
        zone = timezone.get_current_timezone()
        outbox.notify(
            targets=[outbox.in_app(delegate)],
            subject=gettext("%(name)s hands you their approvals from %(start)s until %(end)s")
            % {
                "name": delegator,
                "start": f"{starts_at.astimezone(zone):%Y-%m-%d %H:%M}",
                "end": f"{ends_at.astimezone(zone):%Y-%m-%d %H:%M}",
            },
            body=delegation.reason,
            url=reverse("approvals:queue"),
            key=f"delegation:{delegation.pk}:made",
            by=by,
        )
    return delegation


def end_delegation(delegation: Delegation | int, *, by: User) -> Delegation:
    """End a delegation now (the approver is back); the approver, the delegate or a general manager may.
    ``Conflict`` when it has ended already."""
    with transaction.atomic():
        pk = delegation if isinstance(delegation, int) else delegation.pk
        locked = Delegation.objects.select_for_update().get(pk=pk)
        allowed = (
            by.pk in (locked.delegator_id, locked.delegate_id)
            or by.is_superuser
            or by.has_role(Role.GENERAL_MANAGER)
        )
        if not allowed:
            raise PermissionDenied(
                gettext("Only the approver, the delegate or a general manager may end it.")
            )
        now = timezone.now()
        if locked.ended_at is not None or locked.ends_at <= now:
            raise Conflict(gettext("This delegation has ended already."))
        before = audit.snapshot(locked)
        locked.ended_at = now
        locked.ended_by = by
        locked.save(update_fields=["ended_at", "ended_by"])
        audit.record(
            actor=by,
            action="approval.delegation.end",
            obj=locked,
            before=before,
            after=audit.snapshot(locked),
        )
    return locked
