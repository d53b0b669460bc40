"""What the application asks the packs about people, outside evaluation: which clauses an incident may cite
(with what the recorder must give and who approves it), and the full-attendance bonus.

Pure Python like the rest of the library; role codes are Fuwu's (``library.ROLE_OF``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from fuwu.policy.library import ROLE_OF
from fuwu.policy.policy import Policy
from fuwu.policy.schema import (
    Damage,
    Fine,
    FullAttendanceForfeit,
    RecordedAmount,
    RepeatEscalation,
    Reward,
    Status,
)

CENT = Decimal("0.01")
# A pack may name who approves its incidents with the parameter ``incident_approver`` (a pack role word:
# department_head, supervisor, general_manager …); none of the shipped packs does, so 部门主管 approves.
APPROVER_PARAMETER = "incident_approver"
DEFAULT_APPROVER = "supervisor"

Pricing = Literal["fine", "reward", "recorded", "damage"]


@dataclass(frozen=True, slots=True)
class IncidentClause:
    """A clause an incident may cite, as the version in force words it.

    ``pricing`` says what the recorder gives: nothing (``fine``/``reward``: the pack's ``amount``), an
    amount of at least ``minimum`` (``recorded``), or the cost of the damage and whether it was concealed
    (``damage``). ``joint_liability`` names who else is fined (``manager_on_duty`` or ``manager``) and
    ``escalates_after`` how many of the employee's own incidents of it are allowed before a dismissal
    proposal; ``proposes_status`` lists statuses the clause proposes for HR's review."""

    clause: str
    pack: str
    version: int
    title: str
    text: str
    pricing: Pricing
    amount: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    joint_liability: str | None
    joint_multiple: Decimal | None
    escalates_after: int | None
    proposes_status: tuple[str, ...]
    approver: str


def incident_clauses(policy: Policy, on: dt.date) -> list[IncidentClause]:
    """Every penalty and reward clause in force on ``on`` that an incident can cite, in pack order."""
    found: list[IncidentClause] = []
    for pack in policy.packs_at(on):
        approver = _approver(policy, pack.id)
        for clause in pack.clauses:
            priced: IncidentClause | None = None
            statuses: list[str] = []
            escalates: int | None = None
            for rule in clause.rules:
                if isinstance(rule, Status):
                    statuses.extend(rule.statuses)
                elif isinstance(rule, RepeatEscalation):
                    escalates = rule.allowed
            for rule in clause.rules:
                pricing: Pricing
                amount = minimum = maximum = multiple = None
                joint = None
                if isinstance(rule, Fine | Reward):
                    pricing = "fine" if isinstance(rule, Fine) else "reward"
                    amount = _money(policy.resolve(pack.id, rule.amount))
                elif isinstance(rule, RecordedAmount):
                    pricing = "recorded"
                    minimum, maximum = rule.minimum, rule.maximum
                    if rule.joint_liability is not None:
                        joint, multiple = rule.joint_liability.who, rule.joint_liability.multiple
                elif isinstance(rule, Damage):
                    pricing = "damage"
                else:
                    continue
                priced = IncidentClause(
                    clause=clause.id,
                    pack=pack.id,
                    version=pack.version,
                    title=clause.title,
                    text=clause.text,
                    pricing=pricing,
                    amount=amount,
                    minimum=minimum,
                    maximum=maximum,
                    joint_liability=joint,
                    joint_multiple=multiple,
                    escalates_after=escalates,
                    proposes_status=tuple(statuses),
                    approver=approver,
                )
                break
            if priced is not None:
                found.append(priced)
    return found


def full_attendance_bonus(policy: Policy, on: dt.date) -> Decimal | None:
    """The full-attendance bonus (全勤奖) the packs in force on ``on`` set, None when no clause pays one."""
    for pack in policy.packs_at(on):
        for clause in pack.clauses:
            for rule in clause.rules:
                if isinstance(rule, FullAttendanceForfeit):
                    return _money(policy.resolve(pack.id, rule.amount))
    return None


def _approver(policy: Policy, pack_id: str) -> str:
    named = policy.parameters.get(f"{pack_id}.{APPROVER_PARAMETER}")
    return ROLE_OF.get(str(named), DEFAULT_APPROVER) if named is not None else DEFAULT_APPROVER


def _money(value: object) -> Decimal:
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)
