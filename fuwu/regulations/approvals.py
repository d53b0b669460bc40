"""Who approves what at a site (the door to ``fuwu.policy.library.approvals``): the approval rules of the
pack versions in force, with the packs' approvers mapped to Fuwu's role codes (``general_manager``,
``general_manager_meeting`` — the 总经理办公会, no staff role —, ``supervisor``, ``customer``)."""

from __future__ import annotations

import datetime as dt

from fuwu.core.models import Site
from fuwu.policy.library import ApprovalRule
from fuwu.policy.library import approvals as pack_approvals
from fuwu.regulations.clauses import clause_text
from fuwu.regulations.policies import in_force

__all__ = ["ApprovalRule", "approval_rule", "approval_text", "approvals_in_force"]


def approvals_in_force(site: Site, on: dt.date) -> list[ApprovalRule]:
    """Every approval rule of the pack versions in force at ``site`` on ``on``, in pack and clause order."""
    return pack_approvals(in_force(site).policy, on)


def approval_rule(site: Site, clause: str, on: dt.date, action: str | None = None) -> ApprovalRule | None:
    """The approval rule of ``clause`` in force at ``site`` on ``on``; None when the clause is not in force
    there or asks for no approval. A clause with several approval rules (p11.11) gives the one of
    ``action`` (the pack's words), or its first."""
    return next(
        (
            rule
            for rule in approvals_in_force(site, on)
            if rule.clause == clause and (action is None or rule.action == action)
        ),
        None,
    )


def approval_text(site: Site, clause: str, on: dt.date) -> str:
    """The clause's own text as the version in force at ``site`` on ``on`` words it ('' if not in force)."""
    return clause_text(in_force(site), clause, on)
