"""The ledger follows the engine: employees' months are evaluated and their entries and reviews made to
match, many employees at a time.

Append-only reconcile: an entry that stands (not a reversal, not reversed) and whose decision the engine
still gives unchanged stays; one whose decision is gone or changed gets a reversing entry; a decision
without a standing entry gets a new one. The same facts twice add nothing. A month's entries count in its
payroll month while that is open; once it is closed, what changes lands in the next open month. Status
proposals and clauses that withhold wages become HR's reviews, never money (decisions/0008).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from fuwu.core.models import Site, User
from fuwu.regulations.calendars import work_calendar
from fuwu.regulations.services import Decision, absence_runs, evaluate
from fuwu.staff.facts import MonthFacts, attendance_events, month_facts, next_month, person_facts, subject_of
from fuwu.staff.leave_facts import leave_in_month
from fuwu.staff.models import Employee, Incident
from fuwu.staff.month_data import MonthsLoaded
from fuwu.staff.services.ledger import LedgerChange, MonthChanges, write_changes

CHUNK = 500  # employees whose months are read, judged and written together
Progress = Callable[[int, int], None]  # (employees done, of)


@dataclass(frozen=True)
class MonthDecisions:
    """The engine's answer for one employee's month: the decisions about them made by the month's own
    events, and the facts they came from."""

    decisions: list[Decision]
    facts: MonthFacts


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for a chunk's work, as the engine pauses it for each evaluation: a
    chunk makes hundreds of thousands of small acyclic objects (rows, facts, decisions), and the collector
    went through them again and again finding nothing (a tenth of the engine's time in a close of 10,000
    people). Between chunks it runs as usual, so what a chunk leaves is collected in time."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def reconcile_month(employee: Employee, month: dt.date, *, by: User | None) -> LedgerChange:
    """Make ``employee``'s ledger and reviews for ``month`` (its first day) match the engine's decisions on
    the stored facts. Must run inside the caller's transaction."""
    return reconcile_months([(employee, month)], by=by)


def reconcile_months(
    pairs: Iterable[tuple[Employee, dt.date]], *, by: User | None, progress: Progress | None = None
) -> LedgerChange:
    """Reconcile each (employee, month) as ``reconcile_month`` does, ``CHUNK`` employees at a time (a few
    queries and two inserts a chunk). Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reconcile_months must run inside the write's transaction")
    months_of: dict[Employee, set[dt.date]] = defaultdict(set)
    for employee, month in pairs:
        months_of[employee].add(month)
    people = sorted(months_of, key=lambda e: e.pk)
    # One writer of a site's ledger at a time: a close (which holds the same lock from its start) and an
    # import, a leave or an incident committed meanwhile queue here, so nothing lands in a month while it
    # is being closed — the later one finds the month closed and lands in the next (PostgreSQL; SQLite
    # queues every writer already).
    sites = sorted({employee.site_id for employee in people})
    list(Site.objects.select_for_update().filter(pk__in=sites).order_by("pk").values_list("pk", flat=True))
    change = LedgerChange()
    calendar = work_calendar()
    now = timezone.now()
    for start in range(0, len(people), CHUNK):
        chunk = people[start : start + CHUNK]
        with collector_paused():
            loaded = MonthsLoaded(chunk, {m for e in chunk for m in months_of[e]}, calendar)
            changes = MonthChanges(loaded, by=by, now=now)
            asked = [(employee, month) for employee in chunk for month in sorted(months_of[employee])]
            runs = _opening_runs(loaded, asked)
            for employee, month in asked:
                judged = _judge(loaded, employee, month, opening_run=runs.get((employee.pk, month), 0))
                changes.follow(employee, month, judged.decisions, judged.facts.dates)
            change += write_changes(changes)
        if progress is not None:
            progress(start + len(chunk), len(people))
    return change


def evaluate_month(employee: Employee, month: dt.date, *, extra: Sequence[Incident] = ()) -> MonthDecisions:
    """The engine's decisions on ``employee``'s month as stored, with ``extra`` incidents as if approved
    (an incident being recorded: what it would give). Decisions about others that the extra incidents
    make (a manager's joint liability) are kept too. Writes nothing."""
    loaded = MonthsLoaded([employee], {month}, work_calendar(), extra=extra)
    return _judge(loaded, employee, month, keep_extra=True)


def _judge(
    loaded: MonthsLoaded,
    employee: Employee,
    month: dt.date,
    *,
    keep_extra: bool = False,
    opening_run: int | None = None,
) -> MonthDecisions:
    """The engine's decisions on one employee's month; ``opening_run`` is the run of absences the month
    before ended with, when the caller worked it out for many at once."""
    if opening_run is None:
        opening_run = _opening_run(loaded, employee, month)
    end = next_month(month)
    zone = loaded.zone(employee)
    subject = subject_of(employee)
    leave = leave_in_month(employee, month, end, loaded.leave[employee.pk], loaded.calendar, subject)
    facts = month_facts(
        employee,
        month,
        loaded.days_in(employee, month),
        zone,
        leave=leave,
        incidents=loaded.incidents_in(employee, month),
        joint=loaded.joint_in(employee, month),
        people=loaded.people,
        managers=loaded.managers,
        openings=loaded.openings(employee, month, opening_run),
    )
    evaluation = evaluate(
        employee.site,
        facts.events,
        employees=facts.employees,
        calendar=loaded.calendar,
        policy=loaded.policy(employee),
    )
    extra_refs = loaded.extra_refs if keep_extra else frozenset()
    kept = [
        d
        for d in evaluation.decisions
        if (d.subject == subject and d.ref in facts.refs) or (d.ref is not None and d.ref in extra_refs)
    ]
    return MonthDecisions(kept, facts)


def _opening_run(loaded: MonthsLoaded, employee: Employee, month: dt.date) -> int:
    """The run of absent shifts the month before ended with, as the engine counts it on its last shifts."""
    return _opening_runs(loaded, [(employee, month)]).get((employee.pk, month), 0)


def _opening_runs(
    loaded: MonthsLoaded, asked: Sequence[tuple[Employee, dt.date]]
) -> dict[tuple[int, dt.date], int]:
    """``_opening_run`` of many employees' months: one call of the engine per site and month for all
    their last shifts (each person's run is counted on their own shifts alone). A month with no stored
    shift before it is left out: its run is 0."""
    groups: dict[tuple[int, dt.date], list[tuple[Employee, list[dict[str, Any]]]]] = defaultdict(list)
    for employee, month in asked:
        tail = loaded.tail_before(employee, month)
        if not tail:
            continue
        covered = loaded.covered_before(employee, month)
        events = attendance_events(employee, tail, loaded.zone(employee), covered)
        if events:
            groups[(employee.site_id, month)].append((employee, events))
    runs: dict[tuple[int, dt.date], int] = {}
    for (_site, month), people in groups.items():
        site = people[0][0].site
        found = absence_runs(
            site,
            [event for _employee, events in people for event in events],
            employees=[person_facts(employee, loaded.managers) for employee, _events in people],
            calendar=loaded.calendar,
        )
        for employee, _events in people:
            runs[(employee.pk, month)] = found.get(subject_of(employee), 0)
    return runs
