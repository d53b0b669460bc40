"""Customer managers and their levels: the managers, each level's qualifications checked with evidence
(p05.levels), a level change proposed and confirmed by the department head (p05.result), and the
eligibility review with its certification and the appointment (p05.eligible). The same services as the
pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import ObjectId
from fuwu.core.api.scoping import site_named, site_or_problems
from fuwu.core.errors import FieldProblem
from fuwu.core.models import User
from fuwu.core.scoping import sites_visible_to
from fuwu.managers import clauses
from fuwu.managers.models import Appraisal, Eligibility, Level, LevelChange, Manager
from fuwu.managers.selectors.lists import with_counts
from fuwu.managers.selectors.scope import SITE_READERS, appraisal_sites, managers_visible_to, sees_everything
from fuwu.managers.services import levels

router = Router(tags=["customer managers"])
PERSON = "The person's id, as in GET /staff."
LevelCode = Literal["senior", "first", "second", "trainee"]
LEVELS_TEXT = "senior (高级), first (一级), second (二级) or trainee (见习): p05.levels' four levels."


class ManagerOut(Schema):
    id: int
    person: int = Field(description=PERSON)
    name: str
    site: str = Field(description="The site's code.")
    level: LevelCode = Field(description=LEVELS_TEXT)
    appointed_at: dt.datetime
    customers: int = Field(description="Customers they look after now.")
    waiting: bool = Field(description="A level change waits for the department head.")


class CheckOut(Schema):
    number: int = Field(description="The qualification's number in the clause.")
    text: str = Field(description="The qualification as the clause in force words it.")
    met: bool | None = Field(description="null: not checked yet.")
    evidence: str
    checked_by: int | None
    checked_at: dt.datetime | None
    pack_version: int | None = Field(description="The version of p05.levels it was checked against.")


class ChecklistOut(Schema):
    level: LevelCode
    items: list[CheckOut] = Field(description="Empty where the clause lists none (二级).")


class LevelChangeOut(Schema):
    id: int
    manager: int
    from_level: LevelCode | None = Field(description="null for the appointment.")
    to_level: LevelCode
    reason: str
    appraisal: int | None
    clause: str
    pack_version: int
    state: Literal["proposed", "confirmed", "rejected"] = Field(
        description="proposed: waits for the department head; only a confirmed change moves the level."
    )
    proposed_by: int
    proposed_at: dt.datetime
    decided_by: int | None
    decided_at: dt.datetime | None
    note: str


class ManagerDetailOut(ManagerOut):
    clause: str | None = Field(description="The clause the checklists come from (p05.levels).")
    pack_version: int | None
    checklists: list[ChecklistOut]
    changes: list[LevelChangeOut] = Field(description="Newest first.")


class ManagerFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")
    level: LevelCode | None = None


def _manager_out(m: Manager) -> dict[str, Any]:
    return {
        "id": m.pk,
        "person": m.user_id,
        "name": str(m.user),
        "site": m.site.code,
        "level": m.level,
        "appointed_at": m.appointed_at,
        "customers": getattr(m, "customer_count", 0),
        "waiting": getattr(m, "waiting", False),
    }


def _change_out(c: LevelChange) -> dict[str, Any]:
    return {
        "id": c.pk,
        "manager": c.manager_id,
        "from_level": c.from_level or None,
        "to_level": c.to_level,
        "reason": c.reason,
        "appraisal": c.appraisal_id,
        "clause": c.clause,
        "pack_version": c.pack_version,
        "state": c.state,
        "proposed_by": c.proposed_by_id,
        "proposed_at": c.proposed_at,
        "decided_by": c.decided_by_id,
        "decided_at": c.decided_at,
        "note": c.decision_note,
    }


def _detail(user: User, pk: int) -> dict[str, Any]:
    manager = with_counts(managers_visible_to(user)).get(pk=pk)
    clause, conditions = clauses.qualifications(manager.site, clauses.local_today(manager.site))
    stored = {(c.level, c.number): c for c in manager.checks.all()}
    checklists = []
    for level in Level.values:
        items = []
        for condition in conditions[level]:
            check = stored.get((level, condition.number))
            items.append(
                {
                    "number": condition.number,
                    "text": condition.text,
                    "met": check.met if check else None,
                    "evidence": check.evidence if check else "",
                    "checked_by": check.checked_by_id if check else None,
                    "checked_at": check.checked_at if check else None,
                    "pack_version": check.pack_version if check else None,
                }
            )
        checklists.append({"level": level, "items": items})
    return {
        **_manager_out(manager),
        "clause": clause.clause if clause else None,
        "pack_version": clause.version if clause else None,
        "checklists": checklists,
        "changes": [_change_out(c) for c in manager.changes.order_by("-proposed_at", "-pk")],
    }


@router.get("/managers", response=page_of(ManagerOut), summary="Customer managers and their levels")
def list_managers(
    request: HttpRequest, page: Query[PageParams], filters: Query[ManagerFilters]
) -> dict[str, Any]:
    """A customer manager sees themself; supervisors and HR their sites' managers; the general manager all.
    Ordered by id, newest first."""
    user = current_user(request)
    rows = with_counts(managers_visible_to(user))
    if filters.site is not None:
        rows = rows.filter(site_named(filters.site, via="site"))
    if filters.level is not None:
        rows = rows.filter(level=filters.level)
    return paginate(request, rows, _manager_out, order=("-id",), page=page)


@router.get(
    "/managers/{int:manager_id}", response=ManagerDetailOut, summary="One manager, checklists and history"
)
def get_manager(request: HttpRequest, manager_id: int) -> dict[str, Any]:
    """Each level's qualifications as the clause in force words them, with what was checked, and every
    change of level. 404 outside the caller's scope."""
    return _detail(current_user(request), manager_id)


class CheckIn(Schema):
    number: int = Field(ge=1, le=99, description="The qualification's number in the clause.")
    met: bool
    evidence: str = Field("", max_length=300)


class ChecksIn(Body):
    level: LevelCode = Field(description=LEVELS_TEXT)
    checks: list[CheckIn] = Field(max_length=50)


@router.post(
    "/managers/{int:manager_id}/checks", response=ManagerDetailOut, summary="Check a level's qualifications"
)
def check_qualifications(request: HttpRequest, manager_id: int, body: ChecksIn) -> dict[str, Any]:
    """A supervisor of the site (or the general manager) records which qualifications are met, with the
    evidence; a qualification checked before is changed (audited). 403 for other roles; 422 names an
    unknown number."""
    user = current_user(request)
    manager = managers_visible_to(user).select_related("site").get(pk=manager_id)
    body.check()
    marks = [levels.ConditionMark(c.number, c.met, c.evidence) for c in body.checks]
    levels.check_qualifications(manager, level=body.level, marks=marks, by=user)
    return _detail(user, manager_id)


class ProposeIn(Body):
    to_level: LevelCode = Field(description=LEVELS_TEXT)
    reason: str = Field(max_length=300)
    appraisal: ObjectId | None = Field(
        None, description="The appraisal whose result is the basis (p05.result)."
    )


@router.post(
    "/managers/{int:manager_id}/level-changes",
    response={201: LevelChangeOut},
    summary="Propose a level change (p05.result)",
)
def propose_level(request: HttpRequest, manager_id: int, body: ProposeIn) -> Status[dict[str, Any]]:
    """201 with the proposal; the level moves only when the department head confirms it. 409 while another
    proposal waits; 403 for roles that do not appraise."""
    user = current_user(request)
    manager = managers_visible_to(user).select_related("site", "user").get(pk=manager_id)
    appraisal = None
    found: list[FieldProblem] = []
    given = body.given.appraisal
    if isinstance(given, int):
        appraisal = Appraisal.objects.filter(manager=manager, pk=given).first()
        if appraisal is None:
            found.append((("body", "appraisal"), gettext("Choose an appraisal of this manager.")))
    body.check(found=found)
    change = levels.propose_level(
        manager, to_level=body.to_level, reason=body.reason, appraisal=appraisal, by=user
    )
    return Status(201, _change_out(change))


class DecideLevelIn(Body):
    confirm: bool = Field(description="true: the level changes; false: it stays.")
    note: str = Field("", max_length=300)


@router.post(
    "/level-changes/{int:change_id}/decide", response=LevelChangeOut, summary="The department head decides"
)
def decide_level(request: HttpRequest, change_id: int, body: DecideLevelIn) -> dict[str, Any]:
    """Only a 部门主管 of the manager's site, never the manager; 409 once decided."""
    user = current_user(request)
    change = LevelChange.objects.filter(manager__in=managers_visible_to(user)).get(pk=change_id)
    body.check()
    return _change_out(levels.decide_level(change, confirm=body.confirm, by=user, note=body.note))


class EligibilityOut(Schema):
    id: int
    site: str = Field(description="The site's code.")
    candidate: int = Field(description=PERSON)
    conditions: list[dict[str, Any]] = Field(
        description="[{number, text, met, evidence}]: the base conditions as the clause words them."
    )
    clause: str
    pack_version: int
    approver_role: str = Field(
        description="The role code the clause names (supervisor: the department head)."
    )
    state: Literal["pending", "approved", "refused"] = Field(description="approved: certified.")
    requested_by: int
    requested_at: dt.datetime
    decided_by: int | None
    decided_at: dt.datetime | None
    note: str
    manager: int | None = Field(description="The manager appointed on it.")


def _eligibility_out(row: Eligibility, manager: int | None = None) -> dict[str, Any]:
    return {
        "id": row.pk,
        "site": row.site.code,
        "candidate": row.candidate_id,
        "conditions": row.conditions,
        "clause": row.clause,
        "pack_version": row.pack_version,
        "approver_role": row.approver_role,
        "state": row.state,
        "requested_by": row.requested_by_id,
        "requested_at": row.requested_at,
        "decided_by": row.decided_by_id,
        "decided_at": row.decided_at,
        "note": row.note,
        "manager": manager,
    }


def eligibility_seen(user: User) -> QuerySet[Eligibility]:
    """The reviews ``user`` may see: their own as candidate, their sites' as supervisor or HR."""
    rows = Eligibility.objects.select_related("site")
    if sees_everything(user):
        return rows
    seen = Q(candidate=user) | Q(site__in=appraisal_sites(user))
    if user.has_role(*SITE_READERS):
        seen |= Q(site__in=sites_visible_to(user))
    return rows.filter(seen)


def _appointed(rows: list[Eligibility]) -> dict[int, int]:
    found = Manager.objects.filter(eligibility__in=[r.pk for r in rows]).values_list("eligibility_id", "pk")
    return dict(found)


@router.get("/eligibility", response=page_of(EligibilityOut), summary="Eligibility reviews (p05.eligible)")
def list_eligibility(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Newest first: a person sees the reviews of themself, supervisors and HR those of their sites."""
    result = paginate(
        request, eligibility_seen(current_user(request)), lambda row: row, order=("-id",), page=page
    )
    shown: list[Eligibility] = result["results"]
    appointed = _appointed(shown)
    result["results"] = [_eligibility_out(row, appointed.get(row.pk)) for row in shown]
    return result


class ConditionIn(Schema):
    number: int = Field(ge=1, le=99, description="The condition's number in the clause's list.")
    met: bool
    evidence: str = Field("", max_length=300)


class EligibilityIn(Body):
    site: str = Field(max_length=40, description="Site code or id.")
    candidate: ObjectId = Field(description=PERSON)
    conditions: list[ConditionIn] = Field(max_length=50, description="Conditions not given count as not met.")
    note: str = Field("", max_length=300)


@router.post("/eligibility", response={201: EligibilityOut}, summary="Review a person's eligibility")
def request_eligibility(request: HttpRequest, body: EligibilityIn) -> Status[dict[str, Any]]:
    """201 waiting for the role p05.eligible names (the department head), who is told. 403 for roles that
    do not appraise; 409 while another review of the person waits."""
    user = current_user(request)
    site, found = site_or_problems(user, body.given.site, loc=("body", "site"))
    candidate = None
    if site is not None and isinstance(body.given.candidate, int):
        candidate = User.objects.filter(pk=body.given.candidate, is_active=True, sites=site).first()
        if candidate is None:
            found.append((("body", "candidate"), gettext("The candidate must be a person of this site.")))
    body.check(found=found)
    assert site is not None and candidate is not None
    marks = [levels.ConditionMark(c.number, c.met, c.evidence) for c in body.conditions]
    row = levels.request_eligibility(site=site, candidate=candidate, marks=marks, by=user, note=body.note)
    return Status(201, _eligibility_out(row))


class DecideEligibilityIn(Body):
    approve: bool = Field(description="true certifies (every condition must be met), false refuses.")
    note: str = Field("", max_length=300)


@router.post("/eligibility/{int:review_id}/decide", response=EligibilityOut, summary="Certify or refuse")
def decide_eligibility(request: HttpRequest, review_id: int, body: DecideEligibilityIn) -> dict[str, Any]:
    """Only the role the clause names at the site, never the candidate (403); 409 once decided or when a
    condition is not met."""
    user = current_user(request)
    row = eligibility_seen(user).get(pk=review_id)
    body.check()
    return _eligibility_out(levels.decide_eligibility(row, approve=body.approve, by=user, note=body.note))


class AppointIn(Body):
    level: LevelCode = Field("trainee", description=LEVELS_TEXT)


@router.post(
    "/eligibility/{int:review_id}/appoint", response={201: ManagerOut}, summary="Appoint the certified"
)
def appoint(request: HttpRequest, review_id: int, body: AppointIn) -> Status[dict[str, Any]]:
    """201 with the new manager (the customer manager's role added if the person lacked it). 409 unless
    certified, or when the person is a manager of the site already."""
    user = current_user(request)
    row = eligibility_seen(user).get(pk=review_id)
    body.check()
    manager = levels.appoint(row, level=body.level, by=user)
    return Status(201, _manager_out(with_counts(Manager.objects.filter(pk=manager.pk)).get()))
