"""What following the engine writes: ledger entries and their reversals, and HR's reviews.

``MonthChanges`` collects, month by month, what an employee's stored entries and reviews must become to
match the engine's decisions (``reconcile.reconcile_months`` feeds it); ``write_changes`` writes a chunk's
changes in a few statements, each row with its audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from fuwu.core.models import User
from fuwu.core.services import audit, outbox
from fuwu.regulations.clauses import clause_text
from fuwu.regulations.services import Decision
from fuwu.staff.models import Employee, LedgerEntry, Review
from fuwu.staff.selectors import payroll_people

if TYPE_CHECKING:
    from fuwu.staff.month_data import MonthsLoaded, Standing

MONEY_KINDS = frozenset(LedgerEntry.Kind.values)
REVIEW_KINDS = frozenset({"status", "needs_review"})


@dataclass(frozen=True)
class LedgerChange:
    """What one reconcile wrote: entries added for new decisions, reversals of gone or changed ones, and
    reviews opened for HR."""

    added: int = 0
    reversed: int = 0
    reviews: int = 0

    def __add__(self, other: LedgerChange) -> LedgerChange:
        return LedgerChange(
            self.added + other.added, self.reversed + other.reversed, self.reviews + other.reviews
        )


def _same(entry: Standing, decision: Decision) -> bool:
    return (
        entry.amount == decision.amount
        and entry.clause == decision.clause
        and entry.pack_version == decision.version
        and entry.because == decision.because[:300]
    )


@dataclass
class MonthChanges:
    """The rows a chunk of employees' months must add or change to follow the engine."""

    loaded: MonthsLoaded
    by: User | None
    now: dt.datetime
    # New entries, and the standing ones to reverse with the payroll month the reversal lands in (made in
    # ``write_changes`` from the whole row, read only for those), in the order they are written.
    entries: list[LedgerEntry | tuple[Standing, dt.date]] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    voided: list[Review] = field(default_factory=list)
    employees: dict[int, Employee] = field(default_factory=dict)

    def follow(
        self,
        employee: Employee,
        month: dt.date,
        decisions: Iterable[Decision],
        dates: Mapping[str, dt.date],
    ) -> None:
        """Make the month's entries and reviews those of ``decisions`` (the engine's, about ``employee``);
        ``dates`` gives the day of each fact by its ref."""
        self.employees[employee.pk] = employee
        money: dict[str, Decision] = {}
        review: dict[str, Decision] = {}
        for decision in decisions:
            if decision.kind in MONEY_KINDS and decision.amount is not None:
                money[decision.key] = decision
            elif decision.kind in REVIEW_KINDS:
                review[decision.key] = decision
        stands = self.loaded.standing.get((employee.pk, month), {})
        for key, entry in stands.items():
            if key not in money or not _same(entry, money[key]):
                self.entries.append((entry, self.loaded.landing(employee, entry.month)))
                self.loaded.carry_changed(employee.pk, entry, gone=True)
        for key, decision in money.items():
            if key not in stands or not _same(stands[key], decision):
                added = self._entry(employee, month, decision, dates.get(decision.ref or ""))
                self.entries.append(added)
                self.loaded.carry_changed(employee.pk, added, gone=False)
        self._follow_reviews(employee, month, review)

    def _entry(
        self, employee: Employee, period: dt.date, decision: Decision, day: dt.date | None
    ) -> LedgerEntry:
        assert decision.amount is not None
        policy = self.loaded.policy(employee)
        # Compensation carried over the 20 % cap is due in a later month: it counts there.
        due = decision.due.date().replace(day=1) if decision.due is not None else period
        return LedgerEntry(
            employee=employee,
            site_id=employee.site_id,
            month=self.loaded.landing(employee, max(due, period)),
            period=period,
            day=day,
            kind=decision.kind,
            amount=decision.amount,
            clause=decision.clause,
            pack=decision.pack,
            pack_version=decision.version,
            profile=policy.profile,
            profile_version=policy.profile_version,
            clause_text=clause_text(policy, decision.clause, period),
            because=decision.because[:300],
            key=decision.key,
            ref=(decision.ref or "")[:60],
            by=self.by,
            at=self.now,
        )

    def reversal(self, entry: LedgerEntry, month: dt.date) -> LedgerEntry:
        """The entry reversed: its opposite amount, counted in ``month``."""
        return LedgerEntry(
            employee_id=entry.employee_id,
            site_id=entry.site_id,
            month=month,
            period=entry.period,
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
            ref=entry.ref,
            reverses=entry,
            by=self.by,
            at=self.now,
        )

    def _follow_reviews(self, employee: Employee, month: dt.date, wanted: Mapping[str, Decision]) -> None:
        stored = self.loaded.reviews.get((employee.pk, month), {})
        for key, decision in wanted.items():
            if key in stored:
                continue
            self.reviews.append(
                Review(
                    employee=employee,
                    site_id=employee.site_id,
                    month=month,
                    kind=decision.kind,
                    status=decision.status or "",
                    clause=decision.clause,
                    pack_version=decision.version,
                    because=decision.because[:300],
                    key=key,
                    created_at=self.now,
                )
            )
        for key, row in stored.items():
            if row.kind in REVIEW_KINDS and key not in wanted and row.state == Review.State.OPEN:
                self.voided.append(row)


def write_changes(changes: MonthChanges) -> LedgerChange:
    """Insert the entries and reviews, void reviews whose decision is gone; every row audited; HR told of
    each new review once. Inside the caller's transaction."""
    reversed_rows = LedgerEntry.objects.in_bulk(
        [item[0].pk for item in changes.entries if isinstance(item, tuple)]
    )
    rows = [
        item if isinstance(item, LedgerEntry) else changes.reversal(reversed_rows[item[0].pk], item[1])
        for item in changes.entries
    ]
    created = LedgerEntry.objects.bulk_create(rows) if rows else []

    def written(action: str, row: LedgerEntry | Review, before: audit.JSONDict | None = None) -> audit.Entry:
        actor = row.by if isinstance(row, LedgerEntry) else changes.by
        site = changes.employees[row.employee_id].site
        return audit.Entry(action, row, before, audit.snapshot(row), actor=actor, site=site)

    entries = [written("ledger.reverse" if row.reverses_id else "ledger.add", row) for row in created]
    reviews = Review.objects.bulk_create(changes.reviews) if changes.reviews else []
    entries.extend(written("review.open", row) for row in reviews)
    for row in changes.voided:
        before = audit.snapshot(row)
        Review.objects.filter(pk=row.pk).update(state=Review.State.VOID, decided_at=changes.now)
        row.state, row.decided_at = Review.State.VOID, changes.now
        entries.append(written("review.void", row, before))
    if entries:
        audit.record_many(entries)
    if reviews:
        _tell_hr(reviews, changes)
    reversed_count = sum(1 for row in created if row.reverses_id)
    return LedgerChange(len(created) - reversed_count, reversed_count, len(reviews))


def _tell_hr(reviews: list[Review], changes: MonthChanges) -> None:
    """One message to the site's HR per new review: a status or a withheld wage waits for them."""
    hr: dict[int, list[outbox.Target]] = {}
    for row in reviews:
        employee = changes.employees[row.employee_id]
        if employee.site_id not in hr:
            hr[employee.site_id] = [outbox.in_app(person) for person in payroll_people(employee.site)]
        targets = hr[employee.site_id]
        if not targets:
            continue
        outbox.notify(
            targets=targets,
            subject=gettext("To review: %(name)s, %(clause)s")
            % {"name": employee.user, "clause": row.clause},
            body=row.because,
            url="/staff/reviews/",
            key=f"review:{row.pk}:open",
            site=employee.site,
            by=changes.by,
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
