"""Appeals (申诉): the employee's one appeal of an approved incident, or of a shift the ledger charges
because of what the clock said (the times they say are right), and its decision.

An incident's appeal is decided by its approver; upheld, the incident is withdrawn. A shift's is decided
by the employee's manager, a supervisor of the site or the general manager; upheld, the shift gets the
times claimed as a correction would give them (by the decider, for the appeal's reason). Either way the
ledger follows by reconcile: what the subject gave is reversed (in the next open month when its month is
closed) and what the new facts give is added. A dismissed appeal changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.services import audit, outbox
from fuwu.regulations.policies import in_force
from fuwu.staff.models import Appeal, AttendanceDay, Incident
from fuwu.staff.selectors.appeals import may_decide_appeal, shift_deciders, standing_charges
from fuwu.staff.selectors.incidents import approvers_of
from fuwu.staff.services.corrections import apply_correction, clock_problems
from fuwu.staff.services.incident_effects import local_day, touched
from fuwu.staff.services.incidents import NOTE_LENGTH, locked_incident
from fuwu.staff.services.reconcile import reconcile_months

# The shift's correction reason when an appeal is upheld: stored data, in Chinese like the shift's other
# reasons (a correction's reason is typed by HR in Chinese), not a page word.
UPHELD_REASON = "申诉成立：%s"


def _reason_problems(reason: Maybe[str]) -> list[FieldProblem]:
    if reason is not UNKNOWN and not reason.strip():
        return [(("body", "reason"), gettext("Say why you appeal."))]
    if reason is not UNKNOWN and len(reason.strip()) > NOTE_LENGTH:
        return [(("body", "reason"), gettext("At most 500 characters."))]
    return []


# ------------------------------------------------------------------ an incident's appeal


def appeal_problems(incident: Incident, *, by: User, reason: Maybe[str]) -> list[FieldProblem]:
    """PermissionDenied unless ``by`` is the employee; Conflict unless the incident is approved and not
    appealed yet (once only); then the reason's problem."""
    if by.pk != incident.employee.user_id:
        raise PermissionDenied(gettext("Only the person an incident is about may appeal it."))
    if incident.state != Incident.State.APPROVED:
        raise Conflict(gettext("Only an approved incident can be appealed."))
    if Appeal.objects.filter(incident_id=incident.pk).exists():
        raise Conflict(gettext("This incident has been appealed already: an incident is appealed once."))
    return _reason_problems(reason)


def appeal_incident(incident: Incident, *, reason: str, by: User) -> Appeal:
    """The employee's one appeal; the approvers are told. The entries stand until it is decided."""
    with transaction.atomic():
        incident = locked_incident(incident.pk)
        Invalid.unless_empty(appeal_problems(incident, by=by, reason=reason))
        appeal = Appeal.objects.create(incident=incident, reason=reason.strip(), by=by, at=timezone.now())
        audit.record_created(appeal, actor=by, action="incident.appeal", site=incident.site)
        outbox.notify(
            targets=[outbox.in_app(person) for person in approvers_of(incident.site, incident.approver_role)],
            subject=gettext("Appeal to decide: %(name)s, %(clause)s")
            % {"name": incident.employee.user, "clause": incident.clause},
            body=appeal.reason,
            url=reverse("staff:incident", args=[incident.pk]),
            key=f"appeal:{appeal.pk}:made",
            site=incident.site,
            by=by,
        )
    return appeal


# ------------------------------------------------------------------ a shift's appeal


def _locked_shift(pk: int) -> AttendanceDay:
    """The shift, its row locked until the transaction ends (an appeal, its decision and HR's correction
    of the same shift wait in one line)."""
    return (
        AttendanceDay.objects.select_for_update(of=("self",))
        .select_related("employee__site", "employee__user")
        .get(pk=pk)
    )


def shift_appeal_problems(
    day: AttendanceDay,
    *,
    by: User,
    reason: Maybe[str],
    clock_in: Maybe[dt.datetime | None],
    clock_out: Maybe[dt.datetime | None],
) -> list[FieldProblem]:
    """PermissionDenied unless ``by`` is the employee whose shift it is; Conflict when the ledger takes no
    money for the shift or it has been appealed already (once only); then every field's problem: the
    reason, at least one claimed time, and each time as a correction's (not in the future, within 12
    hours of the shift, the clock-out after the clock-in — a time not claimed is the clock's)."""
    employee = day.employee
    if by.pk != employee.user_id:
        raise PermissionDenied(gettext("Only the person whose shift it is may appeal what the clock said."))
    if not standing_charges(day).exists():
        raise Conflict(
            gettext("The ledger takes nothing for this shift: there is no fine or deduction to appeal.")
        )
    if Appeal.objects.filter(shift_id=day.pk).exists():
        raise Conflict(gettext("This shift has been appealed already: a shift is appealed once."))
    problems = _reason_problems(reason)
    if clock_in is UNKNOWN or clock_out is UNKNOWN:
        return problems
    if clock_in is None and clock_out is None:
        message = gettext("Give the time you say is right: the clock-in, the clock-out or both.")
        return [*problems, (("body", "clock_in"), message)]
    zone = in_force(employee.site).zone
    found = clock_problems(day.day, day.shift_start, day.shift_end, clock_in, clock_out, zone)
    problems.extend((("body", *loc), message) for loc, message in found)
    claimed = "clock_in" if clock_out is None else "clock_out" if clock_in is None else ""
    kept_in, kept_out = clock_in or day.clock_in, clock_out or day.clock_out
    # One time claimed: it must still fit the clock's other one.
    if claimed and kept_in is not None and kept_out is not None and kept_out <= kept_in:
        problems.append((("body", claimed), gettext("The clock-out must come after the clock-in.")))
    if not problems and (kept_in, kept_out) == (day.clock_in, day.clock_out):
        problems.append((("body", "clock_in"), gettext("These are the clock's own times.")))
    return problems


def appeal_shift(
    day: AttendanceDay,
    *,
    reason: str,
    clock_in: dt.datetime | None,
    clock_out: dt.datetime | None,
    by: User,
) -> Appeal:
    """The employee's one appeal of what the clock said on a shift the ledger charges: the times they say
    are right (None: the clock's stands). Their manager and the site's supervisors are told; the entries
    stand until it is decided."""
    with transaction.atomic():
        day = _locked_shift(day.pk)
        problems = shift_appeal_problems(day, by=by, reason=reason, clock_in=clock_in, clock_out=clock_out)
        Invalid.unless_empty(problems)
        employee = day.employee
        appeal = Appeal.objects.create(
            shift=day, clock_in=clock_in, clock_out=clock_out, reason=reason.strip(), by=by, at=timezone.now()
        )
        clock = {"clock_in": day.clock_in, "clock_out": day.clock_out}  # what the clock said, for the trail
        audit.record_created(appeal, actor=by, action="attendance.appeal", site=employee.site, extra=clock)
        outbox.notify(
            targets=[outbox.in_app(person) for person in shift_deciders(employee)],
            subject=gettext("Appeal to decide: %(name)s, the shift of %(day)s")
            % {"name": employee.user, "day": day.day},
            body=appeal.reason,
            url=reverse("staff:appeal", args=[appeal.pk]),
            key=f"appeal:{appeal.pk}:made",
            site=employee.site,
            by=by,
        )
    return appeal


# ------------------------------------------------------------------ deciding either


def appeal_decision_problems(
    appeal: Appeal, *, by: User, upheld: Maybe[bool], note: Maybe[str]
) -> list[FieldProblem]:
    """PermissionDenied unless ``by`` decides the appeal (``may_decide_appeal``); Conflict once it is
    decided; a dismissal must say why."""
    if not may_decide_appeal(by, appeal):
        if appeal.incident_id is not None:
            message = gettext("Only the approver the regulations name may decide on this appeal.")
        else:
            message = gettext(
                "Only the person's manager, a supervisor of their site or the general manager may decide "
                "on this appeal."
            )
        raise PermissionDenied(message)
    if appeal.state != Appeal.State.PENDING:
        raise Conflict(gettext("This appeal has been decided already."))
    if note is not UNKNOWN and len(note.strip()) > NOTE_LENGTH:
        return [(("body", "note"), gettext("At most 500 characters."))]
    if upheld is False and note is not UNKNOWN and not note.strip():
        return [(("body", "note"), gettext("Say why the appeal is dismissed."))]
    return []


def decide_appeal(appeal: Appeal, *, upheld: bool, note: str, by: User) -> Appeal:
    """Decide the appeal, of an incident or of a shift. Upheld: the incident is withdrawn, or the shift
    gets the times claimed; the ledger reverses what the old facts gave (in the next open month when
    their month is closed) and adds what the new ones give. Dismissed: everything stands. The employee is
    told. Two deciders at once: one decides, the other gets Conflict."""
    with transaction.atomic():
        # The subject first, as its other writes lock it (an incident's approval, a shift's correction):
        # two deciders at once wait in one line, and the second finds the appeal decided.
        if appeal.incident_id is not None:
            incident = locked_incident(appeal.incident_id)
            appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
            appeal.incident = incident
            return _decide_incident(appeal, incident, upheld=upheld, note=note, by=by)
        assert appeal.shift_id is not None
        day = _locked_shift(appeal.shift_id)
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        appeal.shift = day
        return _decide_shift(appeal, day, upheld=upheld, note=note, by=by)


def _record_decision(appeal: Appeal, *, upheld: bool, note: str, by: User, site: Site) -> None:
    """Check, then write the decision on the appeal with its audit entry."""
    Invalid.unless_empty(appeal_decision_problems(appeal, by=by, upheld=upheld, note=note))
    before = audit.snapshot(appeal)
    appeal.state = Appeal.State.UPHELD if upheld else Appeal.State.DISMISSED
    appeal.decided_by, appeal.decided_at, appeal.decision_note = by, timezone.now(), note.strip()
    appeal.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    action = "appeal.uphold" if upheld else "appeal.dismiss"
    after = audit.snapshot(appeal)
    audit.record(actor=by, action=action, obj=appeal, before=before, after=after, site=site)


def _decide_incident(appeal: Appeal, incident: Incident, *, upheld: bool, note: str, by: User) -> Appeal:
    _record_decision(appeal, upheld=upheld, note=note, by=by, site=incident.site)
    if upheld:
        was = audit.snapshot(incident)
        incident.state = Incident.State.WITHDRAWN
        incident.save(update_fields=["state"])
        audit.record(
            actor=by, action="incident.withdraw", obj=incident, before=was,
            after=audit.snapshot(incident), site=incident.site,
        )  # fmt: skip
        reconcile_months(touched(incident), by=by)
    names = {"clause": incident.clause, "day": local_day(incident.site, incident.at)}
    outbox.notify(
        targets=[outbox.in_app(incident.employee.user_id)],
        subject=(
            gettext("Your appeal was upheld: %(clause)s of %(day)s is withdrawn")
            if upheld
            else gettext("Your appeal was dismissed: %(clause)s of %(day)s stands")
        )
        % names,
        body=appeal.decision_note,
        url=reverse("staff:incident", args=[incident.pk]),
        key=f"appeal:{appeal.pk}:decided",
        site=incident.site,
        by=by,
    )
    return appeal


def _decide_shift(appeal: Appeal, day: AttendanceDay, *, upheld: bool, note: str, by: User) -> Appeal:
    employee = day.employee
    _record_decision(appeal, upheld=upheld, note=note, by=by, site=employee.site)
    if upheld:
        apply_correction(
            day,
            clock_in=appeal.clock_in or day.clock_in,
            clock_out=appeal.clock_out or day.clock_out,
            reason=UPHELD_REASON % appeal.reason,
            by=by,
            because={"appeal": appeal.pk},
        )
    outbox.notify(
        targets=[outbox.in_app(employee.user_id)],
        subject=(
            gettext("Your appeal was upheld: the shift of %(day)s has the times you gave")
            if upheld
            else gettext("Your appeal was dismissed: the clock's times of %(day)s stand")
        )
        % {"day": day.day},
        body=appeal.decision_note,
        url=reverse("staff:appeal", args=[appeal.pk]),
        key=f"appeal:{appeal.pk}:decided",
        site=employee.site,
        by=by,
    )
    return appeal
