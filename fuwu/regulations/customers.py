"""What a site's regulations say about customers and their managers outside evaluation: when an owner may
be called (p08.23), selection and appraisal scores (p05.select, p05.appraise), core customers (p05.core)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from fuwu.core.models import Site
from fuwu.policy import customers as library
from fuwu.policy.customers import CoreCustomers, Score
from fuwu.regulations.policies import in_force

__all__ = ["CoreCustomers", "Score", "call_allowed", "core_customers", "next_call_time", "weighted_score"]


def call_allowed(site: Site, at: dt.datetime, *, emergency: bool = False) -> bool:
    """Whether a call at ``at`` keeps the site's call hours."""
    policy = in_force(site)
    return library.call_allowed(policy.policy, at, policy.zone, emergency=emergency)


def next_call_time(site: Site, after: dt.datetime) -> dt.datetime:
    """The first minute at or after ``after`` when the site's regulations allow a call to an owner."""
    policy = in_force(site)
    return library.next_call_time(policy.policy, after, policy.zone)


def weighted_score(site: Site, metric: str, on: dt.date, marks: Mapping[str, Decimal]) -> Score | None:
    """``selection_score`` or ``appraisal_score`` of ``marks`` by the weights in force at the site."""
    return library.weighted_score(in_force(site).policy, metric, on, marks)


def core_customers(site: Site, on: dt.date, revenue: Mapping[str, Decimal]) -> CoreCustomers | None:
    """The site's core customers by revenue (p05.core), None where no clause picks them."""
    return library.core_customers(in_force(site).policy, on, revenue)
