"""The one way in: apps hand over the facts of one subject; the door evaluates and reconciles stored rows.

``reconcile`` is idempotent: the same facts leave the same rows; changed facts change them, and a
deadline, window or task that the engine no longer gives becomes ``void`` (never deleted). Every row keeps
clause, pack version, profile version and the engine's ``because``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import Conflict
from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.policy.calendar import CalendarYearUnknown, WorkCalendar
from fuwu.policy.decisions import Decision
from fuwu.policy.engine import absence_runs as engine_absence_runs
from fuwu.policy.engine import evaluate as engine_evaluate
from fuwu.policy.facts import InputError, parse_facts
from fuwu.regulations.models import Obligation, SiteRegulation
from fuwu.regulations.policies import InForce, in_force, shipped_profiles

__all__ = [
    "Decision",
    "Evaluation",
    "FactsRejected",
    "absence_runs",
    "evaluate",
    "reconcile",
    "void_subject",
]

Event = dict[str, Any]
STORED_KINDS = frozenset({"deadline", "window", "task"})
# Fields a reconcile may change on a stored row.
_TRACKED = (
    "kind",
    "what",
    "clause",
    "pack",
    "pack_version",
    "profile",
    "profile_version",
    "because",
    "due",
    "earliest",
    "state",
    "met_at",
    "breached_at",
)


class CalendarMissing(Conflict):
    """A period needs workdays of a year whose official arrangement is not entered yet (409 in the API)."""

    def __init__(self, year: int) -> None:
        message = gettext(
            "The official holiday arrangement of %(year)s is not entered yet: ask an administrator to enter"
            " it under “Holiday arrangements” in the admin, then try again."
        )
        super().__init__(message % {"year": year})
        self.year = year


class FactsRejected(Exception):
    """The app built facts the engine refuses: a bug in the app's facts builder, never the user's input."""


@dataclass(frozen=True)
class Evaluation:
    """What the engine decided for one subject, and the policy it used."""

    decisions: list[Decision]
    in_force: InForce


def evaluate(
    site: Site,
    events: Sequence[Event],
    *,
    as_of: dt.datetime | None = None,
    employees: Sequence[Mapping[str, Any]] = (),
    calendar: WorkCalendar | None = None,
    policy: InForce | None = None,
) -> Evaluation:
    """Judge the events under the regulations in force at ``site`` (``policy``: as read already, by a
    caller judging many subjects of the site at once; else read now).

    A period that reaches into a year whose holidays nobody has entered yet raises ``CalendarMissing``.
    """
    policy = policy or in_force(site)
    try:
        facts = parse_facts(
            {"employees": list(employees), "events": list(events)}, policy.policy, tz=policy.zone
        )
    except InputError as error:
        raise FactsRejected(error.message) from error
    try:
        decisions = engine_evaluate(policy.policy, facts, tz=policy.zone, as_of=as_of, calendar=calendar)
    except CalendarYearUnknown as error:
        raise CalendarMissing(error.year) from error
    return Evaluation(decisions, policy)


def absence_runs(
    site: Site,
    events: Sequence[Event],
    *,
    employees: Sequence[Mapping[str, Any]],
    calendar: WorkCalendar | None = None,
) -> dict[str, int]:
    """Each employee's run of consecutive absent shifts at the end of ``events`` (an opening balance)."""
    policy = in_force(site)
    try:
        facts = parse_facts(
            {"employees": list(employees), "events": list(events)}, policy.policy, tz=policy.zone
        )
    except InputError as error:
        raise FactsRejected(error.message) from error
    try:
        return engine_absence_runs(policy.policy, facts, tz=policy.zone, calendar=calendar)
    except CalendarYearUnknown as error:
        raise CalendarMissing(error.year) from error


def reconcile(
    site: Site,
    subject_type: str,
    subject_id: str | int,
    events: Sequence[Event],
    *,
    as_of: dt.datetime | None = None,
    assignee: User | None = None,
    link: str = "",
    keep: Callable[[Decision], bool] | None = None,
    new: bool = False,
) -> Evaluation:
    """Evaluate the subject's facts and make its stored obligations match the engine's answer.

    ``keep`` lets the caller leave out decisions that do not bind this subject (a return visit is owed
    only by orders chosen for one); a row whose decision is left out becomes void like any other.
    ``new`` says the subject was created in this transaction, so it has no stored rows yet: they are not
    read, and the engine's rows are inserted in one statement (each still gets its audit entry).
    Must run inside the caller's transaction, after the subject's rows are written.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reconcile must run inside the write's transaction")
    now = timezone.now()
    evaluation = evaluate(site, events, as_of=as_of or now)
    policy = evaluation.in_force
    wanted: dict[str, Decision] = {}
    for decision in evaluation.decisions:
        if decision.kind in STORED_KINDS and (keep is None or keep(decision)):
            wanted[decision.key] = decision
    if new:
        _insert(site, subject_type, str(subject_id), wanted, policy, assignee, link, now)
        return evaluation
    existing = {
        row.key: row
        for row in Obligation.objects.filter(subject_type=subject_type, subject_id=str(subject_id))
    }
    missing = {key: decision for key, decision in wanted.items() if key not in existing}
    if missing:
        _insert(site, subject_type, str(subject_id), missing, policy, assignee, link, now)
    for key, row in existing.items():
        found = wanted.get(key)
        if found is None:
            continue
        changed = {
            name: value for name, value in _values(found, policy).items() if getattr(row, name) != value
        }
        # Work still to do moves to the new assignee: open, or overdue and not yet done (a deadline met late
        # is breached with its met_at, and stays with whoever did it).
        pending = changed.get("state", row.state) == Obligation.State.OPEN or (
            changed.get("state", row.state) == Obligation.State.BREACHED
            and changed.get("met_at", row.met_at) is None
        )
        if row.assignee_id != (assignee.pk if assignee else None) and pending:
            changed["assignee"] = assignee
        if changed:
            _update(row, changed, now, site)
    for key, row in existing.items():
        if key not in wanted and row.state != Obligation.State.VOID:
            _update(row, {"state": Obligation.State.VOID}, now, site)
    return evaluation


def _insert(
    site: Site,
    subject_type: str,
    subject_id: str,
    wanted: Mapping[str, Decision],
    policy: InForce,
    assignee: User | None,
    link: str,
    now: dt.datetime,
) -> None:
    """Store rows the subject does not have yet: one INSERT of the rows, one of their audit entries."""
    rows = [
        Obligation(
            site=site,
            subject_type=subject_type,
            subject_id=subject_id,
            key=key,
            assignee=assignee,
            link=link,
            created_at=now,
            updated_at=now,
            **_values(decision, policy),
        )
        for key, decision in wanted.items()
    ]
    # Both databases return the new ids from a bulk insert (SQLite ≥ 3.35, PostgreSQL), so each row's
    # audit entry names it, as record_created one by one would.
    created = Obligation.objects.bulk_create(rows)
    audit.record_many(
        [
            audit.Entry(
                action="obligation.create", obj=row, before=None, after=audit.snapshot(row), site=site
            )
            for row in created
        ]
    )


def _values(decision: Decision, policy: InForce) -> dict[str, Any]:
    if decision.kind == "window":
        due, earliest = decision.latest, decision.earliest
        state = getattr(decision, "state", None) or "open"
    else:
        due, earliest = decision.due, None
        state = decision.status or "open"
    return {
        "kind": decision.kind,
        "what": decision.what or "",
        "clause": decision.clause,
        "pack": decision.pack,
        "pack_version": decision.version,
        "profile": policy.profile,
        "profile_version": policy.profile_version,
        "because": decision.because[:300],
        "due": due,
        "earliest": earliest,
        "state": state,
        "met_at": getattr(decision, "met_at", None),
        "breached_at": getattr(decision, "breached_at", None),
    }


def _update(row: Obligation, changed: dict[str, Any], now: dt.datetime, site: Site) -> None:
    before = audit.snapshot(row)
    for name, value in changed.items():
        setattr(row, name, value)
    row.updated_at = now
    row.save(update_fields=[*changed, "updated_at"])
    audit.record(
        actor=None, action="obligation.update", obj=row, before=before, after=audit.snapshot(row), site=site
    )


def void_subject(site: Site, subject_type: str, subject_id: str | int) -> int:
    """The subject no longer counts (a cancelled order): every row becomes void, met and breached ones too,
    so no quota counts it; the audit trail keeps what they were. Return how many changed."""
    now = timezone.now()
    rows = Obligation.objects.filter(subject_type=subject_type, subject_id=str(subject_id)).exclude(
        state=Obligation.State.VOID
    )
    count = 0
    for row in rows:
        _update(row, {"state": Obligation.State.VOID}, now, site)
        count += 1
    return count


def set_profile(site: Site, profile: str, *, by: User | None) -> SiteRegulation:
    """Bind ``site`` to a shipped profile; the version goes up so every process picks up the change."""
    if profile not in shipped_profiles():
        raise ValueError(f"unknown profile {profile!r}")
    with transaction.atomic():
        row = SiteRegulation.objects.select_for_update().filter(site=site).first()
        if row is None:
            row = SiteRegulation.objects.create(site=site, profile=profile, version=1)
            audit.record_created(row, actor=by, action="regulations.bind", site=site)
            return row
        before = audit.snapshot(row)
        row.profile = profile
        row.version += 1
        row.changed_at = timezone.now()
        row.save()
        audit.record(
            actor=by,
            action="regulations.change",
            obj=row,
            before=before,
            after=audit.snapshot(row),
            site=site,
        )
        return row
