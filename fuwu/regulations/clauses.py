"""What a site's regulations say about people outside evaluation: the clauses an incident may cite (their
text, what the recorder gives, who approves) and the full-attendance bonus (p01.3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fuwu.core.models import Site
from fuwu.policy.people import IncidentClause
from fuwu.policy.people import full_attendance_bonus as pack_bonus
from fuwu.policy.people import incident_clauses as pack_incident_clauses
from fuwu.regulations.policies import InForce, in_force

__all__ = ["IncidentClause", "clause_text", "full_attendance_bonus", "incident_clause", "incident_clauses"]


def incident_clauses(site: Site, on: dt.date) -> list[IncidentClause]:
    """The penalty and reward clauses in force at ``site`` on ``on``, as an incident form offers them."""
    return pack_incident_clauses(in_force(site).policy, on)


def incident_clause(site: Site, clause: str, on: dt.date) -> IncidentClause | None:
    """The clause ``clause`` if an incident at ``site`` on ``on`` may cite it."""
    return next((found for found in incident_clauses(site, on) if found.clause == clause), None)


def full_attendance_bonus(site: Site, on: dt.date) -> Decimal | None:
    """The full-attendance bonus the site's regulations set on ``on`` (an employee's own amount wins)."""
    return pack_bonus(in_force(site).policy, on)


def clause_text(policy: InForce, clause: str, on: dt.date) -> str:
    """The clause's text as the version in force on ``on`` words it ('' if it is not in force then)."""
    found = policy.policy.clause_at(clause, on)
    return found[1].text if found is not None else ""
