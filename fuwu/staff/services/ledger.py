"""The ledger follows the engine: an employee's month is evaluated and its entries made to match.

Append-only reconcile: an entry that stands (not a reversal, not reversed) and whose decision the engine
still gives unchanged stays; one whose decision is gone or changed gets a reversing entry; a decision
without a standing entry gets a new one. The same facts twice add nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fuwu.core.models import User
from fuwu.core.services import audit
from fuwu.regulations.calendars import work_calendar
from fuwu.regulations.policies import InForce, in_force
from fuwu.regulations.services import Decision, evaluate
from fuwu.staff.facts import month_facts, next_month, subject_of
from fuwu.staff.leave_facts import approved_leave
from fuwu.staff.models import AttendanceDay, Employee, LedgerEntry

MONEY_KINDS = frozenset(LedgerEntry.Kind.values)


@dataclass(frozen=True)
class LedgerChange:
    """What one reconcile wrote: entries added for new decisions, and reversals of gone or changed ones."""

    added: int = 0
    reversed: int = 0

    def __add__(self, other: LedgerChange) -> LedgerChange:
        return LedgerChange(self.added + other.added, self.reversed + other.reversed)


def standing(employee: Employee, month: dt.date) -> dict[str, LedgerEntry]:
    """The entries of the month that stand, by decision key."""
    rows = LedgerEntry.objects.filter(
        employee=employee, month=month, reverses__isnull=True, reversed_by__isnull=True
    )
    return {row.key: row for row in rows}


def _same(entry: LedgerEntry, decision: Decision) -> bool:
    return (
        entry.amount == decision.amount
        and entry.clause == decision.clause
        and entry.pack_version == decision.version
        and entry.because == decision.because[:300]
    )


def _clause_text(policy: InForce, decision: Decision, month: dt.date) -> str:
    found = policy.policy.clause_at(decision.clause, month)
    return found[1].text if found is not None else ""


def reconcile_month(employee: Employee, month: dt.date, *, by: User | None) -> LedgerChange:
    """Make ``employee``'s ledger for ``month`` (its first day) match the engine's decisions on the
    stored shifts. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reconcile_month must run inside the write's transaction")
    days = list(
        AttendanceDay.objects.filter(employee=employee, day__gte=month, day__lt=next_month(month)).order_by(
            "day", "shift_start"
        )
    )
    calendar = work_calendar()
    leave = approved_leave(employee, month, calendar)
    facts = month_facts(employee, month, days, in_force(employee.site).zone, leave=leave)
    evaluation = evaluate(employee.site, facts.events, employees=[facts.person], calendar=calendar)
    subject = subject_of(employee)
    wanted = {
        d.key: d
        for d in evaluation.decisions
        if d.kind in MONEY_KINDS and d.subject == subject and d.amount is not None
    }
    stands = standing(employee, month)
    now = timezone.now()
    reversals = [
        _reversal(entry, by, now)
        for key, entry in stands.items()
        if key not in wanted or not _same(entry, wanted[key])
    ]
    dates = {f"day:{row.pk}": row.day for row in days}
    dates.update((event["ref"], dt.date.fromisoformat(event["start"])) for event in leave.events)
    fresh = [
        _entry(employee, month, decision, evaluation.in_force, by, now, dates.get(decision.ref or ""))
        for key, decision in wanted.items()
        if key not in stands or not _same(stands[key], decision)
    ]
    _append([*reversals, *fresh], employee)
    return LedgerChange(added=len(fresh), reversed=len(reversals))


def _entry(
    employee: Employee,
    month: dt.date,
    decision: Decision,
    policy: InForce,
    by: User | None,
    now: dt.datetime,
    day: dt.date | None,
) -> LedgerEntry:
    assert decision.amount is not None
    return LedgerEntry(
        employee=employee,
        site_id=employee.site_id,
        month=month,
        day=day,
        kind=decision.kind,
        amount=decision.amount,
        clause=decision.clause,
        pack=decision.pack,
        pack_version=decision.version,
        profile=policy.profile,
        profile_version=policy.profile_version,
        clause_text=_clause_text(policy, decision, month),
        because=decision.because[:300],
        key=decision.key,
        by=by,
        at=now,
    )


def _reversal(entry: LedgerEntry, by: User | None, now: dt.datetime) -> LedgerEntry:
    return LedgerEntry(
        employee_id=entry.employee_id,
        site_id=entry.site_id,
        month=entry.month,
        day=entry.day,
        kind=entry.kind,
        amount=-entry.amount,
        clause=entry.clause,
        pack=entry.pack,
        pack_version=entry.pack_version,
        profile=entry.profile,
        profile_version=entry.profile_version,
        clause_text=entry.clause_text,
        because=entry.because,
        key=entry.key,
        reverses=entry,
        by=by,
        at=now,
    )


def _append(entries: list[LedgerEntry], employee: Employee) -> None:
    if not entries:
        return
    created = LedgerEntry.objects.bulk_create(entries)
    audit.record_many(
        [
            audit.Entry(
                action="ledger.reverse" if row.reverses_id else "ledger.add",
                obj=row,
                before=None,
                after=audit.snapshot(row),
                actor=row.by,
                site=employee.site,
            )
            for row in created
        ]
    )


def taken(by_kind: Mapping[str, Decimal]) -> Decimal:
    """What amounts by kind take from the wage: fines, deductions and compensation, less rewards."""
    result = Decimal("0.00")
    for kind, amount in by_kind.items():
        result += -amount if kind == LedgerEntry.Kind.REWARD else amount
    return result


def total(entries: Iterable[LedgerEntry]) -> Decimal:
    """What the entries take from the wage (``taken`` of their sums by kind)."""
    by_kind: dict[str, Decimal] = {}
    for entry in entries:
        by_kind[entry.kind] = by_kind.get(entry.kind, Decimal(0)) + entry.amount
    return taken(by_kind)
