"""The quota clauses in force at a site on a date, and the parameters their KPIs are counted with.

Reports compute KPIs in SQL over stored rows; what they are measured against (target, comparison, which
clauses bind, the rework window of p10.3.2c and the satisfied score of p10.3.2d) comes from the packs
through here, so the figures and the engine's ``kpi`` decisions count by the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from fuwu.core.models import Site
from fuwu.policy.compiled import compiler_for
from fuwu.policy.engine_period import DEFAULT_REWORK_WITHIN, DEFAULT_SATISFIED, METRIC_LABEL
from fuwu.policy.schema import Quota
from fuwu.regulations.policies import InForce, in_force

__all__ = ["KpiRules", "QuotaInForce", "compare", "kpi_rules", "kpi_rules_on"]


@dataclass(frozen=True)
class QuotaInForce:
    """One quota clause: its metric, the engine's name for it, and what the figure must reach."""

    clause: str
    metric: str
    name: str  # the engine's Chinese name of the metric (及时率, 返修率 …)
    title: str  # the clause's title (零修急修及时率100% …)
    target: Decimal | None
    compare: str | None  # ">=", ">", "<=", "<"; None for a weighted score
    pack: str
    pack_version: int


@dataclass(frozen=True)
class KpiRules:
    """The quotas binding a site on a date and the parameters of their metrics."""

    quotas: list[QuotaInForce]
    rework_within: dt.timedelta  # p10.3.2c: a reopening or rework this soon after completion is rework
    satisfied_min_score: int  # p10.3.2d: a return visit scoring this or more is satisfied
    zone: ZoneInfo  # the site's zone: months are local months


def kpi_rules(site: Site, on: dt.date) -> KpiRules:
    """The quotas in force at ``site`` on the local date ``on`` (one query: the site's profile)."""
    return kpi_rules_on(site, [on])[0]


def kpi_rules_on(site: Site, days: Sequence[dt.date]) -> list[KpiRules]:
    """The quotas in force at ``site`` on each of the local dates ``days`` (one query in all)."""
    force = in_force(site)
    return [_rules(force, day) for day in days]


def _rules(force: InForce, on: dt.date) -> KpiRules:
    rules = compiler_for(force.policy).on(on)
    quotas = [
        QuotaInForce(
            clause=cite.clause,
            metric=rule.metric,
            name=METRIC_LABEL.get(rule.metric, rule.metric),
            title=cite.title,
            target=target,
            compare=rule.compare if isinstance(rule, Quota) else None,
            pack=cite.pack,
            pack_version=cite.version,
        )
        for cite, rule, target in rules.quotas
    ]
    return KpiRules(
        quotas=quotas,
        rework_within=rules.rework_within or DEFAULT_REWORK_WITHIN,
        satisfied_min_score=rules.satisfied_min_score or DEFAULT_SATISFIED,
        zone=force.zone,
    )


def compare(hits: int, total: int, quota: QuotaInForce) -> bool | None:
    """Whether hits/total meets the quota, compared exactly (as the engine does); None when undecidable."""
    if total == 0 or quota.target is None or quota.compare is None:
        return None
    value, goal = Fraction(hits, total), Fraction(quota.target)
    return {">=": value >= goal, ">": value > goal, "<=": value <= goal, "<": value < goal}[quota.compare]
