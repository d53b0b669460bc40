"""Return visits and the dissatisfaction loop (p15.r1–r4, p10.3.8, p12.9).

A visit's due time is the engine's return-visit deadline for the completion it follows; a score of 2 or 1
starts the rectification deadline of p15.r4 (24 hours, the technician); completing the rectification is
the order's next completion, which starts the next visit's deadline — round after round until 4 or 5.

Recording a visit, completing a rectification and sampling check their input in `…_problems(...)`
functions (PermissionDenied or Conflict first when the step is not allowed at all), run by the step
itself and by the API with UNKNOWN for values whose shape was bad (fuwu.core.api.bodies).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import audit, outbox
from fuwu.orders.models import Batch, Order, Rectification, ReturnVisit, Sample
from fuwu.orders.selectors import VISIT_AGENTS
from fuwu.orders.services.orders import CLOCK_SKEW
from fuwu.orders.services.refresh import refresh_batch, refresh_order
from fuwu.regulations.periods import sample as draw
from fuwu.regulations.services import Decision, Evaluation

DISSATISFIED_AT_MOST = 2  # the visit form asks for a reason at 2 or 1 (p10.3.8)
ANSWER_KEYS = ("repair_ok", "staff_attitude", "charges_ok", "suggestions")
LONGEST_SAMPLE_DAYS = 366  # the engine's longest period (fuwu.policy: a period may last at most 366 days)


def plan_visit(
    order: Order,
    *,
    by: User | None,
    source: str = ReturnVisit.Source.MANUAL,
    sample: Sample | None = None,
    assignee: User | None = None,
) -> ReturnVisit:
    """Owe the order a return visit, due by the regulations (p15.r2), assigned to a visit agent."""
    with transaction.atomic():
        order = Order.objects.select_for_update(of=("self",)).select_related("site").get(pk=order.pk)
        if order.completed_at is None:
            message = gettext("Order %(number)s is not completed yet, so no return visit can be planned.")
            raise Conflict(message % {"number": order.number})
        open_visit = order.visits.filter(state=ReturnVisit.State.DUE).first()
        if open_visit is not None:
            return open_visit
        rounds = order.visits.count()
        visit = ReturnVisit(
            site=order.site,
            order=order,
            round=rounds + 1,
            source=source,
            sample=sample,
            due=order.completed_at,  # replaced below by the engine's deadline
            assignee=assignee or _least_loaded_agent(order.site),
        )
        visit.save()
        evaluation = refresh_order(order)
        _take_due(visit, evaluation, _last_completion_ref(order))
        audit.record_created(visit, actor=by, action="visit.plan", site=order.site)
        _tell_agent(visit)
    return visit


def record_problems(
    visit: ReturnVisit,
    *,
    by: User,
    channel: Maybe[str],
    score: Maybe[int],
    at: Maybe[dt.datetime | None],
    answers: Maybe[dict[str, Any] | None],
    reason: Maybe[str],
    now: dt.datetime | None = None,
) -> list[FieldProblem]:
    """Every problem of a visit's result; PermissionDenied or Conflict when it may not be recorded."""
    _require_recorder(by)
    if visit.state == ReturnVisit.State.DONE:
        raise Conflict(gettext("This return visit is already recorded."))
    problems: list[FieldProblem] = []
    if channel is not UNKNOWN and channel not in ReturnVisit.Channel.values:
        message = gettext("The channel must be visit (in person), phone or intercom.")
        problems.append((("body", "channel"), message))
    if score is UNKNOWN:
        pass  # its shape is named; whether a reason is needed is not known
    elif not isinstance(score, int) or not 1 <= score <= 5:
        problems.append((("body", "score"), gettext("The score must be a whole number from 1 to 5.")))
    elif score <= DISSATISFIED_AT_MOST and reason is not UNKNOWN and not reason.strip():
        message = gettext("A score of 1 or 2 needs the reason for the dissatisfaction.")
        problems.append((("body", "reason"), message))
    unknown = [] if answers is UNKNOWN else sorted(set(answers or {}) - set(ANSWER_KEYS))
    if unknown:
        choices = pgettext("list separator", ", ").join(ANSWER_KEYS)
        message = gettext("Unknown question; choose from: %(choices)s") % {"choices": choices}
        problems.append((("body", "answers", unknown[0]), message))
    now = now or timezone.now()
    if at is not None and at is not UNKNOWN and at > now + CLOCK_SKEW:
        problems.append((("body", "at"), gettext("The time of the visit cannot be later than now.")))
    return problems


def _require_recorder(by: User) -> None:
    if not (by.is_superuser or by.has_role(*VISIT_AGENTS)):
        raise PermissionDenied(gettext("Only return-visit agents and supervisors may record a return visit."))


def record_visit(
    visit: ReturnVisit,
    *,
    by: User,
    channel: str,
    score: int,
    at: dt.datetime | None = None,
    answers: dict[str, Any] | None = None,
    reason: str = "",
) -> ReturnVisit:
    """Record the visit's result; a score of 2 or 1 starts a rectification for the technician."""
    _require_recorder(by)
    with transaction.atomic():
        visit = (
            ReturnVisit.objects.select_for_update(of=("self",))
            .select_related("order", "batch", "site")
            .get(pk=visit.pk)
        )
        now = timezone.now()
        Invalid.unless_empty(
            record_problems(
                visit, by=by, channel=channel, score=score, at=at, answers=answers, reason=reason, now=now
            )
        )
        when = at or now
        before = audit.snapshot(visit)
        visit.state = ReturnVisit.State.DONE
        visit.channel = channel
        visit.score = score
        visit.visited_at = when
        visit.answers = dict(answers or {})
        visit.reason = reason.strip()
        visit.recorded_by = by
        visit.save()
        audit.record(
            actor=by,
            action="visit.record",
            obj=visit,
            before=before,
            after=audit.snapshot(visit),
            site=visit.site,
        )
        if visit.batch is not None:
            refresh_batch(visit.batch)
            return visit
        order = visit.order
        assert order is not None
        evaluation = refresh_order(order)
        rectification = _rectification_decision(evaluation, f"visit:{visit.pk}")
        if rectification is not None:
            _start_rectification(visit, order, rectification, by)
    return visit


def rectification_problems(
    rectification: Rectification, *, by: User, at: Maybe[dt.datetime | None], now: dt.datetime | None = None
) -> list[FieldProblem]:
    """Every problem of a rectification's completion; Conflict or PermissionDenied when not allowed."""
    if rectification.state == Rectification.State.DONE:
        raise Conflict(gettext("This rectification is already done."))
    if not (by.pk == rectification.assignee_id or by.is_superuser or by.has_role(Role.SUPERVISOR)):
        raise PermissionDenied(
            gettext("Only the technician responsible for the rectification or a supervisor may complete it.")
        )
    if at is UNKNOWN:
        return []
    now = now or timezone.now()
    when = at or now
    visited_at = rectification.visit.visited_at
    if when > now + CLOCK_SKEW:
        return [(("body", "at"), gettext("The time cannot be later than now."))]
    if visited_at is not None and when < visited_at:
        return [(("body", "at"), gettext("The rectification cannot be earlier than the return visit."))]
    return []


def complete_rectification(
    rectification: Rectification, *, by: User, at: dt.datetime | None = None, notes: str = ""
) -> Rectification:
    """The technician has put it right; the next visit is owed, due by the regulations again."""
    with transaction.atomic():
        rectification = (
            Rectification.objects.select_for_update(of=("self",))
            .select_related("order", "visit")
            .get(pk=rectification.pk)
        )
        now = timezone.now()
        Invalid.unless_empty(rectification_problems(rectification, by=by, at=at, now=now))
        when = at or now
        before = audit.snapshot(rectification)
        rectification.state = Rectification.State.DONE
        rectification.completed_at = when
        rectification.notes = notes
        rectification.save()
        audit.record(
            actor=by,
            action="rectification.complete",
            obj=rectification,
            before=before,
            after=audit.snapshot(rectification),
            site=rectification.order.site,
        )
        order = rectification.order
        visit = ReturnVisit(
            site=order.site,
            order=order,
            round=rectification.visit.round + 1,
            source=ReturnVisit.Source.RECTIFICATION,
            due=when,
            assignee=rectification.visit.assignee or _least_loaded_agent(order.site),
        )
        visit.save()
        evaluation = refresh_order(order)
        _take_due(visit, evaluation, f"rectification:{rectification.pk}")
        audit.record_created(visit, actor=by, action="visit.plan", site=order.site)
        rectification.next_visit = visit
        rectification.save(update_fields=["next_visit"])
        _tell_agent(visit)
    return rectification


def sample_problems(*, start: Maybe[dt.date], end: Maybe[dt.date]) -> list[FieldProblem]:
    """What is wrong with a sampling period (nothing to say when either end is not known)."""
    if start is UNKNOWN or end is UNKNOWN:
        return []
    if end < start:
        return [(("body", "end"), gettext("The end date cannot be earlier than the start date."))]
    if (end - start).days >= LONGEST_SAMPLE_DAYS:  # the engine refuses a longer period
        longest = gettext("A sampling period lasts at most %(days)s days.") % {"days": LONGEST_SAMPLE_DAYS}
        return [(("body", "end"), longest)]
    return []


def sample_visits(*, site: Site, start: dt.date, end: dt.date, seed: int | None, by: User | None) -> Sample:
    """Draw the period's return visits (p15.r1: ceil(30 % × completed orders)), reproducible by seed."""
    Invalid.unless_empty(sample_problems(start=start, end=end))
    chosen_seed = seed if seed is not None else int(timezone.now().timestamp())
    zone = timezone.get_current_timezone()
    begin = dt.datetime.combine(start, dt.time(), tzinfo=zone)
    finish = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    completed = list(
        Order.objects.filter(site=site, completed_at__gte=begin, completed_at__lt=finish)
        .order_by("completed_at", "id")
        .values_list("id", "received_at", "completed_at")
    )
    population = [(str(pk), received, done) for pk, received, done in completed if done is not None]
    result = draw(site, population, begin, finish, chosen_seed)
    with transaction.atomic():
        sample = Sample.objects.create(
            site=site,
            start=start,
            end=end,
            seed=chosen_seed,
            population=len(completed),
            chosen=[int(pk) for pk in result.chosen],
            clause=result.clause,
            pack_version=result.pack_version,
            because=result.because,
            created_by=by,
        )
        audit.record_created(sample, actor=by, action="visit.sample", site=site)
        orders = Order.objects.filter(pk__in=sample.chosen).order_by("pk")
        for order in orders:
            if not order.visits.exists():
                plan_visit(order, by=by, source=ReturnVisit.Source.SAMPLE, sample=sample)
    return sample


def plan_batch_visit(batch: Batch, *, by: User | None) -> ReturnVisit:
    """p12.9: a repaired batch is visited within 3 days of delivery."""
    with transaction.atomic():
        evaluation = refresh_batch(batch)
        visit = ReturnVisit(
            site=batch.site,
            batch=batch,
            round=batch.visits.count() + 1,
            source=ReturnVisit.Source.RULE,
            due=batch.delivered_at or timezone.now(),
            assignee=_least_loaded_agent(batch.site),
        )
        visit.save()
        _take_due(visit, evaluation, f"batch:{batch.pk}:delivered")
        audit.record_created(visit, actor=by, action="visit.plan", site=batch.site)
        _tell_agent(visit)
    return visit


# ---------------------------------------------------------------- helpers


def _take_due(visit: ReturnVisit, evaluation: Evaluation, ref: str) -> None:
    """Give the visit the due time and clause of the return-visit deadline the ``ref`` event started."""
    for decision in evaluation.decisions:
        if decision.kind == "deadline" and decision.what == "return_visit" and decision.ref == ref:
            assert decision.due is not None
            visit.due, visit.clause = decision.due, decision.clause
            visit.save(update_fields=["due", "clause"])
            return


def _rectification_decision(evaluation: Evaluation, ref: str) -> Decision | None:
    for decision in evaluation.decisions:
        if decision.kind == "deadline" and decision.what == "rectification" and decision.ref == ref:
            return decision
    return None


def _start_rectification(
    visit: ReturnVisit, order: Order, decision: Decision, by: User | None
) -> Rectification:
    assert decision.due is not None
    rectification = Rectification.objects.create(
        order=order, visit=visit, assignee=order.technician, due=decision.due, clause=decision.clause
    )
    audit.record_created(rectification, actor=by, action="rectification.start", site=order.site)
    if order.technician is not None:
        outbox.notify(
            targets=[outbox.in_app(order.technician)],
            subject=gettext("Rectification needed after a dissatisfied return visit: %(number)s")
            % {"number": order.number},
            body=gettext("Owner's score %(score)s: %(reason)s. Rectify by %(due)s (%(clause)s).")
            % {
                "score": visit.score,
                "reason": visit.reason,
                "due": f"{timezone.localtime(decision.due):%m-%d %H:%M}",
                "clause": decision.clause,
            },
            url=reverse("orders:detail", args=[order.pk]),
            key=f"rectification:{rectification.pk}:started",
            site=order.site,
            by=by,
        )
    return rectification


def _last_completion_ref(order: Order) -> str:
    last = order.rectifications.filter(completed_at__isnull=False).order_by("-completed_at", "-pk").first()
    return f"rectification:{last.pk}" if last is not None else f"order:{order.pk}:completed"


def _least_loaded_agent(site: Site) -> User | None:
    return (
        User.objects.filter(is_active=True, membership__site=site, groups__name=Role.VISITOR_AGENT.group_name)
        .order_by("username")
        .first()
    )


def _tell_agent(visit: ReturnVisit) -> None:
    if visit.assignee is None:
        return
    subject = visit.order or visit.batch
    outbox.notify(
        targets=[outbox.in_app(visit.assignee)],
        subject=gettext("Return visit due: %(subject)s") % {"subject": subject},
        body=gettext("Make return visit round %(round)s by %(due)s.")
        % {"round": visit.round, "due": f"{timezone.localtime(visit.due):%m-%d %H:%M}"},
        url=reverse("orders:visits"),
        key=f"visit:{visit.pk}:planned",
        site=visit.site,
    )
