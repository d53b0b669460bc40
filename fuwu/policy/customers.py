"""What the application asks the packs about customers and their managers, outside evaluation: when a
call to an owner is allowed (p08.23), a weighted selection or appraisal score (p05.select, p05.appraise),
and which customers are core by revenue (p05.core).

Pure Python like the rest of the library; each answer names the clause and pack version it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from fuwu.policy.compiled import compiler_for
from fuwu.policy.policy import Policy
from fuwu.policy.schema import Pareto, WeightedScore

SCORE_PLACES = Decimal("0.01")
DAY_MINUTES = 24 * 60


@dataclass(frozen=True, slots=True)
class Cited:
    clause: str
    pack: str
    version: int


def call_allowed(policy: Policy, at: dt.datetime, zone: ZoneInfo, *, emergency: bool = False) -> bool:
    """Whether a call to an owner at ``at`` keeps every call-hours clause in force then (p08.23: not in the
    lunch break, before 08:00 or after 21:00, unless an emergency where the clause allows it)."""
    local = at.astimezone(zone)
    minute = local.hour * 60 + local.minute
    for hours in compiler_for(policy).on(local.date()).call_hours:
        if emergency and hours.except_emergency:
            continue
        if not any(low <= minute <= high for low, high in hours.allowed):
            return False
    return True


def next_call_time(policy: Policy, after: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The first whole minute at or after ``after`` when a non-emergency call is allowed (within a week;
    ``after`` itself when no clause limits calls)."""
    local = after.astimezone(zone).replace(second=0, microsecond=0)
    if local < after.astimezone(zone):
        local += dt.timedelta(minutes=1)
    for _ in range(7 * DAY_MINUTES):
        if call_allowed(policy, local, zone):
            return local
        local += dt.timedelta(minutes=1)
    return after


@dataclass(frozen=True, slots=True)
class Score:
    """A weighted score (0–100) with the clause that weighs it and the weights used."""

    value: Decimal
    weights: dict[str, Decimal]
    cited: Cited
    because: str


def weighted_score(policy: Policy, metric: str, on: dt.date, marks: Mapping[str, Decimal]) -> Score | None:
    """The ``metric`` (``selection_score`` or ``appraisal_score``) of ``marks`` (each criterion 0–100) by
    the weights of the clause in force on ``on``; None when no clause weighs it. A criterion without a
    mark counts 0; a mark for a criterion the clause does not weigh is ignored."""
    for pack in policy.packs_at(on):
        for clause in pack.clauses:
            for rule in clause.rules:
                if isinstance(rule, WeightedScore) and rule.metric == metric:
                    weights = {name: Decimal(str(weight)) for name, weight in rule.weights.items()}
                    total = sum((weights[name] * marks.get(name, Decimal(0)) for name in weights), Decimal(0))
                    value = total.quantize(SCORE_PLACES, ROUND_HALF_UP)
                    parts = "、".join(
                        f"{name}{marks.get(name, Decimal(0))}×{weights[name]}" for name in weights
                    )
                    return Score(value, weights, Cited(clause.id, pack.id, pack.version), f"{parts}={value}")
    return None


@dataclass(frozen=True, slots=True)
class CoreCustomers:
    """The smallest set of customers bringing the clause's share of revenue, largest first."""

    chosen: list[str]
    share: Decimal
    revenue: Decimal
    total: Decimal
    cited: Cited


def core_customers(policy: Policy, on: dt.date, revenue: Mapping[str, Decimal]) -> CoreCustomers | None:
    """p05.core: customers by revenue, largest first (ties by id), until their revenue reaches the clause's
    share of the total; None when no clause in force on ``on`` picks core customers."""
    for pack in policy.packs_at(on):
        for clause in pack.clauses:
            for rule in clause.rules:
                if not isinstance(rule, Pareto):
                    continue
                share = Decimal(str(policy.resolve(pack.id, rule.revenue_share)))
                ranked = sorted((amount, name) for name, amount in revenue.items() if amount > 0)
                ranked.sort(key=lambda item: (-item[0], item[1]))
                total = sum((amount for amount, _name in ranked), Decimal(0))
                chosen: list[str] = []
                reached = Decimal(0)
                for amount, name in ranked:
                    if total == 0 or reached >= share * total:
                        break
                    chosen.append(name)
                    reached += amount
                return CoreCustomers(chosen, share, reached, total, Cited(clause.id, pack.id, pack.version))
    return None
