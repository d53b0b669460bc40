"""What the KPI dashboard shows: the month's figures, six months of trend, and one row per technician.

Guaranteed: a fixed number of queries whatever the number of orders — the site's regulations once, three
counting queries per month shown, three for the technicians' table and one for their names.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fuwu.core.models import Site, User
from fuwu.regulations.quotas import kpi_rules_on
from fuwu.reports.kpis import KpiFigure, Scope, count, count_by, figures
from fuwu.reports.months import Month

TREND_MONTHS = 6


@dataclass(frozen=True)
class TechnicianRow:
    """One technician's figures for the month (``technician`` None: orders not dispatched to anyone)."""

    technician: User | None
    figures: list[KpiFigure]


@dataclass(frozen=True)
class Dashboard:
    site: Site
    month: Month
    technician_id: int | None
    figures: list[KpiFigure]
    trend: dict[str, Any]  # the charts' data, embedded in the page with json_script
    technicians: list[TechnicianRow]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def build(site: Site, month: Month, technician_id: int | None = None) -> Dashboard:
    """The dashboard of ``site`` for ``month`` (optionally one technician's orders only)."""
    months = month.last(TREND_MONTHS)
    rules = kpi_rules_on(site, [m.first_day for m in months])
    by_month = [
        figures(r.quotas, count(Scope(site, m, r, technician_id))) for m, r in zip(months, rules, strict=True)
    ]
    current = by_month[-1]
    trend: dict[str, Any] = {"months": [str(m) for m in months], "series": []}
    for position, figure in enumerate(current):
        trend["series"].append(
            {
                "clause": figure.clause,
                "name": figure.name,
                "values": [_number(month_figures[position].value) for month_figures in by_month],
                "target": _number(figure.target),
                "compare": figure.compare,
            }
        )
    scope = Scope(site, month, rules[-1], technician_id)
    grouped = count_by(scope, "technician")
    people = {user.pk: user for user in User.objects.filter(pk__in=[k for k in grouped if k is not None])}
    rows = [
        TechnicianRow(people.get(key) if key is not None else None, figures(scope.rules.quotas, counts))
        for key, counts in grouped.items()
    ]
    rows.sort(key=lambda row: (row.technician is None, str(row.technician or "")))
    return Dashboard(site, month, technician_id, current, trend, rows)
