"""The vocabulary of regulation packs: ids, kinds, event types, tags, roles, metrics, durations, clock
times, and the ``Strict`` base every pack node derives from. Pure Python: no Django, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

CLAUSE_ID = r"^p\d\d\.[0-9a-z.]+$"
PACK_ID = r"^p\d\d$"

Kind = Literal[
    "deadline",
    "window",
    "penalty",
    "reward",
    "deduction",
    "status",
    "quota",
    "sampling",
    "approval",
    "register",
    "duty",
    "principle",
]

# What a deadline is for; the engine reports it as the decision's ``what``.
DeadlineWhat = Literal[
    "arrival",
    "completion",
    "response",
    "return_visit",
    "rectification",
    "archive",
    "call",
    "letter",
    "visit",
    "collection",
    "reply",
]

EventType = Literal[
    "attendance",
    "leave",
    "incident",
    "work_order.created",
    "work_order.arrived",
    "work_order.completed",
    "return_visit",
    "batch_repair.received",
    "batch_repair.delivered",
    "customer.contact",
    "customer.filed",
    "customer.replied",
    "follow_up.call",
    "campaign",
    "campaign.phoned",
    "campaign.mailed",
    "move_in",
    "household.visited",
    "storage.deposit",
    "storage.collected",
    "visitor",
]

Tag = Literal[
    "general",
    "difficult",
    "special_craft",
    "small",
    "large",
    "emergency",
    "burst_pipe",
    "leak",
    "power_outage",
    "safety_facility",
]

Role = Literal[
    "general_manager",
    "general_manager_office",
    "department_head",
    "supervisor",
    "manager",
    "leader",
    "customer",
]

Metric = Literal[
    "on_time_rate",  # p10.3.2b: orders whose deadlines were all met ÷ orders with deadlines due in the period
    "rework_rate",  # p10.3.2c: completed orders reworked within 30 days ÷ completed orders
    "satisfaction_rate",  # p10.3.2d: return visits scoring 4 or 5 ÷ all return visits
    "return_visit_rate",  # p15.r1: completed orders visited ÷ completed orders
    "answered_within_rings",  # p12.7: calls answered within N rings ÷ calls (needs telephony data)
    "selection_score",  # p05.select: weighted score of a candidate (needs appraisal data)
    "appraisal_score",  # p05.appraise: weighted appraisal score (needs appraisal data)
]

_DURATION = re.compile(r"^(\d+)\s*(m|h|d)$")
_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


def parse_duration(text: str) -> dt.timedelta:
    """Turn ``25m``, ``2h`` or ``3d`` into a timedelta ("within N days" is N × 24 h)."""
    match = _DURATION.match(text.strip())
    if match is None:
        raise ValueError(f"expected a duration like 25m, 2h or 3d, got {text!r}")
    number, unit = int(match.group(1)), match.group(2)
    units = {"m": dt.timedelta(minutes=1), "h": dt.timedelta(hours=1), "d": dt.timedelta(days=1)}
    return number * units[unit]


def parse_clock(text: str) -> dt.time | None:
    """Turn ``HH:MM`` into a time; ``24:00`` (end of day) becomes None."""
    match = _CLOCK.match(text.strip())
    if match is None or (match.group(1) == "24" and match.group(2) != "00"):
        raise ValueError(f"expected a local time HH:MM, got {text!r}")
    if match.group(1) == "24":
        return None
    return dt.time(int(match.group(1)), int(match.group(2)))


class Strict(BaseModel):
    """A pack node: unknown fields are errors, so a typo in a pack is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ParamRef(Strict):
    """A reference to a pack parameter (``{param: full_attendance_bonus}``)."""

    param: str


Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Share = Annotated[Decimal, Field(ge=0, le=1)]
Multiple = Annotated[Decimal, Field(ge=0)]
MoneyOrParam = Money | ParamRef
ShareOrParam = Share | ParamRef


def _check_clock(value: str) -> str:
    parse_clock(value)
    return value


DurationText = Annotated[str, Field(min_length=2)]
DurationOrParam = DurationText | ParamRef
