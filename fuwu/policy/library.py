"""What the application asks the packs outside of evaluation: who approves what, and what counts as
satisfied.

The packs name approvers in their own words (``department_head`` for 部门负责人, ``general_manager_office``
for 总经理办公会 …); ``approvals`` maps them to Fuwu's role codes (``fuwu.core.roles.Role`` values, plus
``general_manager_meeting`` and ``customer``, which are no staff role), so the application can route an
approval without reading a pack. Pure Python: the role codes are plain strings here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from fuwu.policy.policy import Policy
from fuwu.policy.schema import Approval, Quota

# The pack's word for an approver → Fuwu's role code.
ROLE_OF: dict[str, str] = {
    "general_manager": "general_manager",  # 总经理
    "general_manager_office": "general_manager_meeting",  # 总经理办公会 / 总经理办公室
    "department_head": "supervisor",  # 部门负责人
    "supervisor": "supervisor",  # 部门主管 / 主管
    "manager": "supervisor",  # 经理 (the shift's manager: p01.3.10)
    "leader": "supervisor",  # 领导 (p06.6)
    "customer": "customer",  # the customer's own consent (p10.3.4): not a staff role
}
CENT = Decimal("0.01")
DEFAULT_SATISFIED = 4


@dataclass(frozen=True, slots=True)
class ApprovalRule:
    """One action that needs approval, as the pack version in force words it.

    ``role`` approves; above ``above_amount`` (when set) ``escalate_to`` approves instead. ``pack_role``
    and ``pack_escalate_to`` keep the pack's own words. ``unapproved`` says what follows without it:
    ``violation``, ``costs_to_customer`` (p12.15) or ``refused``."""

    clause: str
    pack: str
    version: int
    action: str
    role: str
    pack_role: str
    above_amount: Decimal | None
    escalate_to: str | None
    pack_escalate_to: str | None
    unapproved: str


def approvals(policy: Policy, on: dt.date) -> list[ApprovalRule]:
    """Every approval rule of the pack versions in force on ``on``, in pack and clause order."""
    found: list[ApprovalRule] = []
    for pack in policy.packs_at(on):
        for clause in pack.clauses:
            for rule in clause.rules:
                if not isinstance(rule, Approval):
                    continue
                above = None
                if rule.above_amount is not None:
                    value = policy.resolve(pack.id, rule.above_amount)
                    above = Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)
                found.append(
                    ApprovalRule(
                        clause=clause.id,
                        pack=pack.id,
                        version=pack.version,
                        action=rule.action,
                        role=ROLE_OF[rule.by],
                        pack_role=rule.by,
                        above_amount=above,
                        escalate_to=None if rule.escalate_to is None else ROLE_OF[rule.escalate_to],
                        pack_escalate_to=rule.escalate_to,
                        unapproved=rule.unapproved,
                    )
                )
    return found


def satisfied_min_score(policy: Policy, on: dt.date) -> int:
    """The lowest return-visit score that counts as satisfied on ``on`` (p10.3.2d, p15.r4: 4, i.e. 4 or 5).

    Read from p10's satisfaction quota, else p15's ``satisfied_min_score`` parameter; 4 when neither pack
    is composed. p15.r4's rounds of rectification end at a visit scoring this or more."""
    for pack in policy.packs_at(on):
        for clause in pack.clauses:
            for rule in clause.rules:
                if isinstance(rule, Quota) and rule.satisfied_min_score is not None:
                    return int(str(policy.resolve(pack.id, rule.satisfied_min_score)))
    if policy.pack_at("p15", on) is not None and "p15.satisfied_min_score" in policy.parameters:
        return int(str(policy.param("p15", "satisfied_min_score")))
    return DEFAULT_SATISFIED
