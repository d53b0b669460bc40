"""Writes of selection and appraisal: the marks given and the score the clause in force weighs them to
(p05.select, p05.appraise — the weights are the pack's, never Django's), the yearly plan and its revision
(p05.cycle), and a regular appraisal's income: its behaviour points as a p05.income incident into the staff
ledger (``income``). Each in one transaction, audited; the cycle's tasks follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import Conflict, FieldProblem, Invalid
from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.managers import clauses
from fuwu.managers.models import Appraisal, AppraisalPlan, Manager, Selection
from fuwu.managers.selectors.scope import may_appraise
from fuwu.managers.services.cycle import follow_cycle
from fuwu.managers.services.income import record_income
from fuwu.regulations.customers import Score, weighted_score

SELECTION = "selection_score"
APPRAISAL = "appraisal_score"
LARGEST_PAY = Decimal("99999999.99")
NOTE_LENGTH = 300


def criteria(site: Site, metric: str, on: dt.date) -> Score | None:
    """The criteria and weights of the clause weighing ``metric`` at ``site`` on ``on`` (its score of no
    marks: the weights are what a form asks for)."""
    return weighted_score(site, metric, on, {})


def _refuse_unless_appraiser(by: User, site: Site) -> None:
    if not may_appraise(by, site):
        raise PermissionDenied(gettext("Only a supervisor of the site or the general manager does this."))


def _scored(site: Site, metric: str, on: dt.date, marks: Mapping[str, int]) -> Score:
    """The clause's score of ``marks``; Invalid naming every criterion without a whole mark from 0 to 100,
    and every mark for a criterion the clause does not weigh."""
    empty = criteria(site, metric, on)
    if empty is None:
        raise Conflict(gettext("No clause weighs this score at this site."))
    problems: list[FieldProblem] = []
    for name in empty.weights:
        value = marks.get(name)
        if value is None:
            problems.append((("body", "marks", name), gettext("Give a mark from 0 to 100.")))
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            problems.append((("body", "marks", name), gettext("A whole number from 0 to 100.")))
    for name in marks:
        if name not in empty.weights:
            problems.append((("body", "marks", name), gettext("The clause weighs no such criterion.")))
    Invalid.unless_empty(problems)
    score = weighted_score(site, metric, on, {name: Decimal(value) for name, value in marks.items()})
    assert score is not None
    return score


def _note_problems(note: str) -> list[FieldProblem]:
    if len(note.strip()) > NOTE_LENGTH:
        return [(("body", "note"), gettext("At most 300 characters."))]
    return []


def record_selection(
    *, site: Site, candidate: User, marks: Mapping[str, int], by: User, note: str = ""
) -> Selection:
    """A candidate's selection review weighed by p05.select in force (学历, 资历, 业绩, 笔试, 面试)."""
    _refuse_unless_appraiser(by, site)
    problems = _note_problems(note)
    if not candidate.is_active or not candidate.sites.filter(pk=site.pk).exists():
        problems.append((("body", "candidate"), gettext("The candidate must be a person of this site.")))
    Invalid.unless_empty(problems)
    score = _scored(site, SELECTION, clauses.local_today(site), marks)
    with transaction.atomic():
        row = Selection.objects.create(
            site=site,
            candidate=candidate,
            marks=dict(marks),
            weights={name: str(weight) for name, weight in score.weights.items()},
            score=score.value,
            clause=score.cited.clause,
            pack_version=score.cited.version,
            because=score.because[:300],
            by=by,
            note=note.strip(),
        )
        audit.record_created(row, actor=by, action="managers.selection", site=site)
    return row


def month_end(month: dt.date) -> dt.date:
    """The last day of the month beginning on ``month``."""
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def appraisal_problems(
    manager: Manager, *, month: dt.date, kind: str, performance_pay: Decimal | None, note: str
) -> list[FieldProblem]:
    """Every problem of an appraisal's fields other than its marks."""
    problems = _note_problems(note)
    today = clauses.local_today(manager.site)
    if month.day != 1:
        problems.append((("body", "month"), gettext("Give the month as its first day.")))
    elif month > today:
        problems.append((("body", "month"), gettext("A month not yet begun cannot be appraised.")))
    elif month_end(month) < manager.appointed_at.date().replace(day=1):
        problems.append((("body", "month"), gettext("The manager was not appointed yet.")))
    if kind not in Appraisal.Kind.values:
        problems.append((("body", "kind"), gettext("Regular or ad hoc.")))
    if performance_pay is not None:
        if kind != Appraisal.Kind.REGULAR:
            problems.append(
                (("body", "performance_pay"), gettext("Only a regular appraisal sets the month's pay."))
            )
        elif performance_pay < 0 or performance_pay > LARGEST_PAY:
            problems.append((("body", "performance_pay"), gettext("From 0 to 99999999.99 元.")))
        elif performance_pay.as_tuple().exponent < -2:  # type: ignore[operator]  # finite: checked by forms
            problems.append(
                (("body", "performance_pay"), gettext("Give yuan with at most two decimal places."))
            )
    return problems


def record_appraisal(
    manager: Manager,
    *,
    month: dt.date,
    marks: Mapping[str, int],
    by: User,
    kind: str = Appraisal.Kind.REGULAR,
    performance_pay: Decimal | None = None,
    note: str = "",
) -> Appraisal:
    """The manager's appraisal of ``month`` weighed by p05.appraise in force (绩效 the most). A regular
    one — one a month — puts its behaviour points into the staff ledger as a p05.income incident, which
    binds once approved as incidents are; the month's p05.cycle task is done once every manager has one."""
    _refuse_unless_appraiser(by, manager.site)
    if by.pk == manager.user_id:
        raise PermissionDenied(gettext("Nobody appraises themself."))
    Invalid.unless_empty(
        appraisal_problems(manager, month=month, kind=kind, performance_pay=performance_pay, note=note)
    )
    on = min(month_end(month), clauses.local_today(manager.site))
    score = _scored(manager.site, APPRAISAL, on, marks)
    with transaction.atomic():
        manager = (
            Manager.objects.select_for_update(of=("self",)).select_related("site", "user").get(pk=manager.pk)
        )
        if kind == Appraisal.Kind.REGULAR and manager.appraisals.filter(kind=kind, month=month).exists():
            raise Conflict(gettext("This manager's regular appraisal of the month is recorded already."))
        row = Appraisal.objects.create(
            manager=manager,
            month=month,
            kind=kind,
            marks=dict(marks),
            weights={name: str(weight) for name, weight in score.weights.items()},
            score=score.value,
            clause=score.cited.clause,
            pack_version=score.cited.version,
            because=score.because[:300],
            performance_pay=performance_pay,
            by=by,
            note=note.strip(),
        )
        audit.record_created(row, actor=by, action="managers.appraisal", site=manager.site)
        if kind == Appraisal.Kind.REGULAR:
            record_income(row, by=by)
            follow_cycle(manager.site, month.year)
    return row


def make_plan(
    *, site: Site, year: int, purpose: str, principles: str, content: str, timing: str, by: User
) -> AppraisalPlan:
    """The site's appraisal plan of ``year`` (p05.cycle: 目的、原则、内容和时间): its task is done."""
    _refuse_unless_appraiser(by, site)
    texts = {"purpose": purpose, "principles": principles, "content": content, "timing": timing}
    problems: list[FieldProblem] = [
        (("body", name), gettext("Write this part of the plan."))
        for name, text in texts.items()
        if not text.strip()
    ]
    if not 2000 <= year <= 2099:
        problems.append((("body", "year"), gettext("A year from 2000 to 2099.")))
    Invalid.unless_empty(problems)
    with transaction.atomic():
        if AppraisalPlan.objects.filter(site=site, year=year).exists():
            raise Conflict(gettext("The plan of this year is made already; revise it instead."))
        plan = AppraisalPlan.objects.create(
            site=site, year=year, made_by=by, **{name: text.strip() for name, text in texts.items()}
        )
        audit.record_created(plan, actor=by, action="managers.plan", site=site)
        follow_cycle(site, year)
    return plan


def revise_plan(plan: AppraisalPlan, *, revision: str, by: User) -> AppraisalPlan:
    """The yearly revision of the plan, its standards and methods (p05.cycle): its task is done."""
    _refuse_unless_appraiser(by, plan.site)
    if not revision.strip():
        raise Invalid.field(("body", "revision"), gettext("Say what is revised."))
    with transaction.atomic():
        plan = AppraisalPlan.objects.select_for_update(of=("self",)).select_related("site").get(pk=plan.pk)
        before = audit.snapshot(plan)
        plan.revision = revision.strip()
        plan.revised_by = by
        plan.revised_at = timezone.now()
        plan.save(update_fields=["revision", "revised_by", "revised_at"])
        audit.record(
            actor=by,
            action="managers.plan.revise",
            obj=plan,
            before=before,
            after=audit.snapshot(plan),
            site=plan.site,
        )
        follow_cycle(plan.site, plan.year)
    return plan


def schedule_cycle(*, site: Site, year: int, by: User) -> None:
    """Store ``year``'s p05.cycle tasks of the site now (they are also stored whenever a plan or an
    appraisal is written); ``CalendarMissing`` when the year's holidays are not entered."""
    _refuse_unless_appraiser(by, site)
    if not 2000 <= year <= 2099:
        raise Invalid.field(("body", "year"), gettext("A year from 2000 to 2099."))
    with transaction.atomic():
        follow_cycle(site, year)
