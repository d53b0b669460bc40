"""What the customer asked in a call, followed to its answer (p16.b4's note): answered at once where
possible, otherwise studied after the call; still unresolved two days after it was raised, reported to
the supervisor (once, by the periodic sweep or earlier by hand); and once a solution is found, the customer
told the same day.

The pack keeps no time for this (its note leaves it to the application's workflow), so the two days and
the day of telling are this app's own fields, not stored obligations: ``escalate_at`` is swept by a
periodic task, and "told the same day" is read from ``solved_at`` and ``told_at`` (``telling``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import audit, outbox
from fuwu.followup.access import FOLLOWUP_ROLES
from fuwu.followup.models import Call, CallRequest, Letter
from fuwu.followup.services import complaints
from fuwu.followup.services.common import local_date, past_problem, require_customer, text_problem

# p16.b4: 不能解决的,要在两日内报告业务主管 — still unresolved two days after it was raised.
ESCALATE_AFTER = dt.timedelta(days=2)
OPEN = (CallRequest.State.STUDYING, CallRequest.State.ESCALATED, CallRequest.State.SOLVED)
VIA = ("call", "letter")


def link(request: CallRequest) -> str:
    return reverse("followup:request", args=[request.pk])


def supervisors(site: Site) -> list[User]:
    """Who hears of an escalated request: the site's active supervisors, or the general managers when the
    site has none."""
    found = list(
        User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR.group_name, sites=site)
        .distinct()
        .order_by("pk")
    )
    if found:
        return found
    return list(
        User.objects.filter(is_active=True, groups__name=Role.GENERAL_MANAGER.group_name)
        .distinct()
        .order_by("pk")
    )


def _locked(request: CallRequest) -> CallRequest:
    return (
        CallRequest.objects.select_for_update(of=("self",))
        .select_related("site", "customer")
        .get(pk=request.pk)
    )


def _change(request: CallRequest, by: User | None, action: str, **values: object) -> CallRequest:
    before = audit.snapshot(request)
    for name, value in values.items():
        setattr(request, name, value)
    request.save(update_fields=list(values))
    audit.record(
        actor=by, action=action, obj=request, before=before, after=audit.snapshot(request), site=request.site
    )
    return request


def escalate(request: CallRequest, *, by: User | None, now: dt.datetime | None = None) -> CallRequest:
    """Report the request to the supervisor (``by`` None: the sweep, two days after it was raised); the
    supervisors are told once."""
    now = now or timezone.now()
    with transaction.atomic():
        if by is not None:
            require_customer(
                by, request.customer, FOLLOWUP_ROLES, gettext("You may not act on this request.")
            )
        request = _locked(request)
        if request.state != CallRequest.State.STUDYING:
            raise Conflict(gettext("Only a request still being studied is reported to the supervisor."))
        request = _change(
            request,
            by,
            "followup.request.escalate",
            state=CallRequest.State.ESCALATED,
            escalated_at=now,
            escalated_by=by,
        )
        _tell_supervisors(request, by)
    return request


def _tell_supervisors(request: CallRequest, by: User | None) -> None:
    # The sweep's notices are the system's, in the default language; a person's in theirs.
    language = settings.LANGUAGE_CODE if by is None else translation.get_language()
    with translation.override(language):
        raised = timezone.localtime(request.raised_at).strftime("%m-%d %H:%M")
        outbox.notify(
            targets=[outbox.in_app(person) for person in supervisors(request.site)],
            subject=gettext("A customer's request is still open (p16.b4): %(customer)s")
            % {"customer": request.customer.name},
            body=gettext("Raised in a call on %(raised)s: %(text)s. Please decide how to solve it.")
            % {"raised": raised, "text": request.text},
            url=link(request),
            key=f"followup.request:{request.pk}:escalated",
            site=request.site,
            by=by,
        )


def escalate_due(now: dt.datetime | None = None, limit: int = 500) -> int:
    """Report every request still studied two days after it was raised; return how many. Safe to run on
    several workers at once: each request is claimed by a conditional update, and its notice has a key."""
    now = now or timezone.now()
    due = list(
        CallRequest.objects.filter(state=CallRequest.State.STUDYING, escalate_at__lte=now)
        .order_by("escalate_at")
        .values_list("pk", "complaint_id")[:limit]
    )
    answered = complaints.replied(complaint_id for _pk, complaint_id in due)
    count = 0
    for pk, complaint_id in due:
        if complaint_id in answered:
            continue  # the after-sales desk has replied: nothing is open to report
        with transaction.atomic():
            claimed = CallRequest.objects.filter(
                pk=pk, state=CallRequest.State.STUDYING, escalated_at__isnull=True
            ).update(state=CallRequest.State.ESCALATED, escalated_at=now)
            if not claimed:
                continue
            request = CallRequest.objects.select_related("site", "customer").get(pk=pk)
            audit.record(
                actor=None,
                action="followup.request.escalate",
                obj=request,
                before={"state": CallRequest.State.STUDYING, "escalated_at": None},
                after=audit.snapshot(request),
                site=request.site,
            )
            _tell_supervisors(request, None)
            count += 1
    return count


def study(request: CallRequest, *, by: User, note: str) -> CallRequest:
    """Write down what the study of the request found so far."""
    Invalid.unless_empty(text_problem(note, "note", longest=1000))
    with transaction.atomic():
        require_customer(by, request.customer, FOLLOWUP_ROLES, gettext("You may not act on this request."))
        request = _locked(request)
        if request.state not in (CallRequest.State.STUDYING, CallRequest.State.ESCALATED):
            raise Conflict(gettext("This request has its solution already."))
        return _change(request, by, "followup.request.study", study_note=note.strip())


def solve_problems(request: CallRequest, *, by: User, solution: Maybe[str]) -> list[FieldProblem]:
    """403 for someone who may not act on it, 409 once solved; then every bad field."""
    require_customer(by, request.customer, FOLLOWUP_ROLES, gettext("You may not act on this request."))
    if request.state not in (CallRequest.State.STUDYING, CallRequest.State.ESCALATED):
        raise Conflict(gettext("This request has its solution already."))
    return text_problem(solution, "solution", longest=1000)


def solve(request: CallRequest, *, by: User, solution: str, at: dt.datetime | None = None) -> CallRequest:
    """A solution is found: the customer is owed it the same day."""
    with transaction.atomic():
        request = _locked(request)
        Invalid.unless_empty(solve_problems(request, by=by, solution=solution))
        solved_at = at or timezone.now()
        return _change(
            request,
            by,
            "followup.request.solve",
            state=CallRequest.State.SOLVED,
            solution=solution.strip(),
            solved_at=solved_at,
            solved_by=by,
            due=end_of_day(solved_at),
        )


def tell_problems(
    request: CallRequest, *, by: User, via: Maybe[str], at: Maybe[dt.datetime], note: Maybe[str]
) -> list[FieldProblem]:
    """403 for someone who may not act on it, 409 unless a solution waits to be told; then every bad
    field."""
    require_customer(by, request.customer, FOLLOWUP_ROLES, gettext("You may not act on this request."))
    if request.state != CallRequest.State.SOLVED:
        raise Conflict(gettext("Only a request with its solution found is told to the customer."))
    problems = past_problem(at, "at", now=timezone.now())
    # Told within the minute the solution was found is after it (a form gives minutes).
    solved = request.solved_at.replace(second=0, microsecond=0) if request.solved_at else None
    if at is not UNKNOWN and solved is not None and at < solved:
        problems.append((("body", "at"), gettext("The customer is told after the solution is found.")))
    if via is not UNKNOWN and via not in VIA:
        problems.append((("body", "via"), gettext("Choose a call or a letter.")))
    problems += text_problem(note, "note", longest=300, required=False)
    return problems


def tell(
    request: CallRequest, *, by: User, via: str = "call", at: dt.datetime | None = None, note: str = ""
) -> CallRequest:
    """Tell the customer the solution, by a call (in the call registers) or a reply letter (in the letter
    register); on their timeline it is the reply."""
    from fuwu.followup.services.calls import record_call
    from fuwu.followup.services.letters import record_letter

    at = at or timezone.now()
    with transaction.atomic():
        request = _locked(request)
        Invalid.unless_empty(tell_problems(request, by=by, via=via, at=at, note=note))
        said = note.strip() or request.solution
        if via == "call":
            record_call(
                request.customer,
                by=by,
                at=at,
                direction=Call.Direction.OUT,
                purpose=Call.Purpose.ANSWER,
                points=said,
                handling=gettext("Solution told to the customer"),
            )
        else:
            record_letter(
                request.customer,
                by=by,
                sent_on=local_date(at),
                category=Letter.Category.REPLY,
                summary=said[:300],
                reply_at=at,
            )
        return _change(
            request, by, "followup.request.tell", state=CallRequest.State.TOLD, told_at=at, told_by=by
        )


def end_of_day(moment: dt.datetime) -> dt.datetime:
    """The last moment of ``moment``'s local day: the customer is told the day the solution is found."""
    day = local_date(moment) + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(0), timezone.get_current_timezone()) - dt.timedelta(
        microseconds=1
    )


def telling(request: CallRequest, now: dt.datetime | None = None) -> str:
    """Whether the customer was told the day the solution was found: "met", "late", "due" (today, not yet),
    "overdue" (a later day, not yet), or "" while no solution is found (or it was answered at once)."""
    if request.solved_at is None:
        return ""
    solved_on = local_date(request.solved_at)
    if request.told_at is not None:
        return "met" if local_date(request.told_at) <= solved_on else "late"
    return "due" if local_date(now or timezone.now()) <= solved_on else "overdue"
