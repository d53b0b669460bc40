"""The engine: facts in, decisions out, each citing the clause (and pack version) that decided it.

``evaluate`` judges events in time order (stable by input order) under the pack versions in force on each
event's local date in the site's zone, following the digest's common semantics and evaluation contract.
Rules are compiled once per Policy and set of pack versions into dispatch tables by event type
(``compiled.compiler_for``), so judging an event is a few dict lookups; Decimal is used only where money
is made.

Every decision has a ``key``: ``{kind}|{subject}|{what or clause}|{source}[|{detail}]``, where ``source``
is the ``ref`` of the event that produced it (for a deadline, the event that started its group) or, when
that event has no ref, ``#n`` — its position among the input's events of the same subject (employee,
order, …; periods count among periods). Keys are unique within one evaluation; with refs they do not
depend on what else the input holds (decision 0011).

The judging itself lives in ``engine_people`` (attendance, leave, incidents), ``engine_orders``
(deadlines and windows) and ``engine_period`` (tasks, samples, KPIs).
"""

from __future__ import annotations

import datetime as dt
import gc
from zoneinfo import ZoneInfo

from fuwu.policy.calendar import WorkCalendar
from fuwu.policy.decisions import Decision
from fuwu.policy.engine_orders import OrdersJudge
from fuwu.policy.engine_people import PeopleJudge
from fuwu.policy.engine_period import PeriodJudge
from fuwu.policy.fact_fields import DEFAULT_TZ
from fuwu.policy.fact_types import (
    SUBJECT_FIELD,
    Attendance,
    Campaign,
    Event,
    Facts,
    Incident,
    Leave,
    MoveIn,
    Period,
    Visitor,
)
from fuwu.policy.policy import Policy

__all__ = ["DEFAULT_TZ", "absence_runs", "evaluate"]

# Whose events an event counts among for its ``#n`` source: (subject kind, field naming the subject).
_OWNER: dict[str, tuple[str, str]] = {
    "attendance": ("employee", "employee"),
    "leave": ("employee", "employee"),
    "incident": ("employee", "employee"),
    "visitor": ("employee", "employee"),
    "period": ("period", ""),
}


def evaluate(
    policy: Policy,
    facts: Facts,
    *,
    tz: str | ZoneInfo = DEFAULT_TZ,
    as_of: dt.datetime | None = None,
    calendar: WorkCalendar | None = None,
) -> list[Decision]:
    """Return every decision the policy makes on the facts, in the order the facts were judged.

    With ``as_of`` (an aware datetime), a deadline still open whose due time is before it is ``breached``
    (``breached_at`` = due), and a window never checked whose end is before it is ``breached``. Events
    after ``as_of`` are still judged: the caller sends what has happened. ``calendar`` decides workdays
    and holidays for duties that follow the calendar (default: the Chinese calendar library).
    """
    if as_of is not None and as_of.utcoffset() is None:
        raise ValueError("as_of must be an aware datetime (with its offset)")
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    # Judging makes many small acyclic objects; the cycle collector would rescan all facts again and again
    # (a third of the time on 100,000 orders) while finding nothing, so it pauses for the call.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Judge(policy, facts, zone, as_of, calendar).run()
    finally:
        if collecting:
            gc.enable()


def absence_runs(
    policy: Policy, facts: Facts, *, tz: str | ZoneInfo = DEFAULT_TZ, calendar: WorkCalendar | None = None
) -> dict[str, int]:
    """Each employee's run of consecutive absent scheduled shifts at the end of the facts: the
    ``opening_absence_run`` of the input that follows them (decision 0011). An employee's month is sent
    with the run its last shifts before the month end with, so a run crossing a month's end counts."""
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    judge = _Judge(policy, facts, zone, None, calendar)
    judge.run()
    return {employee: person.run for employee, person in judge.people.items()}


class _Judge(PeopleJudge, OrdersJudge, PeriodJudge):
    def _order(self) -> tuple[list[int], list[float]]:
        """Event indexes by time (UTC), stable by input order, and each event's time as a timestamp."""
        starts: dict[tuple[dt.date, int], float] = {}
        keys: list[float] = []
        append = keys.append
        for event in self.facts.events:
            cls = event.__class__
            if cls is Attendance:
                slot = (event.date, event.shift_start)  # type: ignore[union-attr]
                key = starts.get(slot)
                if key is None:
                    key = starts[slot] = self.local(slot[0], slot[1]).timestamp()
                append(key)
            elif cls is Leave:
                append(self.local(event.start, 0).timestamp())  # type: ignore[union-attr]
            elif cls is Campaign and event.decided_at is not None:  # type: ignore[union-attr]
                append(event.decided_at.timestamp())  # type: ignore[union-attr]
            elif cls is Campaign or cls is MoveIn:
                append(self.local(event.date, 0).timestamp())  # type: ignore[union-attr]
            elif cls is Visitor or cls is Period:
                append(event.start.timestamp())  # type: ignore[union-attr]
            else:
                append(event.at.timestamp())  # type: ignore[union-attr]
        return sorted(range(len(keys)), key=keys.__getitem__), keys

    def _sources(self) -> list[str]:
        """Each event's source: its ref, or ``#n`` counted among the input's events of its subject."""
        seen: dict[tuple[str, str], int] = {}
        sources: list[str] = []
        append = sources.append
        for event in self.facts.events:
            ref = event.ref
            if ref is not None:
                append(ref)
                continue
            kind, name = _OWNER.get(event.type) or SUBJECT_FIELD[event.type]
            owner = (kind, getattr(event, name) if name else "")
            count = seen.get(owner, 0)
            seen[owner] = count + 1
            append(f"#{count}")
        return sources

    def run(self) -> list[Decision]:
        events = self.facts.events
        people = self.people
        rules_on = self.rules.on
        by_date = self.rules.by_date
        order, times = self._order()
        sources = self._sources()
        if order:
            first = dt.datetime.fromtimestamp(times[order[0]], self.zone)
            self.open_carry((first.year, first.month))
        for index in order:
            event: Event = events[index]
            self.ref, self.source = event.ref, sources[index]
            cls = event.__class__
            if cls is Attendance:
                rules = by_date.get(event.date) or rules_on(event.date)  # type: ignore[union-attr]
                self.attendance(event, people[event.employee], rules)  # type: ignore[arg-type,union-attr]
            elif cls is Leave:
                self.leave(event, people[event.employee])  # type: ignore[arg-type,union-attr]
            elif cls is Incident:
                self.incident(event, people[event.employee])  # type: ignore[arg-type,union-attr]
            elif cls is Visitor:
                self.visitor(event)  # type: ignore[arg-type]
            elif cls is Period:
                self.periods.append((event, event.ref, self.source))  # type: ignore[arg-type]
            else:
                self.happening(event)
        leftover = [group for groups in self.groups.values() for group in groups]
        leftover.sort(key=lambda group: (group.binding.due, group.serial))
        for group in leftover:
            self.close(group)
        self.close_windows()
        for period, ref, source in self.periods:
            self.ref, self.source = ref, source
            self.period(period)
        _unique_keys(self.out)
        return self.out


def _unique_keys(decisions: list[Decision]) -> None:
    """Make every key unique within the evaluation: a second decision with the same key gets ``#2`` …"""
    seen: set[str] = set()
    again: dict[str, int] = {}
    for decision in decisions:
        key = decision.key
        if key in seen:
            count = again[key] = again.get(key, 1) + 1
            decision.key = f"{key}#{count}"
        else:
            seen.add(key)
