"""Incidents (违规与表彰): recorded by citing a clause, priced by the engine, binding once approved.

A supervisor (HR, the general manager) records what happened at the employee's site; the engine's
entries are kept on the incident as proposed (``proposed``), and the holders of the role the pack names
are told. Approval makes the ledger follow: the months the incident touches are reconciled (the
employee's, and the month of whoever answers for it jointly, p04.8). Appeals are in ``appeals``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import User
from fuwu.core.services import audit, outbox
from fuwu.regulations.clauses import IncidentClause, incident_clause
from fuwu.staff.models import Employee, Incident
from fuwu.staff.selectors.incidents import approvers_of, may_decide, may_record, recordable_employees
from fuwu.staff.services.incident_effects import local_day, proposal, touched
from fuwu.staff.services.reconcile import reconcile_months

CLOCK_SKEW = dt.timedelta(minutes=2)  # a phone's clock a little ahead is not "in the future"
LARGEST = Decimal("99999999.99")  # what the amount and cost columns hold
NOTE_LENGTH = 500
QUANTITY_LIMIT = 1_000_000  # what the engine counts


def _money_problem(value: Decimal) -> str | None:
    if value.as_tuple().exponent < -2:  # type: ignore[operator]  # finite: the schema and forms read it
        return gettext("Give yuan with at most two decimal places.")
    if value > LARGEST:
        return gettext("That is more than the ledger can hold.")
    return None


def incident_problems(
    employee: Employee,
    *,
    by: User,
    clause: Maybe[str],
    at: Maybe[dt.datetime],
    amount: Maybe[Decimal | None],
    cost: Maybe[Decimal | None],
    concealed: Maybe[bool],
    manager_on_duty: Maybe[Employee | None],
    note: Maybe[str],
    now: dt.datetime | None = None,
    quantity: Maybe[int] = 1,
) -> list[FieldProblem]:
    """Every problem of an incident to record, each naming its field; PermissionDenied when ``by`` may
    not record about this person. An UNKNOWN value is not checked, nor is what needs it."""
    if not may_record(by) or not recordable_employees(by).filter(pk=employee.pk).exists():
        raise PermissionDenied(
            gettext("Only a supervisor, HR or the general manager of the person's site records incidents.")
        )
    now = now or timezone.now()
    problems: list[FieldProblem] = []
    if at is not UNKNOWN:
        if at > now + CLOCK_SKEW:
            problems.append((("body", "at"), gettext("The incident cannot be later than now.")))
        elif local_day(employee.site, at) < employee.hired_on:
            message = gettext("The person was hired on %(day)s, after this.") % {"day": employee.hired_on}
            problems.append((("body", "at"), message))
    found: IncidentClause | None = None
    if clause is not UNKNOWN:
        on = local_day(employee.site, at if at is not UNKNOWN else now)
        found = incident_clause(employee.site, clause.strip(), on)
        if found is None:
            message = gettext(
                "No clause “%(clause)s” an incident may cite is in force at this site on %(day)s."
            )
            problems.append((("body", "clause"), message % {"clause": clause, "day": on}))
    if found is not None:
        problems.extend(_priced_problems(found, amount, cost, concealed))
        problems.extend(_duty_problems(found, employee, manager_on_duty))
        problems.extend(_quantity_problems(found, quantity))
    if note is not UNKNOWN and not note.strip():
        problems.append((("body", "note"), gettext("Say what happened.")))
    elif note is not UNKNOWN and len(note.strip()) > NOTE_LENGTH:
        problems.append((("body", "note"), gettext("At most 500 characters.")))
    return problems


def _priced_problems(
    found: IncidentClause, amount: Maybe[Decimal | None], cost: Maybe[Decimal | None], concealed: Maybe[bool]
) -> list[FieldProblem]:
    """What the clause's pricing asks of the recorder: an amount (recorded), a cost (damage), nothing."""
    problems: list[FieldProblem] = []
    names = {"clause": found.clause, "minimum": found.minimum, "maximum": found.maximum}
    if amount is not UNKNOWN:
        if found.pricing != "recorded" and amount is not None:
            message = (
                gettext("This clause prices damage from its cost: give the cost, not an amount.")
                if found.pricing == "damage"
                else gettext("%(clause)s sets the amount itself: leave it empty.") % names
            )
            problems.append((("body", "amount"), message))
        elif found.pricing == "recorded" and amount is None:
            message = gettext(
                "Give the amount: %(clause)s leaves it to the recorder, at least %(minimum)s 元."
            )
            problems.append((("body", "amount"), message % names))
        elif found.pricing == "recorded" and amount is not None:
            bad = _money_problem(amount)
            if bad is None and found.minimum is not None and amount < found.minimum:
                bad = gettext("At least %(minimum)s 元 under %(clause)s.") % names
            if bad is None and found.maximum is not None and amount > found.maximum:
                bad = gettext("At most %(maximum)s 元 under %(clause)s.") % names
            if bad is not None:
                problems.append((("body", "amount"), bad))
    if cost is not UNKNOWN:
        if found.pricing == "damage" and cost is None:
            problems.append((("body", "cost"), gettext("Give the cost of the damage.")))
        elif found.pricing != "damage" and cost is not None:
            problems.append((("body", "cost"), gettext("Only a clause about damage takes a cost.")))
        elif cost is not None:
            bad = _money_problem(cost)
            if bad is None and cost <= 0:
                bad = gettext("The cost must be more than 0.")
            if bad is not None:
                problems.append((("body", "cost"), bad))
    if concealed is True and found.pricing != "damage":
        message = gettext("Only damage is reported or concealed: leave this unticked.")
        problems.append((("body", "concealed"), message))
    return problems


def _quantity_problems(found: IncidentClause, quantity: Maybe[int]) -> list[FieldProblem]:
    """A clause's fixed amount may apply several times at once (p05.income: per behaviour point)."""
    if quantity is UNKNOWN or quantity == 1:
        return []
    if found.pricing not in ("fine", "reward"):
        message = gettext("%(clause)s has no fixed amount to count more than once.")
        return [(("body", "quantity"), message % {"clause": found.clause})]
    if not 1 <= quantity <= QUANTITY_LIMIT:
        return [(("body", "quantity"), gettext("Give a whole number from 1 to 1000000."))]
    return []


def _duty_problems(
    found: IncidentClause, employee: Employee, manager_on_duty: Maybe[Employee | None]
) -> list[FieldProblem]:
    if manager_on_duty is UNKNOWN or manager_on_duty is None:
        return []
    message = None
    if found.joint_liability != "manager_on_duty":
        message = gettext("%(clause)s makes no manager on duty answer for it: leave it empty.") % {
            "clause": found.clause
        }
    elif manager_on_duty.pk == employee.pk:
        message = gettext("The manager on duty cannot be the employee themself.")
    elif manager_on_duty.site_id != employee.site_id:
        message = gettext("The manager on duty must work at the employee's site.")
    return [] if message is None else [(("body", "manager_on_duty"), message)]


def record_incident(
    *,
    employee: Employee,
    clause: str,
    at: dt.datetime,
    note: str,
    by: User,
    amount: Decimal | None = None,
    cost: Decimal | None = None,
    concealed: bool = False,
    manager_on_duty: Employee | None = None,
    quantity: int = 1,
) -> Incident:
    """Record an incident citing ``clause``; it keeps the engine's entries as proposed and waits for the
    approver the pack names (who is told). Nothing reaches the ledger before approval. ``quantity`` counts
    a fixed amount that many times (p05.income's behaviour points)."""
    now = timezone.now()
    clause = clause.strip()
    Invalid.unless_empty(
        incident_problems(
            employee, by=by, clause=clause, at=at, amount=amount, cost=cost, concealed=concealed,
            manager_on_duty=manager_on_duty, note=note, now=now, quantity=quantity,
        )
    )  # fmt: skip
    found = incident_clause(employee.site, clause, local_day(employee.site, at))
    assert found is not None  # checked above
    with transaction.atomic():
        incident = Incident.objects.create(
            employee=employee,
            site=employee.site,
            clause=clause,
            at=at,
            amount=amount,
            cost=cost,
            concealed=concealed,
            manager_on_duty=manager_on_duty,
            quantity=quantity,
            note=note.strip(),
            recorded_by=by,
            recorded_at=now,
            approver_role=found.approver,
        )
        # Judged saved but unapproved: its ref is its own (incident:<id>), as the approved one's will be.
        incident.proposed = proposal(incident)
        incident.save(update_fields=["proposed"])
        audit.record_created(incident, actor=by, action="incident.record", site=employee.site)
        outbox.notify(
            targets=[outbox.in_app(person) for person in approvers_of(employee.site, found.approver)],
            subject=gettext("Incident to approve: %(name)s, %(clause)s %(title)s")
            % {"name": employee.user, "clause": clause, "title": found.title},
            body=incident.note,
            url=reverse("staff:incident", args=[incident.pk]),
            key=f"incident:{incident.pk}:recorded",
            site=employee.site,
            by=by,
        )
    return incident


def locked_incident(pk: int) -> Incident:
    """The incident, its row locked until the transaction ends (a decision waits for the one before)."""
    return (
        Incident.objects.select_for_update(of=("self",))
        .select_related("employee__site", "employee__user", "site")
        .get(pk=pk)
    )


def decision_problems(incident: Incident, *, by: User) -> list[FieldProblem]:
    """PermissionDenied unless ``by`` approves incidents like this one; Conflict once it is decided."""
    if not may_decide(by, incident):
        raise PermissionDenied(gettext("Only the approver the regulations name may decide on this incident."))
    if incident.state != Incident.State.RECORDED:
        raise Conflict(gettext("This incident has been decided already."))
    return []


def approve_incident(incident: Incident, *, by: User) -> Incident:
    """Approve: the incident binds, and the ledger of everyone it touches follows at once."""
    return _decide(incident, by=by, approve=True, note="")


def reject_incident(incident: Incident, *, by: User, note: str = "") -> Incident:
    """Do not approve: nothing reaches the ledger; the recorder is told why."""
    return _decide(incident, by=by, approve=False, note=note)


def _decide(incident: Incident, *, by: User, approve: bool, note: str) -> Incident:
    with transaction.atomic():
        incident = locked_incident(incident.pk)
        decision_problems(incident, by=by)
        before = audit.snapshot(incident)
        incident.state = Incident.State.APPROVED if approve else Incident.State.REJECTED
        incident.decided_by, incident.decided_at = by, timezone.now()
        incident.save(update_fields=["state", "decided_by", "decided_at"])
        after = audit.snapshot(incident, extra={"note": note.strip()} if note.strip() else None)
        action = "incident.approve" if approve else "incident.reject"
        audit.record(actor=by, action=action, obj=incident, before=before, after=after, site=incident.site)
        url = reverse("staff:incident", args=[incident.pk])
        names = {"clause": incident.clause, "day": local_day(incident.site, incident.at)}
        if approve:
            reconcile_months(touched(incident), by=by)
            outbox.notify(
                targets=[outbox.in_app(incident.employee.user_id)],
                subject=gettext("An incident about you was approved: %(clause)s of %(day)s") % names,
                body=gettext("See it in your fines and rewards; you may appeal it once."),
                url=url,
                key=f"incident:{incident.pk}:approved",
                site=incident.site,
                by=by,
            )
        else:
            outbox.notify(
                targets=[outbox.in_app(incident.recorded_by_id)],
                subject=gettext("An incident you recorded was not approved: %(clause)s of %(day)s") % names,
                body=note.strip(),
                url=url,
                key=f"incident:{incident.pk}:rejected",
                site=incident.site,
                by=by,
            )
    return incident
