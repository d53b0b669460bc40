"""Who decides a step: a holder of its role (at the request's site, or anywhere for the company-wide roles),
or a colleague they delegated to while away. The requester never decides their own request.

The packs' approvers arrive as Fuwu's role codes (``fuwu.regulations.approvals``). The general manager's
office meeting (总经理办公会) is no staff role: a general manager records its decision, with the meeting's
note. The customer's consent (p10.3.4) is no step at all: a chain is never made of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from fuwu.approvals.models import ApprovalRequest, ApprovalStep, Delegation
from fuwu.core.models import Membership, User
from fuwu.core.roles import ALL_SITES_ROLES, BY_GROUP_NAME, Role

MEETING = "general_manager_meeting"
# A step's role code → the staff role whose holders decide it.
STAFF_ROLE: dict[str, Role] = {
    "general_manager": Role.GENERAL_MANAGER,
    MEETING: Role.GENERAL_MANAGER,
    **{role.value: role for role in Role if role is not Role.GENERAL_MANAGER},
}
# Who may hand over approvals and sees the queue in the menu: the roles the packs' approvers map to.
APPROVER_ROLES = frozenset({Role.GENERAL_MANAGER, Role.SUPERVISOR})
# Steps whose decision records a meeting: the note (its minutes, date, decision) is required.
NOTE_REQUIRED = frozenset({MEETING})
# Role codes a chain cannot be made of: the customer's own consent is not a staff decision.
NOT_A_STEP = frozenset({"customer"})


def staff_role(code: str) -> Role | None:
    return STAFF_ROLE.get(code)


def company_wide(code: str) -> bool:
    """Whether the role's holders decide at every site (the general manager's, the meeting's)."""
    role = STAFF_ROLE.get(code)
    return role is not None and role in ALL_SITES_ROLES


@dataclass(frozen=True)
class Principal:
    """Someone whose approvals a user may decide: the user, or a delegator who handed them over."""

    user: User
    roles: frozenset[Role]
    site_ids: frozenset[int]
    delegated: bool

    def holds(self, code: str, site_id: int) -> bool:
        role = STAFF_ROLE.get(code)
        if role is None or role not in self.roles or not self.user.is_active:
            return False
        return role in ALL_SITES_ROLES or site_id in self.site_ids

    def steps_q(self) -> Q | None:
        """The pending steps this principal's roles decide, as a filter (None: none)."""
        wide = [code for code in STAFF_ROLE if company_wide(code) and STAFF_ROLE[code] in self.roles]
        local = [code for code in STAFF_ROLE if not company_wide(code) and STAFF_ROLE[code] in self.roles]
        found: Q | None = None
        if wide:
            found = Q(role__in=wide)
        if local and self.site_ids:
            here = Q(role__in=local, request__site_id__in=sorted(self.site_ids))
            found = here if found is None else found | here
        return found


def principals_of(user: User, at: dt.datetime | None = None) -> list[Principal]:
    """The user first, then every approver whose delegation to the user is in force at ``at`` (now).

    Three queries at most, whatever the number of delegations (the user's sites may be known already)."""
    moment = at or timezone.now()
    own_sites = user.loaded_site_ids()
    if own_sites is None:
        own_sites = list(Membership.objects.filter(user=user).values_list("site_id", flat=True))
    found = [Principal(user, user.roles() if user.is_active else frozenset(), frozenset(own_sites), False)]
    delegations = list(
        Delegation.objects.active(moment)
        .filter(delegate=user, delegator__is_active=True)
        .select_related("delegator")
        .prefetch_related("delegator__groups")
        .order_by("delegator_id")
    )
    if not delegations or not user.is_active:
        return found
    sites: dict[int, set[int]] = {}
    for user_id, site_id in Membership.objects.filter(
        user_id__in=[d.delegator_id for d in delegations]
    ).values_list("user_id", "site_id"):
        sites.setdefault(user_id, set()).add(site_id)
    seen: set[int] = {user.pk}
    for delegation in delegations:
        away = delegation.delegator
        if away.pk in seen:
            continue
        seen.add(away.pk)
        roles = frozenset(_roles_of(away.groups.all()))
        found.append(Principal(away, roles, frozenset(sites.get(away.pk, ())), True))
    return found


def _roles_of(groups: Iterable[object]) -> Iterable[Role]:
    for group in groups:
        role = BY_GROUP_NAME.get(getattr(group, "name", ""))
        if role is not None:
            yield role


def deciding_for(
    request: ApprovalRequest, step: ApprovalStep, user: User, principals: Sequence[Principal]
) -> Principal | None:
    """Whom ``user`` decides ``step`` for: themselves when they hold its role, else the first delegator
    who does; None when they may not decide it (the requester never may)."""
    if request.requested_by_id is not None and request.requested_by_id == user.pk:
        return None
    return next((p for p in principals if p.holds(step.role, request.site_id)), None)


def holders_q(code: str, site_id: int) -> Q:
    """The users who hold role ``code`` for a request at ``site_id`` (active ones)."""
    role = STAFF_ROLE.get(code)
    if role is None:
        return Q(pk__in=[])
    where = Q(is_active=True, groups__name=role.group_name)
    if not company_wide(code):
        where &= Q(membership__site_id=site_id)
    return where


def holders_and_delegates(code: str, site_id: int, at: dt.datetime | None = None) -> list[int]:
    """The ids of the role's holders for the site and of those they delegated to, in force at ``at``:
    who is told that a step waits (two queries)."""
    holders = list(User.objects.filter(holders_q(code, site_id)).distinct().values_list("pk", flat=True))
    delegates = (
        Delegation.objects.active(at)
        .filter(delegator_id__in=holders, delegate__is_active=True)
        .values_list("delegate_id", flat=True)
    )
    return sorted({*holders, *delegates})
