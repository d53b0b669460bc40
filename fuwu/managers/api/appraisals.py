"""Selection and appraisal scores from the clauses' weights (p05.select, p05.appraise), and a manager's
income by month (p05.income) with the behaviour reward as the staff ledger holds it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import ObjectId
from fuwu.core.api.scoping import site_or_problems
from fuwu.core.errors import FieldProblem, Invalid
from fuwu.core.models import User
from fuwu.managers import clauses
from fuwu.managers.models import Appraisal, Manager, Selection
from fuwu.managers.selectors.income import income_of
from fuwu.managers.selectors.scope import appraisal_sites, appraisals_visible_to, managers_visible_to
from fuwu.managers.services import appraisals
from fuwu.staff.api.attendance import EntryOut, entry_out
from fuwu.staff.months import month_named, shifted

router = Router(tags=["customer managers"])
MONTH = "YYYY-MM, e.g. 2026-03"
Mark = Annotated[int, Field(ge=0, le=100)]
MARKS = (
    "Each criterion the clause in force weighs, by its own word, a whole mark from 0 to 100: "
    "学历, 资历, 业绩, 笔试, 面试 for a selection (p05.select); "
    "绩效, 行为, 能力 for an appraisal (p05.appraise)."
)


class ScoreOut(Schema):
    marks: dict[str, int]
    weights: dict[str, Decimal] = Field(description="The clause's weights the score was computed with.")
    score: Decimal = Field(description="0–100, two places.")
    clause: str
    pack_version: int
    because: str = Field(description="The weighing, e.g. 绩效90×0.50、行为80×0.25、能力70×0.25=82.50.")


class SelectionOut(ScoreOut):
    id: int
    site: str = Field(description="The site's code.")
    candidate: int = Field(description="The person's id, as in GET /staff.")
    note: str
    by: int
    at: dt.datetime


class AppraisalIncidentOut(Schema):
    id: int = Field(description="GET /incidents/{id}; POST /incidents/{id}/approve binds it.")
    state: Literal["recorded", "approved", "rejected", "withdrawn"]
    points: int = Field(description="Its quantity: the month's behaviour points.")
    proposed: Decimal | None = Field(
        description="元 the engine gives it (p05.income: points × behaviour_point_value)."
    )


class AppraisalOut(ScoreOut):
    id: int
    manager: int
    month: str = Field(description=MONTH)
    kind: Literal["regular", "ad_hoc"]
    performance_pay: Decimal | None = Field(
        description="元 the department head set as the month's 绩效工资; "
        "no clause prices it, so it is no ledger entry."
    )
    income_incident: AppraisalIncidentOut | None = Field(
        description="A regular appraisal's behaviour points as a p05.income incident (none without points, "
        "without a staff record, or where the clause is not in force)."
    )
    note: str
    by: int
    at: dt.datetime


def _score(row: Selection | Appraisal) -> dict[str, Any]:
    return {
        "marks": row.marks,
        "weights": row.weights,
        "score": row.score,
        "clause": row.clause,
        "pack_version": row.pack_version,
        "because": row.because,
        "note": row.note,
        "by": row.by_id,
        "at": row.at,
    }


def _selection_out(row: Selection) -> dict[str, Any]:
    return {**_score(row), "id": row.pk, "site": row.site.code, "candidate": row.candidate_id}


def _appraisal_out(row: Appraisal) -> dict[str, Any]:
    incident = row.income_incident
    ref = None
    if incident is not None:
        amounts = [Decimal(p["amount"]) for p in incident.proposed if isinstance(p, dict) and p.get("amount")]
        ref = {
            "id": incident.pk,
            "state": incident.state,
            "points": row.behaviour_points,
            "proposed": sum(amounts, Decimal(0)) if amounts else None,
        }
    return {
        **_score(row),
        "id": row.pk,
        "manager": row.manager_id,
        "month": f"{row.month:%Y-%m}",
        "kind": row.kind,
        "performance_pay": row.performance_pay,
        "income_incident": ref,
    }


class SelectionIn(Body):
    site: str = Field(max_length=40, description="Site code or id.")
    candidate: ObjectId = Field(description="The person's id, as in GET /staff; a person of the site.")
    marks: dict[str, Mark] = Field(description=MARKS, max_length=20)
    note: str = Field("", max_length=300)


@router.get("/selections", response=page_of(SelectionOut), summary="Selection reviews (p05.select)")
def list_selections(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Newest first: those of the sites where the caller appraises (supervisors, the general manager)."""
    user = current_user(request)
    rows = Selection.objects.filter(site__in=appraisal_sites(user)).select_related("site")
    return paginate(request, rows, _selection_out, order=("-id",), page=page)


@router.post("/selections", response={201: SelectionOut}, summary="Weigh a candidate")
def record_selection(request: HttpRequest, body: SelectionIn) -> Status[dict[str, Any]]:
    """201 with the score p05.select in force gives the marks, its weights and clause. 422 names every
    criterion without a mark and every mark the clause does not weigh; 403 for roles that do not appraise."""
    user = current_user(request)
    site, found = site_or_problems(user, body.given.site, loc=("body", "site"))
    candidate = None
    if site is not None and isinstance(body.given.candidate, int):
        candidate = User.objects.filter(pk=body.given.candidate, is_active=True, sites=site).first()
        if candidate is None:
            found.append((("body", "candidate"), gettext("The candidate must be a person of this site.")))
    body.check(found=found)
    assert site is not None and candidate is not None
    row = appraisals.record_selection(
        site=site, candidate=candidate, marks=body.marks, by=user, note=body.note
    )
    return Status(201, _selection_out(row))


class AppraisalFilters(Schema):
    manager: ObjectId | None = Field(None, description="The manager's id, as in GET /managers.")
    month: str | None = Field(None, pattern=r"^[0-9]{4}-[0-9]{2}$", description=MONTH)


@router.get("/appraisals", response=page_of(AppraisalOut), summary="Appraisals (p05.appraise)")
def list_appraisals(
    request: HttpRequest, page: Query[PageParams], filters: Query[AppraisalFilters]
) -> dict[str, Any]:
    """Newest first: a customer manager sees their own, supervisors and HR their sites', the general
    manager all."""
    user = current_user(request)
    rows = appraisals_visible_to(user).select_related("income_incident")
    if filters.manager is not None:
        rows = rows.filter(manager_id=filters.manager)
    if filters.month is not None:
        rows = rows.filter(month=month_named(filters.month, loc=("query", "month")))
    return paginate(request, rows, _appraisal_out, order=("-id",), page=page)


class AppraisalIn(Body):
    manager: ObjectId = Field(description="The manager's id, as in GET /managers.")
    month: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$", description=MONTH + "; not a month to come.")
    kind: Literal["regular", "ad_hoc"] = Field(
        "regular", description="regular: the month's one (p05.cycle), which pays the behaviour points."
    )
    marks: dict[str, Mark] = Field(description=MARKS, max_length=20)
    performance_pay: Decimal | None = Field(
        None, ge=0, max_digits=10, decimal_places=2, description="元, optional: the month's 绩效工资."
    )
    note: str = Field("", max_length=300)


@router.post("/appraisals", response={201: AppraisalOut}, summary="Appraise a customer manager")
def record_appraisal(request: HttpRequest, body: AppraisalIn) -> Status[dict[str, Any]]:
    """201 with the score p05.appraise in force gives (绩效 weighs the most) and, for a regular appraisal,
    the p05.income incident of its behaviour points, which binds once approved as incidents are
    (POST /incidents/{id}/approve). 409 for a second regular appraisal of the month."""
    user = current_user(request)
    found: list[FieldProblem] = []
    manager = None
    if isinstance(body.given.manager, int):
        manager = (
            managers_visible_to(user).select_related("site", "user").filter(pk=body.given.manager).first()
        )
        if manager is None:
            found.append((("body", "manager"), gettext("No customer manager with this id among yours.")))
    month = None
    if isinstance(body.given.month, str):
        try:
            month = month_named(body.given.month, loc=("body", "month"))
        except Invalid as error:
            found.extend(error.problems)
    if manager is not None and month is not None:
        pay = body.given.performance_pay
        found.extend(
            appraisals.appraisal_problems(
                manager,
                month=month,
                kind=body.given.kind if isinstance(body.given.kind, str) else "regular",
                performance_pay=pay if isinstance(pay, Decimal) else None,
                note=body.given.note if isinstance(body.given.note, str) else "",
            )
        )
    body.check(found=found)
    assert manager is not None and month is not None
    row = appraisals.record_appraisal(
        manager,
        month=month,
        marks=body.marks,
        kind=body.kind,
        performance_pay=body.performance_pay,
        note=body.note,
        by=user,
    )
    return Status(201, _appraisal_out(Appraisal.objects.select_related("income_incident").get(pk=row.pk)))


class IncomeMonthOut(Schema):
    month: str = Field(description=MONTH)
    base_wage: Decimal | None = Field(
        description="元: the staff record's monthly wage; null when not on the payroll."
    )
    performance_pay: Decimal | None = Field(
        description="元 set on the month's appraisal; no clause prices it."
    )
    behaviour: Decimal | None = Field(description="元 the ledger holds for the month's p05.income incident.")
    behaviour_proposed: Decimal | None = Field(description="元 it would give while it waits for approval.")
    behaviour_points: int | None
    entries: list[EntryOut] = Field(description="Its ledger entries, with clause and pack version.")
    total: Decimal = Field(description="元: base wage + performance pay + behaviour (what the ledger holds).")


class IncomeFilters(Schema):
    month: str | None = Field(
        None, pattern=r"^[0-9]{4}-[0-9]{2}$", description=MONTH + "; default this month."
    )
    months: int = Field(1, ge=1, le=12, description="How many months back from `month`.")


@router.get(
    "/managers/{int:manager_id}/income", response=list[IncomeMonthOut], summary="A manager's income by month"
)
def income(request: HttpRequest, manager_id: int, filters: Query[IncomeFilters]) -> list[dict[str, Any]]:
    """p05.income: base wage + performance pay + behaviour score, newest month first. The manager sees
    their own; supervisors and HR their sites'."""
    user = current_user(request)
    manager: Manager = managers_visible_to(user).select_related("site").get(pk=manager_id)
    if filters.month is not None:
        last = month_named(filters.month, loc=("query", "month"))
    else:
        last = clauses.local_today(manager.site).replace(day=1)
    found = income_of(manager, [shifted(last, -n) for n in range(filters.months)])
    return [
        {
            "month": f"{line.month:%Y-%m}",
            "base_wage": line.base,
            "performance_pay": line.performance,
            "behaviour": line.behaviour,
            "behaviour_proposed": line.proposed,
            "behaviour_points": line.appraisal.behaviour_points if line.appraisal else None,
            "entries": [entry_out(e) for e in line.entries],
            "total": line.total,
        }
        for line in found
    ]
