"""What a site's regulations name as duties done when something happens (``every: event``), and a
clause's title as the version in force words it: the engine schedules recurring duties by the calendar,
but an event-driven one (p16.b3's next contact when a file is made, p08.15's holiday greeting, p08.16's
invitation to an activity) becomes a task only when the app records its happening, citing the clause."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fuwu.core.models import Site
from fuwu.policy.schema import Duty
from fuwu.regulations.policies import in_force

__all__ = ["CitedClause", "EventDuty", "clause_in_force", "event_duty"]


@dataclass(frozen=True, slots=True)
class EventDuty:
    """A duty the packs attach to a happening, with the clause and pack version naming it."""

    clause: str
    pack: str
    version: int
    what: str
    title: str
    checklist: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CitedClause:
    """A clause as worded in the pack version in force."""

    clause: str
    pack: str
    version: int
    title: str
    text: str


def event_duty(site: Site, what: str, on: dt.date) -> EventDuty | None:
    """The duty ``what`` that falls due on a happening (``every: event``) at ``site`` on ``on``, or None
    where no pack in force there names one."""
    for pack in in_force(site).policy.packs_at(on):
        for clause in pack.clauses:
            for rule in clause.rules:
                if isinstance(rule, Duty) and rule.what == what and rule.recurrence.every == "event":
                    return EventDuty(
                        clause.id, pack.id, pack.version, rule.what, rule.title, tuple(rule.checklist)
                    )
    return None


def clause_in_force(site: Site, clause: str, on: dt.date) -> CitedClause | None:
    """The clause ``clause`` as the version in force at ``site`` on ``on`` words it, or None."""
    found = in_force(site).policy.clause_at(clause, on)
    if found is None:
        return None
    pack, worded = found
    return CitedClause(worded.id, pack.id, pack.version, worded.title, worded.text)
