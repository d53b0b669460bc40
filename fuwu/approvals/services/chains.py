"""Requesting, deciding and withdrawing a chain; the subject apps' handlers of outcomes (see the package's
docstring for the guarantees)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.approvals import deciders
from fuwu.approvals.deciders import NOT_A_STEP, NOTE_REQUIRED, Principal, principals_of
from fuwu.approvals.models import ApprovalRequest, ApprovalStep
from fuwu.approvals.services import notices
from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import audit
from fuwu.regulations.approvals import ApprovalRule, approval_rule, approval_text
from fuwu.regulations.policies import in_force

R = ApprovalRequest.State
S = ApprovalStep.State
CENT = Decimal("0.01")
NOTE_LENGTH = 2000

Handler = Callable[[ApprovalRequest, User | None], None]
_handlers: dict[str, Handler] = {}


def register_handler(subject_type: str, handler: Handler) -> None:
    """The subject app's handler of outcomes (call from ``AppConfig.ready()``; registering the same one
    again is harmless, another one for the same type is an error)."""
    existing = _handlers.get(subject_type)
    if existing is not None and existing is not handler:
        raise RuntimeError(f"approval handler for {subject_type!r} is already {existing!r}")
    _handlers[subject_type] = handler


# ------------------------------------------------------------------ requesting


def local_day(site: Site, at: dt.datetime) -> dt.date:
    """The day at the site when ``at`` happens: the day whose pack versions bind."""
    return at.astimezone(in_force(site).zone).date()


def rules_for(site: Site, clauses: Sequence[str], on: dt.date) -> list[ApprovalRule]:
    """The approval rule of each clause in force at ``site`` on ``on``; ``Conflict`` naming the first
    clause that has none (or that is the customer's own consent)."""
    found: list[ApprovalRule] = []
    for clause in clauses:
        rule = approval_rule(site, clause, on)
        if rule is None:
            message = gettext("The regulations in force at %(site)s ask for no approval under %(clause)s.")
            raise Conflict(message % {"site": site.name, "clause": clause})
        if rule.role in NOT_A_STEP:
            message = gettext("%(clause)s asks for the customer's consent, which is no staff approval.")
            raise Conflict(message % {"clause": clause})
        found.append(rule)
    return found


def _chain(rules: Sequence[ApprovalRule], amount: Decimal | None) -> list[tuple[str, str, list[str]]]:
    """(role, pack's word, clauses) of each step, in order; consecutive steps of one role merged."""
    steps: list[tuple[str, str, list[str]]] = []
    for rule in rules:
        above = rule.above_amount is not None and amount is not None and amount > rule.above_amount
        role, word = rule.role, rule.pack_role
        if above and rule.escalate_to is not None:
            role, word = rule.escalate_to, rule.pack_escalate_to or rule.escalate_to
        if steps and steps[-1][0] == role:
            steps[-1][2].append(rule.clause)
        else:
            steps.append((role, word, [rule.clause]))
    return steps


def _snapshot(rule: ApprovalRule, text: str) -> dict[str, Any]:
    return {
        "clause": rule.clause,
        "pack": rule.pack,
        "version": rule.version,
        "action": rule.action,
        "role": rule.role,
        "pack_role": rule.pack_role,
        "above_amount": None if rule.above_amount is None else str(rule.above_amount),
        "escalate_to": rule.escalate_to,
        "pack_escalate_to": rule.pack_escalate_to,
        "unapproved": rule.unapproved,
        "text": text,
    }


def request_approval(
    *,
    site: Site,
    subject_type: str,
    subject_id: int | str,
    clauses: str | Sequence[str],
    by: User | None,
    summary: str,
    url: str = "",
    amount: Decimal | None = None,
    reason: str = "",
    at: dt.datetime | None = None,
) -> ApprovalRequest:
    """Open the chain the clauses in force ask for; its first approvers (and delegates) are told."""
    wanted = [clauses] if isinstance(clauses, str) else list(clauses)
    if not wanted:
        raise ValueError("request_approval needs at least one clause")
    now = at or timezone.now()
    rules = rules_for(site, wanted, local_day(site, now))
    problems: list[FieldProblem] = []
    if amount is not None and amount < 0:
        problems.append((("body", "amount"), gettext("The amount cannot be negative.")))
    limited = [rule for rule in rules if rule.above_amount is not None]
    if amount is None and limited:
        message = gettext("Give the amount: above %(limit)s yuan %(clause)s asks for another approver.")
        problems.append(
            (("body", "amount"), message % {"limit": limited[0].above_amount, "clause": limited[0].clause})
        )
    Invalid.unless_empty(problems)
    value = None if amount is None else amount.quantize(CENT)
    first = rules[0]
    with transaction.atomic():
        if ApprovalRequest.objects.filter(
            subject_type=subject_type, subject_id=str(subject_id), state=R.PENDING
        ).exists():
            raise Conflict(gettext("This already awaits approval."))
        on = local_day(site, now)
        request = ApprovalRequest(
            site=site,
            subject_type=subject_type,
            subject_id=str(subject_id),
            summary=summary[:300],
            subject_url=url[:300],
            clause=first.clause,
            pack=first.pack,
            pack_version=first.version,
            action=first.action[:300],
            rules=[_snapshot(rule, approval_text(site, rule.clause, on)) for rule in rules],
            amount=value,
            unapproved=first.unapproved,
            reason=reason.strip(),
            requested_by=by if by is not None and by.pk is not None else None,
            requested_at=now,
        )
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError as error:  # a pending request made meanwhile (the partial unique index)
            raise Conflict(gettext("This already awaits approval.")) from error
        steps = [
            ApprovalStep(
                request=request,
                position=position,
                role=role,
                pack_role=word,
                step_clauses=clauses_of_step,
                state=S.PENDING if position == 1 else S.WAITING,
                pending_since=now if position == 1 else None,
            )
            for position, (role, word, clauses_of_step) in enumerate(_chain(rules, value), start=1)
        ]
        ApprovalStep.objects.bulk_create(steps)
        audit.record_created(
            request,
            actor=by,
            action="approval.request",
            site=site,
            extra={"steps": [[step.position, step.role, step.step_clauses] for step in steps]},
        )
        notices.tell_approvers(request, steps[0], by)
    return request


# ------------------------------------------------------------------ deciding


def _locked(request: ApprovalRequest | int) -> ApprovalRequest:
    pk = request if isinstance(request, int) else request.pk
    return ApprovalRequest.objects.select_for_update(of=("self",)).select_related("site").get(pk=pk)


def _steps(request: ApprovalRequest) -> list[ApprovalStep]:
    return list(ApprovalStep.objects.filter(request=request).order_by("position"))


def _current(steps: Sequence[ApprovalStep]) -> ApprovalStep | None:
    return next((step for step in steps if step.state == S.PENDING), None)


def decide_problems(
    request: ApprovalRequest,
    *,
    by: User,
    note: Maybe[str],
    step: int | None = None,
    steps: Sequence[ApprovalStep] | None = None,
    principals: Sequence[Principal] | None = None,
) -> list[FieldProblem]:
    """PermissionDenied unless ``by`` may decide the request's step; Conflict when it has no step
    awaiting a decision (or not step ``step``); then the note's problems."""
    chain = list(steps) if steps is not None else _steps(request)
    current = _current(chain)
    # Who may decide is judged on the step awaiting a decision, or on the last one decided.
    judged = current or next((s for s in reversed(chain) if s.decided_at is not None), chain[-1])
    who = principals if principals is not None else principals_of(by)
    if deciders.deciding_for(request, judged, by, who) is None:
        if request.requested_by_id == by.pk:
            raise PermissionDenied(gettext("You cannot decide a request you made yourself."))
        raise PermissionDenied(
            gettext("Only the approver this step needs, or their delegate, may decide it.")
        )
    if current is None or request.state != R.PENDING:
        raise Conflict(gettext("This request has been decided already."))
    if step is not None and step != current.position:
        raise Conflict(gettext("This step has been decided already."))
    problems: list[FieldProblem] = []
    if note is not UNKNOWN:
        if current.role in NOTE_REQUIRED and not note.strip():
            message = gettext("Write the office meeting's decision: its date and what it decided.")
            problems.append((("body", "note"), message))
        if len(note) > NOTE_LENGTH:
            problems.append((("body", "note"), gettext("At most 2000 characters.")))
    return problems


def decide(
    request: ApprovalRequest | int,
    *,
    by: User,
    approve: bool,
    note: str = "",
    step: int | None = None,
    at: dt.datetime | None = None,
) -> ApprovalRequest:
    """Approve or reject the step awaiting a decision; see the module's guarantees."""
    with transaction.atomic():
        locked = _locked(request)
        chain = _steps(locked)
        who = principals_of(by, at)
        Invalid.unless_empty(
            decide_problems(locked, by=by, note=note, step=step, steps=chain, principals=who)
        )
        current = _current(chain)
        assert current is not None
        principal = deciders.deciding_for(locked, current, by, who)
        assert principal is not None
        now = at or timezone.now()
        before = audit.snapshot(current)
        current.state = S.APPROVED if approve else S.REJECTED
        current.decided_by = by
        current.on_behalf_of = principal.user if principal.delegated else None
        current.note = note.strip()
        current.decided_at = now
        current.save()
        entries = [
            audit.Entry(
                "approval.step.approve" if approve else "approval.step.reject",
                current,
                before,
                audit.snapshot(current),
                by,
                locked.site,
            )
        ]
        following = [s for s in chain if s.position > current.position]
        if approve and following:
            upcoming = following[0]
            entry_before = audit.snapshot(upcoming)
            upcoming.state = S.PENDING
            upcoming.pending_since = now
            upcoming.save(update_fields=["state", "pending_since"])
            entries.append(
                audit.Entry(
                    "approval.step.open", upcoming, entry_before, audit.snapshot(upcoming), by, locked.site
                )
            )
            audit.record_many(entries)
            notices.tell_approvers(locked, upcoming, by)
            return locked
        for later in following:
            entry_before = audit.snapshot(later)
            later.state = S.SKIPPED
            later.save(update_fields=["state"])
            entries.append(
                audit.Entry("approval.step.skip", later, entry_before, audit.snapshot(later), by, locked.site)
            )
        _close(locked, R.APPROVED if approve else R.REJECTED, now, by, entries)
    return locked


def _close(
    request: ApprovalRequest, state: str, now: dt.datetime, by: User | None, entries: list[audit.Entry]
) -> None:
    """The request's outcome: saved, audited, the requester told (written here, in the caller's
    transaction); the subject's handler is called by the caller."""
    before = audit.snapshot(request)
    request.state = state
    request.decided_at = now
    request.save(update_fields=["state", "decided_at", "cancel_reason"])
    entries.append(
        audit.Entry(f"approval.{state}", request, before, audit.snapshot(request), by, request.site)
    )
    audit.record_many(entries)
    handler = _handlers.get(request.subject_type)
    if handler is not None and state != R.CANCELLED:
        handler(request, by)
    notices.tell_requester(request, by)


# ------------------------------------------------------------------ cancelling


def cancel(
    request: ApprovalRequest | int, *, by: User | None, reason: str = "", by_subject: bool = False
) -> ApprovalRequest:
    """Withdraw a pending request; ``by_subject``: the subject's own app withdraws it (it checked who may,
    and its handler is not called back). Otherwise the requester or a general manager may."""
    with transaction.atomic():
        locked = _locked(request)
        if not by_subject and not may_cancel(locked, by):
            raise PermissionDenied(
                gettext("Only the person who asked, or a general manager, may withdraw it.")
            )
        if locked.state != R.PENDING:
            raise Conflict(gettext("This request has been decided already."))
        now = timezone.now()
        entries: list[audit.Entry] = []
        for step in _steps(locked):
            if step.state in (S.PENDING, S.WAITING):
                before = audit.snapshot(step)
                step.state = S.SKIPPED
                step.save(update_fields=["state"])
                entries.append(
                    audit.Entry("approval.step.skip", step, before, audit.snapshot(step), by, locked.site)
                )
        locked.cancel_reason = reason.strip()[:300]
        _close(locked, R.CANCELLED, now, by, entries)
        handler = _handlers.get(locked.subject_type)
        if handler is not None and not by_subject:
            handler(locked, by)
    return locked


def may_cancel(request: ApprovalRequest, by: User | None) -> bool:
    """Whether ``by`` may withdraw the request themselves: its requester or a general manager."""
    if by is None:
        return False
    return by.pk == request.requested_by_id or by.is_superuser or by.has_role(Role.GENERAL_MANAGER)
