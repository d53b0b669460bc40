"""Complaints: received with the facts p14.3.4.7 asks for, investigated, replied to within the pack's
time (p14.4.1: the reply meets the deadline the contact started, both on the customer's timeline) and
concluded. A substantiated complaint about a member of staff's attitude becomes an incident under p12.6
(probation or dismissal for HR's review, the fine the recorder sets), one about the after-sales supervisor
an incident under p12.17 (the pack's fine); either binds once its approver approves it, as every
incident does in the staff app.

A complaint that is no quality problem is reported to the company as it is recorded (p12.12): the
general managers and the site's supervisors are told.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.aftersales.models import Call, Complaint, ComplaintNote
from fuwu.aftersales.selectors.access import DECIDER_ROLES, DESK_ROLES
from fuwu.aftersales.services.common import (
    customer_facts,
    customer_problems,
    moment_problem,
    require,
    text_problem,
)
from fuwu.aftersales.services.desk import aftersales_supervisor, general_managers, site_supervisors
from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.services import audit, outbox
from fuwu.customers.models import Customer, CustomerEvent, Purchase
from fuwu.customers.services import timeline
from fuwu.staff.models import Employee, Incident
from fuwu.staff.services import incidents

# The clause a substantiated complaint about staff cites, by the complaint's kind.
INCIDENT_CLAUSE = {Complaint.Kind.ATTITUDE: "p12.6", Complaint.Kind.SUPERVISOR: "p12.17"}


def link(complaint: Complaint) -> str:
    return reverse("aftersales:complaint", args=[complaint.pk])


def is_member(user: User, site: Site) -> bool:
    return user.is_active and user.sites.filter(pk=site.pk).exists()


def complaint_problems(
    site: Site,
    *,
    by: User,
    customer: Maybe[Customer | None],
    purchase: Maybe[Purchase | None],
    kind: Maybe[str],
    staff_member: Maybe[User | None],
    received_at: Maybe[dt.datetime],
    content: Maybe[str],
    channel: Maybe[str],
    now: dt.datetime | None = None,
) -> list[FieldProblem]:
    """Every problem of a complaint to receive, each naming its field; PermissionDenied for a role that
    does not work the after-sales desk at the site."""
    require(by, site, DESK_ROLES, gettext("Your role does not receive complaints at this site."))
    now = now or timezone.now()
    problems = customer_problems(site, customer, purchase)
    if channel is not UNKNOWN and channel not in Complaint.Channel.values:
        problems.append((("body", "channel"), gettext("Choose a call, a letter or a visit.")))
    problems += moment_problem(received_at, "received_at", now=now)
    problems += text_problem(content, "content", longest=1000)
    if kind is UNKNOWN:
        return problems
    if kind not in Complaint.Kind.values:
        problems.append((("body", "kind"), gettext("Choose what the complaint is about.")))
    elif kind == Complaint.Kind.ATTITUDE:
        if staff_member is None:
            problems.append((("body", "staff_member"), gettext("Name the member of staff complained about.")))
        elif staff_member is not UNKNOWN and not is_member(staff_member, site):
            problems.append((("body", "staff_member"), gettext("The person does not work at this site.")))
    elif staff_member not in (None, UNKNOWN):
        problems.append(
            (("body", "staff_member"), gettext("Only a complaint about staff attitude names a person."))
        )
    if kind == Complaint.Kind.SUPERVISOR and aftersales_supervisor(site) is None:
        message = gettext(
            "This site has no after-sales supervisor: an administrator names one under “After-sales "
            "departments”."
        )
        problems.append((("body", "kind"), message))
    return problems


def receive_complaint(
    site: Site,
    *,
    by: User,
    customer: Customer,
    kind: str,
    content: str,
    received_at: dt.datetime,
    channel: str = Complaint.Channel.PHONE,
    purchase: Purchase | None = None,
    staff_member: User | None = None,
    call: Call | None = None,
) -> Complaint:
    """Register the complaint (p14.3.4.7) and put it on the customer's timeline, which owes it a reply
    (p14.4.1); one that is no quality problem is reported to the company at once (p12.12)."""
    now = timezone.now()
    Invalid.unless_empty(
        complaint_problems(
            site, by=by, customer=customer, purchase=purchase, kind=kind, staff_member=staff_member,
            received_at=received_at, content=content, channel=channel, now=now,
        )
    )  # fmt: skip
    if kind == Complaint.Kind.SUPERVISOR:
        staff_member = aftersales_supervisor(site)
    with transaction.atomic():
        complaint = Complaint.objects.create(
            site=site,
            customer=customer,
            purchase=purchase,
            channel=channel,
            received_at=received_at,
            content=content.strip(),
            kind=kind,
            staff_member=staff_member,
            call=call,
            reported_at=None if kind == Complaint.Kind.QUALITY else now,
            recorded_by=by,
            recorded_at=now,
            **customer_facts(customer, purchase),
        )
        complaint.contact_event = timeline.record_event(
            customer,
            CustomerEvent.Type.CONTACT,
            at=received_at,
            by=by,
            reason=CustomerEvent.Reason.COMPLAINT,
            ref=f"complaint:{complaint.pk}",
            note=complaint.content,
        )
        complaint.save(update_fields=["contact_event"])
        audit.record_created(complaint, actor=by, action="aftersales.complaint", site=site)
        if complaint.reported_at is not None:
            people = {person.pk: person for person in [*general_managers(), *site_supervisors(site)]}
            outbox.notify(
                targets=[outbox.in_app(person) for pk, person in people.items() if pk != by.pk],
                subject=gettext("Complaint reported (p12.12): %(customer)s, %(kind)s")
                % {"customer": complaint.customer_name, "kind": complaint.get_kind_display()},
                body=complaint.content,
                url=link(complaint),
                key=f"complaint:{complaint.pk}:reported",
                site=site,
                by=by,
            )
    return complaint


def locked(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("site", "customer", "staff_member")
        .get(pk=complaint.pk)
    )


def add_note(complaint: Complaint, *, by: User, text: str) -> ComplaintNote:
    """One step of the investigation, written once."""
    require(by, complaint.site, DESK_ROLES, gettext("Your role does not investigate complaints here."))
    Invalid.unless_empty(text_problem(text, "text", longest=1000))
    with transaction.atomic():
        note = ComplaintNote.objects.create(complaint=complaint, text=text.strip(), by=by)
        audit.record_created(note, actor=by, action="aftersales.complaint_note", site=complaint.site)
    return note


def reply_problems(
    complaint: Complaint, *, by: User, text: Maybe[str], at: Maybe[dt.datetime]
) -> list[FieldProblem]:
    """403 for a role off the desk, 409 once replied; then every bad field."""
    require(by, complaint.site, DESK_ROLES, gettext("Your role does not reply to complaints here."))
    if complaint.state != Complaint.State.OPEN:
        raise Conflict(gettext("This complaint has been replied to already."))
    problems = text_problem(text, "reply", longest=1000)
    problems += moment_problem(at, "at", now=timezone.now(), not_before=complaint.received_at)
    return problems


def reply(complaint: Complaint, *, by: User, text: str, at: dt.datetime | None = None) -> Complaint:
    """Give the customer the reply: on their timeline it meets the reply deadline (p14.4.1)."""
    at = at or timezone.now()
    with transaction.atomic():
        complaint = locked(complaint)
        Invalid.unless_empty(reply_problems(complaint, by=by, text=text, at=at))
        before = audit.snapshot(complaint)
        complaint.reply_event = timeline.record_event(
            complaint.customer,
            CustomerEvent.Type.REPLIED,
            at=at,
            by=by,
            ref=f"complaint:{complaint.pk}",
            note=text.strip(),
        )
        complaint.state = Complaint.State.REPLIED
        complaint.reply, complaint.replied_at, complaint.replied_by = text.strip(), at, by
        complaint.save(update_fields=["reply_event", "state", "reply", "replied_at", "replied_by"])
        audit.record(
            actor=by,
            action="aftersales.complaint_reply",
            obj=complaint,
            before=before,
            after=audit.snapshot(complaint),
            site=complaint.site,
        )
    return complaint


def _employee(complaint: Complaint) -> Employee | None:
    if complaint.staff_member_id is None:
        return None
    return Employee.objects.filter(user_id=complaint.staff_member_id).select_related("site", "user").first()


def conclusion_problems(
    complaint: Complaint,
    *,
    by: User,
    substantiated: Maybe[bool],
    note: Maybe[str],
    amount: Maybe[Decimal | None],
) -> list[FieldProblem]:
    """403 unless a supervisor or the general manager of the site (never about themselves), 409 once
    concluded; then every bad field, including what the incident it gives would refuse."""
    require(by, complaint.site, DECIDER_ROLES, gettext("Only a supervisor or the general manager concludes."))
    if complaint.staff_member_id == by.pk:
        raise PermissionDenied(gettext("A complaint about you is concluded by someone else."))
    if complaint.finding:
        raise Conflict(gettext("This complaint has been concluded already."))
    problems = text_problem(note, "note", longest=500)
    clause = INCIDENT_CLAUSE.get(complaint.kind)  # type: ignore[call-overload]
    if substantiated is UNKNOWN:
        return problems
    if not substantiated or clause is None:
        if amount not in (None, UNKNOWN):
            message = gettext("Only a substantiated complaint about staff attitude takes an amount.")
            problems.append((("body", "amount"), message))
        return problems
    employee = _employee(complaint)
    if employee is None:
        message = gettext("%(person)s is not on the payroll, so no fine can be recorded: HR adds them first.")
        problems.append((("body", "substantiated"), message % {"person": complaint.staff_member}))
        return problems
    found = incidents.incident_problems(
        employee, by=by, clause=clause, at=complaint.received_at,
        amount=amount if clause == "p12.6" else None, cost=None, concealed=False, manager_on_duty=None,
        note=note,
    )  # fmt: skip
    if clause != "p12.6" and amount not in (None, UNKNOWN):
        found.append((("body", "amount"), gettext("p12.17 sets the fine itself: leave the amount empty.")))
    return problems + [problem for problem in found if problem[0] != ("body", "note")]


def conclude(
    complaint: Complaint,
    *,
    by: User,
    substantiated: bool,
    note: str,
    amount: Decimal | None = None,
) -> Complaint:
    """The company's finding after its investigation. Substantiated and about staff attitude: an incident
    under p12.6 with the amount the recorder sets (and the probation or dismissal proposal HR reviews);
    about the after-sales supervisor: an incident under p12.17. The incident waits for its approver."""
    with transaction.atomic():
        complaint = locked(complaint)
        Invalid.unless_empty(
            conclusion_problems(complaint, by=by, substantiated=substantiated, note=note, amount=amount)
        )
        before = audit.snapshot(complaint)
        clause = INCIDENT_CLAUSE.get(complaint.kind)  # type: ignore[call-overload]
        incident: Incident | None = None
        if substantiated and clause is not None:
            employee = _employee(complaint)
            assert employee is not None  # checked above
            incident = incidents.record_incident(
                employee=employee,
                clause=clause,
                at=complaint.received_at,
                note=note.strip(),
                by=by,
                amount=amount if clause == "p12.6" else None,
            )
        complaint.finding = Complaint.Finding.SUBSTANTIATED if substantiated else Complaint.Finding.UNFOUNDED
        complaint.finding_note = note.strip()
        complaint.concluded_at, complaint.concluded_by = timezone.now(), by
        complaint.incident = incident
        complaint.save(update_fields=["finding", "finding_note", "concluded_at", "concluded_by", "incident"])
        audit.record(
            actor=by,
            action="aftersales.complaint_conclude",
            obj=complaint,
            before=before,
            after=audit.snapshot(complaint),
            site=complaint.site,
        )
    return complaint
