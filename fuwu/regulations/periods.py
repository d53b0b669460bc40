"""What a period owes: the reproducible return-visit sample and the KPI decisions, from the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fuwu.core.models import Site
from fuwu.regulations.calendars import work_calendar
from fuwu.regulations.services import evaluate

# (order id, received at, completed at)
Completed = tuple[str, dt.datetime, dt.datetime]


@dataclass(frozen=True)
class Drawn:
    """The orders a sampling clause chose for a period, and the clause that chose them."""

    chosen: list[str]
    clause: str
    pack_version: int
    because: str


@dataclass(frozen=True)
class Kpi:
    """One quota clause's value over a period, as the engine computes it."""

    clause: str
    metric: str
    value: Decimal | None
    target: Decimal | None
    holds: bool | None
    because: str


def _period(start: dt.datetime, end: dt.datetime, seed: int | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "period", "start": start.isoformat(), "end": end.isoformat()}
    if seed is not None:
        event["seed"] = seed
    return event


def sample(
    site: Site, completed: Sequence[Completed], start: dt.datetime, end: dt.datetime, seed: int
) -> Drawn:
    """Ask the engine which completed orders of [start, end) get a return visit (p15.r1, p10.3.10)."""
    events: list[dict[str, Any]] = []
    for order, received, done in completed:
        events.append({"type": "work_order.created", "order": order, "at": received.isoformat(), "tags": []})
        events.append({"type": "work_order.completed", "order": order, "at": done.isoformat()})
    events.append(_period(start, end, seed))
    decisions = evaluate(site, events, calendar=work_calendar()).decisions
    picks = [d for d in decisions if d.kind == "task" and d.what == "return_visit"]
    if not picks:
        return Drawn([], "p15.r1", 0, "本期没有已完工的工单")
    return Drawn([d.subject for d in picks], picks[0].clause, picks[0].version, picks[0].because)


def kpis(site: Site, events: Sequence[dict[str, Any]], start: dt.datetime, end: dt.datetime) -> list[Kpi]:
    """The engine's ``kpi`` decisions over the given facts for [start, end)."""
    decisions = evaluate(site, [*events, _period(start, end)], calendar=work_calendar()).decisions
    return [
        Kpi(d.clause, d.subject, d.value, d.target, d.holds, d.because) for d in decisions if d.kind == "kpi"
    ]
