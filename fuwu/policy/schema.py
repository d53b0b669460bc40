"""The shape of a regulation pack and of a company profile.

This module is the contract between the pack files (``fuwu/policy/packs/*.yaml``), the loader and the
engine. A pack is one regulation (p01 … p16); each clause keeps its id exactly as in the digest, its
kinds, its verbatim source text and its rules. Every rule has a ``type``; each type belongs to exactly
one clause kind (``RULE_KIND``), and a clause's kinds must match its rules (``Clause.kinds_match_rules``).

Numbers that a company may tune (the full-attendance bonus, a sampling share, a reply deadline) are pack
``parameters``; a rule field refers to one as ``{param: NAME}`` and a profile may override it as
``pNN.NAME``. Pure Python: no Django, no I/O.

The vocabulary lives in ``schema_base`` and the rule models in ``schema_rules``; both are re-exported here,
so ``fuwu.policy.schema`` stays the one place to import the pack's shape from.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, Field, field_validator, model_validator

from fuwu.policy.schema_base import (
    CLAUSE_ID,
    PACK_ID,
    DeadlineWhat,
    DurationOrParam,
    DurationText,
    EventType,
    Kind,
    Metric,
    Money,
    MoneyOrParam,
    Multiple,
    ParamRef,
    Role,
    Share,
    ShareOrParam,
    Strict,
    Tag,
    parse_clock,
    parse_duration,
)
from fuwu.policy.schema_rules import (
    PERFORMANCE,
    AbsenceDeduction,
    Approval,
    CallHours,
    ConsecutiveAbsence,
    Damage,
    Deadline,
    Duty,
    Fine,
    FullAttendanceForfeit,
    JointLiability,
    LatenessTier,
    LatenessTiers,
    LeaveDeduction,
    LeaveNotice,
    MaxDuration,
    Pareto,
    Quota,
    RecordedAmount,
    Recurrence,
    Register,
    RepeatEscalation,
    Reward,
    Sampling,
    Satisfier,
    Status,
    TimeRange,
    WeightedScore,
    When,
    Window,
)

__all__ = [
    "CLAUSE_ID",
    "PACK_ID",
    "PERFORMANCE",
    "RULE_FACTS",
    "RULE_KIND",
    "AbsenceDeduction",
    "Approval",
    "CallHours",
    "Clause",
    "ConsecutiveAbsence",
    "Damage",
    "Deadline",
    "DeadlineWhat",
    "DurationOrParam",
    "DurationText",
    "Duty",
    "EventType",
    "Fine",
    "FullAttendanceForfeit",
    "JointLiability",
    "Kind",
    "LatenessTier",
    "LatenessTiers",
    "LeaveDeduction",
    "LeaveNotice",
    "MaxDuration",
    "Metric",
    "Money",
    "MoneyOrParam",
    "Multiple",
    "Pack",
    "ParamRef",
    "Pareto",
    "Profile",
    "Quota",
    "RecordedAmount",
    "Recurrence",
    "Register",
    "RepeatEscalation",
    "Reward",
    "Role",
    "Rule",
    "Sampling",
    "Satisfier",
    "Share",
    "ShareOrParam",
    "Status",
    "Strict",
    "Tag",
    "TimeRange",
    "WeightedScore",
    "When",
    "Window",
    "parse_clock",
    "parse_duration",
]

Rule = Annotated[
    Fine
    | Reward
    | LatenessTiers
    | RecordedAmount
    | Damage
    | LeaveDeduction
    | AbsenceDeduction
    | FullAttendanceForfeit
    | LeaveNotice
    | ConsecutiveAbsence
    | RepeatEscalation
    | Status
    | Deadline
    | Window
    | CallHours
    | MaxDuration
    | Quota
    | WeightedScore
    | Sampling
    | Pareto
    | Approval
    | Register
    | Duty,
    Field(discriminator="type"),
]

RULE_KIND: dict[str, Kind] = {
    "fine": "penalty",
    "reward": "reward",
    "lateness_tiers": "penalty",
    "recorded_amount": "penalty",
    "damage": "penalty",
    "leave_deduction": "deduction",
    "absence_deduction": "deduction",
    "full_attendance_forfeit": "deduction",
    "leave_notice": "deduction",
    "consecutive_absence": "status",
    "repeat_escalation": "status",
    "status": "status",
    "deadline": "deadline",
    "window": "window",
    "call_hours": "window",
    "max_duration": "window",
    "quota": "quota",
    "weighted_score": "quota",
    "sampling": "sampling",
    "pareto": "sampling",
    "approval": "approval",
    "register": "register",
    "duty": "duty",
}

# The facts a money rule claims. Two clauses in force that claim the same fact need a stated precedence
# in the profile (``precedence``), or the profile is refused. Incidents claim ``incident:<clause id>``,
# which no other clause can claim, so they never conflict.
RULE_FACTS: dict[str, tuple[str, ...]] = {
    "lateness_tiers": ("attendance.lateness", "attendance.early_leave"),
    "absence_deduction": ("attendance.absence",),
    # A leave clause prices leave, notified in time or not; a notice rule judges only leave not notified in
    # time (absence then). Both claim ``leave.unnotified``: the profile says which wins it, and the leave
    # clause keeps pricing leave notified in time either way (p01.3.2 with p04.9: decision 0006).
    "leave_deduction": ("leave", "leave.unnotified"),
    "leave_notice": ("leave.unnotified",),
    "full_attendance_forfeit": ("attendance.full_attendance",),
    "consecutive_absence": ("attendance.consecutive_absence",),
}


class Clause(Strict):
    id: str = Field(pattern=CLAUSE_ID)
    kind: list[Kind] = Field(min_length=1)
    title: str  # short Chinese title
    text: str = Field(min_length=1)  # verbatim source text from seed-zh.md
    rules: list[Rule] = Field(default_factory=list)
    note: str | None = None  # how the clause was read, where the source is loose

    @model_validator(mode="after")
    def kinds_match_rules(self) -> Clause:
        declared = set(self.kind)
        if len(declared) != len(self.kind):
            raise ValueError("a kind is listed twice")
        from_rules = {RULE_KIND[rule.type] for rule in self.rules}
        if declared - {"principle"} != from_rules:
            missing = sorted(from_rules - declared)
            unruled = sorted(declared - {"principle"} - from_rules)
            parts = []
            if missing:
                parts.append(f"rules of kind {', '.join(missing)} but the kind list lacks them")
            if unruled:
                parts.append(f"kind {', '.join(unruled)} but no rule of that kind")
            raise ValueError("clause kind does not match its rules: " + "; ".join(parts))
        return self


class Pack(Strict):
    id: str = Field(pattern=PACK_ID)
    title: str
    source: str  # the section of seed-zh.md, e.g. 篇一
    version: int = Field(ge=1)
    effective: dt.date
    summary: str | None = None
    parameters: dict[str, Decimal | str] = Field(default_factory=dict)
    clauses: list[Clause] = Field(min_length=1)

    @model_validator(mode="after")
    def ids_unique_and_owned(self) -> Pack:
        seen: set[str] = set()
        for clause in self.clauses:
            if clause.id in seen:
                raise ValueError(f"clause id {clause.id} appears twice")
            if not clause.id.startswith(self.id + "."):
                raise ValueError(f"clause id {clause.id} does not belong to pack {self.id}")
            seen.add(clause.id)
        for ref in _param_refs(self):
            if ref not in self.parameters:
                raise ValueError(f"a rule refers to parameter {ref!r}, which the pack does not define")
        return self

    def clause(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)


def _param_refs(node: Any) -> list[str]:
    """Every ``{param: NAME}`` reference inside a model tree."""
    found: list[str] = []
    if isinstance(node, ParamRef):
        found.append(node.param)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            found.extend(_param_refs(getattr(node, name)))
    elif isinstance(node, list | tuple):
        for item in node:
            found.extend(_param_refs(item))
    elif isinstance(node, dict):
        for item in node.values():
            found.extend(_param_refs(item))
    return found


class Profile(Strict):
    """A company's composition of packs, its parameter overrides and the precedence of claimed facts."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: str
    version: int = Field(default=1, ge=1)  # raised whenever the parameters or precedence change
    packs: list[str] = Field(min_length=1)  # pack ids; the version in force is chosen by date
    parameters: dict[str, Decimal | str] = Field(default_factory=dict)  # "pNN.NAME": value
    precedence: dict[str, str] = Field(default_factory=dict)  # fact → winning clause id

    @field_validator("packs")
    @classmethod
    def pack_ids(cls, value: list[str]) -> list[str]:
        for pack_id in value:
            if not re.match(PACK_ID, pack_id):
                raise ValueError(f"{pack_id!r} is not a pack id (pNN)")
        if len(set(value)) != len(value):
            raise ValueError("a pack is listed twice")
        return value
