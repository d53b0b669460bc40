"""The property services' households (p08): who looks after each, the elderly living alone, visits, and
the new owner's visit within three days of moving in (p08.5), which is a stored deadline of the household
(subject ``household``: its ``move_in`` and every visit, judged by the engine)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.access import has_any_role
from fuwu.core.errors import UNKNOWN, FieldProblem, Invalid, Maybe
from fuwu.core.models import User
from fuwu.core.services import audit
from fuwu.customers.models import Customer, Household
from fuwu.followup.access import FOLLOWUP_ROLES, SUPERVISING_ROLES
from fuwu.followup.models import HouseholdCare, HouseholdVisit, ServiceTask
from fuwu.followup.services.common import local_date, past_problem, require_site, text_problem
from fuwu.regulations.models import Obligation
from fuwu.regulations.services import Evaluation, reconcile

SUBJECT = "household"  # the subject type of a household's stored obligations
# Households that moved in this recently (or will) are followed by the daily run; an older move-in is
# history, not a visit still owed.
RECENT = dt.timedelta(days=7)


def link(household: Household) -> str:
    return reverse("followup:household", args=[household.pk])


def facts(household: Household) -> list[dict[str, Any]]:
    """The household as the engine's events: its move-in (by date) and every visit made."""
    subject = str(household.pk)
    events: list[dict[str, Any]] = []
    if household.moved_in_on is not None:
        events.append(
            {
                "type": "move_in",
                "household": subject,
                "date": household.moved_in_on.isoformat(),
                "ref": f"household:{household.pk}",
            }
        )
    for pk, at in (
        HouseholdVisit.objects.filter(household=household).order_by("at", "pk").values_list("pk", "at")
    ):
        events.append(
            {"type": "household.visited", "household": subject, "at": at.isoformat(), "ref": f"visit:{pk}"}
        )
    return events


def responsible(household: Household) -> User | None:
    """Who looks after the household's services: the person the site named, else the manager of a
    customer living there, else nobody yet (a supervisor names someone)."""
    care = HouseholdCare.objects.filter(household=household).select_related("assignee").first()
    if care is not None and care.assignee is not None:
        return care.assignee
    customer = (
        Customer.objects.filter(household=household, manager__isnull=False)
        .select_related("manager")
        .order_by("pk")
        .first()
    )
    return customer.manager if customer is not None else None


def follow_household(household: Household, *, new: bool = False) -> Evaluation:
    """Make the household's stored deadlines (p08.5) match the engine's answer, inside the caller's
    transaction."""
    return reconcile(
        household.site,
        SUBJECT,
        household.pk,
        facts(household),
        assignee=responsible(household),
        link=link(household),
        new=new,
    )


def follow_new_households(today: dt.date | None = None) -> int:
    """The daily run: every household that moved in lately (or will) and has no stored visit deadline yet
    gets one; return how many."""
    today = today or local_date(timezone.now())
    recent = Household.objects.filter(moved_in_on__gte=today - RECENT).select_related("site")
    followed = set(
        Obligation.objects.filter(
            subject_type=SUBJECT, subject_id__in=[str(pk) for pk in recent.values_list("pk", flat=True)]
        ).values_list("subject_id", flat=True)
    )
    count = 0
    for household in recent:
        if str(household.pk) in followed:
            continue
        with transaction.atomic():
            follow_household(household)
        count += 1
    return count


def care_problems(
    household: Household, *, by: User, assignee: Maybe[User | None], note: Maybe[str]
) -> list[FieldProblem]:
    require_site(
        by, household.site, SUPERVISING_ROLES, gettext("Only a supervisor sets who looks after households.")
    )
    problems = text_problem(note, "note", longest=300, required=False)
    if assignee not in (None, UNKNOWN) and (
        not has_any_role(assignee, FOLLOWUP_ROLES)  # type: ignore[arg-type]
        or not assignee.sites.filter(pk=household.site_id).exists()  # type: ignore[union-attr]
    ):
        problems.append((("body", "assignee"), gettext("Choose someone of the site who serves customers.")))
    return problems


def set_care(
    household: Household, *, by: User, assignee: User | None, elderly_alone: bool, note: str = ""
) -> HouseholdCare:
    """Say who looks after the household and whether an elderly person lives there alone; a visit still
    owed moves to the person named."""
    Invalid.unless_empty(care_problems(household, by=by, assignee=assignee, note=note))
    with transaction.atomic():
        care, made = HouseholdCare.objects.select_for_update().get_or_create(
            household=household, defaults={"site_id": household.site_id}
        )
        before = None if made else audit.snapshot(care)
        care.assignee, care.elderly_alone, care.note = assignee, elderly_alone, note.strip()
        care.updated_at = timezone.now()
        care.save()
        audit.record(
            actor=by,
            action="followup.care",
            obj=care,
            before=before,
            after=audit.snapshot(care),
            site=household.site,
        )
        if Obligation.objects.filter(subject_type=SUBJECT, subject_id=str(household.pk)).exists():
            follow_household(household)
        from fuwu.followup.services.occasions import reassign_open_tasks

        reassign_open_tasks(household, assignee, by=by)
    return care


def visit_problems(
    household: Household, *, by: User, at: Maybe[dt.datetime], kind: Maybe[str], note: Maybe[str]
) -> list[FieldProblem]:
    require_site(by, household.site, FOLLOWUP_ROLES, gettext("You may not record visits at this site."))
    problems = past_problem(at, "at", now=timezone.now())
    if kind is not UNKNOWN and kind not in HouseholdVisit.Kind.values:
        problems.append((("body", "kind"), gettext("Choose what the visit was for.")))
    problems += text_problem(note, "note", longest=500, required=False)
    return problems


def record_visit(
    household: Household, *, by: User, at: dt.datetime, kind: str, note: str = ""
) -> HouseholdVisit:
    """A visit made: it meets the new owner's visit (p08.5) when one is owed, and an elderly resident's
    visit this month when that task is open."""
    Invalid.unless_empty(visit_problems(household, by=by, at=at, kind=kind, note=note))
    with transaction.atomic():
        visit = HouseholdVisit.objects.create(
            household=household, site_id=household.site_id, kind=kind, at=at, note=note.strip(), by=by
        )
        audit.record_created(visit, actor=by, action="followup.visit", site=household.site)
        if household.moved_in_on is not None:
            follow_household(household)
        if kind == HouseholdVisit.Kind.ELDERLY:
            from fuwu.followup.services.occasions import complete_task

            day = local_date(at)
            owed = ServiceTask.objects.filter(
                household=household, what="visit_elderly_alone", state=ServiceTask.State.OPEN
            )
            for task in owed:
                if local_date(task.due).replace(day=1) == day.replace(day=1):
                    complete_task(task, by=by, note=visit.note, at=at)
    return visit
