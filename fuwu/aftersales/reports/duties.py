"""When each report is due, as the regulations in force say (their duties' recurrence, through the door):
the parts-cost report and the service summary on a month's last day, the feedback on the week's Friday."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fuwu.core.models import Site
from fuwu.regulations.calendars import work_calendar
from fuwu.regulations.services import CalendarMissing, evaluate

PARTS_COST = "monthly_parts_cost_report"
FEEDBACK = "weekly_feedback_to_general_manager"
SUMMARY = "monthly_service_forms_report"


@dataclass(frozen=True)
class Due:
    """A report's duty in a period: when it is due, the clause and pack version that set it."""

    what: str
    due: dt.datetime
    clause: str
    pack_version: int
    title: str


def duties_in(site: Site, start: dt.datetime, end: dt.datetime) -> dict[str, Due]:
    """The report duties the engine gives for [start, end), by what they are (the first of each)."""
    try:
        decisions = evaluate(
            site,
            [{"type": "period", "start": start.isoformat(), "end": end.isoformat()}],
            calendar=work_calendar(),
        ).decisions
    except CalendarMissing:
        return {}
    found: dict[str, Due] = {}
    for d in decisions:
        if d.kind == "task" and d.what in (PARTS_COST, FEEDBACK, SUMMARY) and d.due is not None:
            found.setdefault(d.what, Due(d.what, d.due, d.clause, d.version, d.because))
    return found
