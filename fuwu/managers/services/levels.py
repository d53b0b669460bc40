"""Writes about who is a customer manager and at what level: the eligibility review and its certification
(p05.eligible), the appointment, each level's qualifications checked with evidence (p05.levels), and a
level change proposed and confirmed by the department head (p05.result). Each in one transaction, audited;
whoever must decide is told."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import Conflict, FieldProblem, Invalid
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import audit, outbox, users
from fuwu.managers import clauses
from fuwu.managers.models import (
    Appraisal,
    Eligibility,
    Level,
    LevelChange,
    Manager,
    QualificationCheck,
)
from fuwu.managers.selectors.scope import holds_role_at, may_appraise
from fuwu.managers.services.cycle import follow_cycle
from fuwu.regulations.approvals import approval_rule

EVIDENCE_LENGTH = 300
DEPARTMENT_HEAD = Role.SUPERVISOR.value  # who confirms a level change: p05.result names nobody (decision)


@dataclass(frozen=True)
class ConditionMark:
    """A condition as the reviewer marks it: its number in the clause, met or not, and the evidence."""

    number: int
    met: bool
    evidence: str = ""


def _people_with(site: Site, role: str) -> list[User]:
    """Who holds the role ``role`` at ``site`` (told that something waits for them)."""
    try:
        group = Role(role).group_name
    except ValueError:
        return []
    return list(User.objects.filter(is_active=True, groups__name=group, sites=site).distinct())


def _refuse_unless_appraiser(by: User, site: Site) -> None:
    if not may_appraise(by, site):
        raise PermissionDenied(gettext("Only a supervisor of the site or the general manager does this."))


def request_eligibility(
    *, site: Site, candidate: User, marks: Sequence[ConditionMark], by: User, note: str = ""
) -> Eligibility:
    """Open a qualification review of ``candidate`` against the base conditions of p05.eligible in force,
    each marked with its evidence; it waits for the role the clause names, who is told."""
    _refuse_unless_appraiser(by, site)
    today = clauses.local_today(site)
    clause, conditions = clauses.base_conditions(site, today)
    rule = approval_rule(site, clauses.ELIGIBLE, today)
    if clause is None or rule is None:
        raise Conflict(gettext("No clause on customer managers' eligibility is in force at this site."))
    problems: list[FieldProblem] = []
    if not candidate.is_active or not candidate.sites.filter(pk=site.pk).exists():
        problems.append((("body", "candidate"), gettext("The candidate must be a person of this site.")))
    given = {mark.number: mark for mark in marks}
    for index, number in enumerate(given):
        if number not in {c.number for c in conditions}:
            problems.append((("body", "conditions", index), gettext("No such condition in the clause.")))
    for index, mark in enumerate(marks):
        if len(mark.evidence.strip()) > EVIDENCE_LENGTH:
            problems.append((("body", "conditions", index, "evidence"), gettext("At most 300 characters.")))
    Invalid.unless_empty(problems)
    with transaction.atomic():
        if Eligibility.objects.filter(
            site=site, candidate=candidate, state=Eligibility.State.PENDING
        ).exists():
            raise Conflict(gettext("A review of this person waits for a decision already."))
        row = Eligibility.objects.create(
            site=site,
            candidate=candidate,
            conditions=[
                {
                    "number": c.number,
                    "text": c.text,
                    "met": bool(given[c.number].met) if c.number in given else False,
                    "evidence": given[c.number].evidence.strip() if c.number in given else "",
                }
                for c in conditions
            ],
            clause=clause.clause,
            pack_version=clause.version,
            approver_role=rule.role,
            requested_by=by,
            note=note.strip()[:300],
        )
        audit.record_created(row, actor=by, action="managers.eligibility.request", site=site)
        outbox.notify(
            targets=[outbox.in_app(person) for person in _people_with(site, rule.role)],
            subject=gettext("Customer manager eligibility to certify: %(name)s") % {"name": candidate},
            body=gettext("%(met)s of %(all)s base conditions met (%(clause)s).")
            % {
                "met": sum(1 for c in row.conditions if c["met"]),
                "all": len(row.conditions),
                "clause": clause.clause,
            },
            url=reverse("managers:eligibility"),
            key=f"eligibility:{row.pk}:requested",
            site=site,
            by=by,
        )
    return row


def decide_eligibility(row: Eligibility, *, approve: bool, by: User, note: str = "") -> Eligibility:
    """Certify or refuse (p05.eligible: the role it names; never the candidate). A certification needs
    every base condition met."""
    with transaction.atomic():
        row = (
            Eligibility.objects.select_for_update(of=("self",))
            .select_related("site", "candidate")
            .get(pk=row.pk)
        )
        if by.pk == row.candidate_id or not holds_role_at(by, row.approver_role, row.site):
            raise PermissionDenied(
                gettext("Only the approver the regulations name may decide on this review.")
            )
        if row.state != Eligibility.State.PENDING:
            raise Conflict(gettext("This review has been decided already."))
        if approve and not all(c.get("met") for c in row.conditions):
            raise Conflict(gettext("Every base condition must be met before the person is certified."))
        before = audit.snapshot(row)
        row.state = Eligibility.State.APPROVED if approve else Eligibility.State.REFUSED
        row.decided_by, row.decided_at = by, timezone.now()
        row.note = (note.strip() or row.note)[:300]
        row.save(update_fields=["state", "decided_by", "decided_at", "note"])
        action = "managers.eligibility.approve" if approve else "managers.eligibility.refuse"
        audit.record(
            actor=by, action=action, obj=row, before=before, after=audit.snapshot(row), site=row.site
        )
        outbox.notify(
            targets=[outbox.in_app(row.requested_by_id)],
            subject=(
                gettext("Certified as customer manager: %(name)s")
                if approve
                else gettext("Not certified as customer manager: %(name)s")
            )
            % {"name": row.candidate},
            body=row.note,
            url=reverse("managers:eligibility"),
            key=f"eligibility:{row.pk}:decided",
            site=row.site,
            by=by,
        )
    return row


def appoint(eligibility: Eligibility, *, level: str, by: User) -> Manager:
    """Appoint the certified candidate as customer manager of the site at ``level`` (见习 usually): the
    level's first history row, and the customer manager's role if they lacked it."""
    if level not in Level.values:
        raise Invalid.field(("body", "level"), gettext("Choose one of the four levels."))
    with transaction.atomic():
        eligibility = (
            Eligibility.objects.select_for_update(of=("self",))
            .select_related("site", "candidate")
            .get(pk=eligibility.pk)
        )
        site, person = eligibility.site, eligibility.candidate
        if not holds_role_at(by, eligibility.approver_role, site):
            raise PermissionDenied(gettext("Only the approver the regulations name appoints."))
        if eligibility.state != Eligibility.State.APPROVED:
            raise Conflict(
                gettext("Only a certified person may be appointed customer manager (p05.eligible).")
            )
        if Manager.objects.filter(site=site, user=person).exists():
            raise Conflict(gettext("This person is a customer manager of the site already."))
        manager = Manager.objects.create(
            site=site, user=person, level=level, eligibility=eligibility, appointed_by=by
        )
        audit.record_created(manager, actor=by, action="managers.appoint", site=site)
        today = clauses.local_today(site)
        found = clauses.cited(site, clauses.LEVELS, today)
        change = LevelChange.objects.create(
            manager=manager,
            from_level="",
            to_level=level,
            reason=gettext("Appointed"),
            clause=clauses.LEVELS,
            pack_version=found.version if found else 0,
            state=LevelChange.State.CONFIRMED,
            proposed_by=by,
            decided_by=by,
            decided_at=manager.appointed_at,
        )
        audit.record_created(change, actor=by, action="managers.level.appoint", site=site)
        if not person.has_role(Role.CUSTOMER_MANAGER):
            users.set_roles(person, [*person.roles(), Role.CUSTOMER_MANAGER], by=by)
        follow_cycle(site, today.year)
    return manager


def check_qualifications(
    manager: Manager, *, level: str, marks: Sequence[ConditionMark], by: User
) -> list[QualificationCheck]:
    """Record which of ``level``'s qualifications (p05.levels in force) the manager meets, with the
    evidence; a condition checked before is changed (audited)."""
    _refuse_unless_appraiser(by, manager.site)
    if level not in Level.values:
        raise Invalid.field(("body", "level"), gettext("Choose one of the four levels."))
    today = clauses.local_today(manager.site)
    clause, levels = clauses.qualifications(manager.site, today)
    conditions = {c.number: c for c in levels[level]}
    problems: list[FieldProblem] = []
    for index, mark in enumerate(marks):
        if mark.number not in conditions:
            problems.append(
                (("body", "checks", index, "number"), gettext("No such qualification of this level."))
            )
        if len(mark.evidence.strip()) > EVIDENCE_LENGTH:
            problems.append((("body", "checks", index, "evidence"), gettext("At most 300 characters.")))
    Invalid.unless_empty(problems)
    assert clause is not None  # a level with conditions came from the clause
    now = timezone.now()
    saved: list[QualificationCheck] = []
    with transaction.atomic():
        existing = {
            row.number: row
            for row in QualificationCheck.objects.select_for_update().filter(manager=manager, level=level)
        }
        for mark in marks:
            condition = conditions[mark.number]
            values = {
                "text": condition.text[:300],
                "met": mark.met,
                "evidence": mark.evidence.strip(),
                "pack_version": clause.version,
                "checked_by": by,
                "checked_at": now,
            }
            row = existing.get(mark.number)
            if row is None:
                row = QualificationCheck.objects.create(
                    manager=manager, level=level, number=mark.number, **values
                )
                audit.record_created(row, actor=by, action="managers.qualification.check", site=manager.site)
            else:
                before = audit.snapshot(row)
                for name, value in values.items():
                    setattr(row, name, value)
                row.save()
                audit.record(
                    actor=by,
                    action="managers.qualification.check",
                    obj=row,
                    before=before,
                    after=audit.snapshot(row),
                    site=manager.site,
                )
            saved.append(row)
    return saved


def propose_level(
    manager: Manager, *, to_level: str, reason: str, by: User, appraisal: Appraisal | None = None
) -> LevelChange:
    """Propose moving the manager up or down (p05.result: the appraisal's result is the basis); nothing
    moves until the department head confirms, who is told."""
    _refuse_unless_appraiser(by, manager.site)
    problems: list[FieldProblem] = []
    if to_level not in Level.values:
        problems.append((("body", "to_level"), gettext("Choose one of the four levels.")))
    elif to_level == manager.level:
        problems.append((("body", "to_level"), gettext("The manager is at this level already.")))
    if not reason.strip():
        problems.append((("body", "reason"), gettext("Say why.")))
    elif len(reason.strip()) > 300:
        problems.append((("body", "reason"), gettext("At most 300 characters.")))
    if appraisal is not None and appraisal.manager_id != manager.pk:
        problems.append((("body", "appraisal"), gettext("Choose an appraisal of this manager.")))
    Invalid.unless_empty(problems)
    today = clauses.local_today(manager.site)
    found = clauses.cited(manager.site, clauses.RESULT, today)
    if found is None:
        raise Conflict(gettext("No clause on the use of appraisal results is in force at this site."))
    with transaction.atomic():
        manager = (
            Manager.objects.select_for_update(of=("self",)).select_related("site", "user").get(pk=manager.pk)
        )
        if manager.changes.filter(state=LevelChange.State.PROPOSED).exists():
            raise Conflict(gettext("A level change of this manager waits for a decision already."))
        change = LevelChange.objects.create(
            manager=manager,
            from_level=manager.level,
            to_level=to_level,
            reason=reason.strip(),
            appraisal=appraisal,
            clause=found.clause,
            pack_version=found.version,
            proposed_by=by,
        )
        audit.record_created(change, actor=by, action="managers.level.propose", site=manager.site)
        outbox.notify(
            targets=[outbox.in_app(person) for person in _people_with(manager.site, DEPARTMENT_HEAD)],
            subject=gettext("Level change to confirm: %(name)s, %(from)s → %(to)s")
            % {
                "name": manager.user,
                "from": change.get_from_level_display(),
                "to": change.get_to_level_display(),
            },
            body=change.reason,
            url=reverse("managers:manager", args=[manager.pk]),
            key=f"level_change:{change.pk}:proposed",
            site=manager.site,
            by=by,
        )
    return change


def decide_level(change: LevelChange, *, confirm: bool, by: User, note: str = "") -> LevelChange:
    """The department head confirms (the level moves) or rejects (it stays); never the manager."""
    with transaction.atomic():
        change = (
            LevelChange.objects.select_for_update(of=("self",))
            .select_related("manager__site")
            .get(pk=change.pk)
        )
        manager = change.manager
        if by.pk == manager.user_id or not holds_role_at(by, DEPARTMENT_HEAD, manager.site):
            raise PermissionDenied(gettext("Only the department head confirms a level change."))
        if change.state != LevelChange.State.PROPOSED:
            raise Conflict(gettext("This level change has been decided already."))
        if confirm and manager.level != change.from_level:
            raise Conflict(gettext("The manager's level changed since this was proposed."))
        before = audit.snapshot(change)
        change.state = LevelChange.State.CONFIRMED if confirm else LevelChange.State.REJECTED
        change.decided_by, change.decided_at = by, timezone.now()
        change.decision_note = note.strip()[:300]
        change.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        action = "managers.level.confirm" if confirm else "managers.level.reject"
        audit.record(
            actor=by,
            action=action,
            obj=change,
            before=before,
            after=audit.snapshot(change),
            site=manager.site,
        )
        if confirm:
            manager_before = audit.snapshot(manager)
            manager.level = change.to_level
            manager.save(update_fields=["level"])
            audit.record(
                actor=by,
                action="managers.level.change",
                obj=manager,
                before=manager_before,
                after=audit.snapshot(manager),
                site=manager.site,
            )
        outbox.notify(
            targets=[outbox.in_app(manager.user_id), outbox.in_app(change.proposed_by_id)],
            subject=(
                gettext("Level change confirmed: %(to)s")
                if confirm
                else gettext("Level change rejected: %(to)s")
            )
            % {"to": change.get_to_level_display()},
            body=change.decision_note,
            url=reverse("managers:manager", args=[manager.pk]),
            key=f"level_change:{change.pk}:decided",
            site=manager.site,
            by=by,
        )
    return change


def marks_from(rows: Mapping[int, tuple[bool, str]]) -> list[ConditionMark]:
    """Condition marks from {number: (met, evidence)} as a form gives them."""
    return [ConditionMark(number, met, evidence) for number, (met, evidence) in sorted(rows.items())]
