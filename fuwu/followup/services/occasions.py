"""The packs' duties that are done when something happens, as tasks: a public holiday brings the holiday
greeting of every elderly resident living alone (p08.15), an owner's wedding its arrangements (p08.4), a
community activity the invitation of the owners who have not moved in (p08.16). The elderly residents'
monthly visit (p08.15) falls on the day the engine's monthly duty names. Each task cites its clause as the
pack version in force words it.

A holiday comes from the work calendar (the daily run enters each public holiday a few days ahead, once)
or from a supervisor; weddings and activities from a supervisor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.access import has_any_role
from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.customers.models import Household
from fuwu.followup.access import FOLLOWUP_ROLES, SUPERVISING_ROLES
from fuwu.followup.models import HouseholdCare, Occasion, ServiceTask
from fuwu.followup.services.common import local_date, require_site, text_problem
from fuwu.regulations.calendars import work_calendar
from fuwu.regulations.event_duties import clause_in_force, event_duty
from fuwu.regulations.services import evaluate

# The duties each kind of happening brings (``what`` as the packs name them); a wedding's arrangements are a
# principle of p08.4 with no rule, so its task cites that clause.
HOLIDAY_GREETING = "holiday_greeting_elderly"
ELDERLY_VISIT = "visit_elderly_alone"
INVITATION = "invite_absent_owners"
WEDDING = "wedding_service"
WEDDING_CLAUSE = "p08.4"
# A holiday greeting is made on the holiday's first day, by the end of the hours owners may be called.
GREETING_BY = dt.time(21, 0)
# A wedding's arrangements are in place on its morning.
WEDDING_BY = dt.time(8, 0)
ACTIVITY_BY = dt.time(9, 0)
# How many days ahead the daily run enters a public holiday.
HOLIDAY_LEAD = 3


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, timezone.get_current_timezone())


def _elderly(site: Site) -> list[HouseholdCare]:
    return list(
        HouseholdCare.objects.filter(site=site, elderly_alone=True)
        .select_related("household", "assignee")
        .order_by("household_id")
    )


def _make(rows: Iterable[ServiceTask], by: User | None, site: Site) -> list[ServiceTask]:
    """Insert the tasks not made yet (their key says which), each audited."""
    wanted = {row.key: row for row in rows}
    if not wanted:
        return []
    taken = set(ServiceTask.objects.filter(key__in=wanted).values_list("key", flat=True))
    created = ServiceTask.objects.bulk_create([row for key, row in wanted.items() if key not in taken])
    audit.record_many(
        [
            audit.Entry(
                action="followup.task", obj=row, before=None, after=audit.snapshot(row), actor=by, site=site
            )
            for row in created
        ]
    )
    return created


def occasion_problems(
    site: Site,
    *,
    by: User,
    kind: Maybe[str],
    date: Maybe[dt.date],
    title: Maybe[str],
    household: Maybe[Household | None],
    assignee: Maybe[User | None],
) -> list[FieldProblem]:
    """403 unless a supervisor of the site; then every bad field."""
    require_site(by, site, SUPERVISING_ROLES, gettext("Only a supervisor records occasions."))
    problems = text_problem(title, "title", longest=100)
    if kind is not UNKNOWN and kind not in Occasion.Kind.values:
        problems.append((("body", "kind"), gettext("Choose a holiday, a wedding or an activity.")))
    if date is not UNKNOWN and date < local_date(timezone.now()):
        problems.append((("body", "date"), gettext("An occasion is recorded before it happens.")))
    if kind == Occasion.Kind.WEDDING and household is None:
        problems.append((("body", "household"), gettext("Name the household of the wedding.")))
    elif household not in (None, UNKNOWN) and household.site_id != site.pk:  # type: ignore[union-attr]
        problems.append((("body", "household"), gettext("The household is not one of this site's.")))
    if assignee not in (None, UNKNOWN) and (
        not has_any_role(assignee, FOLLOWUP_ROLES)  # type: ignore[arg-type]
        or not assignee.sites.filter(pk=site.pk).exists()  # type: ignore[union-attr]
    ):
        problems.append((("body", "assignee"), gettext("Choose someone of the site who serves customers.")))
    return problems


def record_occasion(
    site: Site,
    *,
    by: User | None,
    kind: str,
    date: dt.date,
    title: str,
    household: Household | None = None,
    assignee: User | None = None,
) -> Occasion:
    """Record a happening and make the tasks the packs attach to it (``by`` None: the calendar's run)."""
    if by is not None:
        Invalid.unless_empty(
            occasion_problems(
                site, by=by, kind=kind, date=date, title=title, household=household, assignee=assignee
            )
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                occasion = Occasion.objects.create(
                    site=site, kind=kind, date=date, title=title.strip(), household=household, by=by
                )
        except IntegrityError:
            raise Conflict(gettext("This holiday is recorded already.")) from None
        audit.record_created(occasion, actor=by, action="followup.occasion", site=site)
        _make(_tasks_of(occasion, assignee or by), by, site)
    return occasion


def _tasks_of(occasion: Occasion, assignee: User | None) -> list[ServiceTask]:
    site, day = occasion.site, occasion.date
    if occasion.kind == Occasion.Kind.HOLIDAY:
        duty = event_duty(site, HOLIDAY_GREETING, day)
        if duty is None:
            return []
        return [
            ServiceTask(
                site=site,
                what=duty.what,
                title=duty.title,
                clause=duty.clause,
                pack_version=duty.version,
                checklist=list(duty.checklist),
                household=care.household,
                occasion=occasion,
                due=_at(day, GREETING_BY),
                assignee=care.assignee,
                key=f"{duty.what}:{occasion.pk}:{care.household_id}",
            )
            for care in _elderly(site)
        ]
    if occasion.kind == Occasion.Kind.WEDDING:
        cited = clause_in_force(site, WEDDING_CLAUSE, day)
        if cited is None:
            return []
        care = HouseholdCare.objects.filter(household=occasion.household).select_related("assignee").first()
        who = care.assignee if care is not None and care.assignee is not None else assignee
        return [
            ServiceTask(
                site=site,
                what=WEDDING,
                title=cited.title,
                clause=cited.clause,
                pack_version=cited.version,
                household=occasion.household,
                occasion=occasion,
                due=_at(day, WEDDING_BY),
                assignee=who,
                key=f"{WEDDING}:{occasion.pk}",
            )
        ]
    duty = event_duty(site, INVITATION, day)
    if duty is None:
        return []
    return [
        ServiceTask(
            site=site,
            what=duty.what,
            title=duty.title,
            clause=duty.clause,
            pack_version=duty.version,
            checklist=list(duty.checklist),
            occasion=occasion,
            due=_at(day, ACTIVITY_BY),
            assignee=assignee,
            key=f"{duty.what}:{occasion.pk}",
        )
    ]


def holidays_ahead(today: dt.date | None = None) -> int:
    """The daily run: enter each public holiday that begins within the next few days at every site
    (once), with its greetings; return how many were entered. Years the calendar does not know are
    skipped until an administrator enters them."""
    today = today or local_date(timezone.now())
    calendar = work_calendar()
    starts = []
    for offset in range(HOLIDAY_LEAD + 1):
        day = today + dt.timedelta(days=offset)
        before = day - dt.timedelta(days=1)
        if not (calendar.knows_year(day.year) and calendar.knows_year(before.year)):
            continue
        if calendar.is_public_holiday(day) and not calendar.is_public_holiday(before):
            starts.append(day)
    count = 0
    for site in Site.objects.order_by("pk"):
        entered = set(
            Occasion.objects.filter(site=site, kind=Occasion.Kind.HOLIDAY, date__in=starts).values_list(
                "date", flat=True
            )
        )
        for day in starts:
            if day in entered:
                continue
            try:
                record_occasion(
                    site,
                    by=None,
                    kind=Occasion.Kind.HOLIDAY,
                    date=day,
                    title=gettext("Public holiday from %(date)s") % {"date": day.isoformat()},
                )
            except Conflict:
                continue  # another worker entered it first
            count += 1
    return count


def monthly_visits(site: Site, month: dt.date) -> list[ServiceTask]:
    """The elderly residents' visits of ``month`` (its first day): one task per household living alone, due
    when the engine's monthly duty falls (p08.15)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(month.replace(day=1), dt.time(0), zone)
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    end = dt.datetime.combine(following, dt.time(0), zone)
    period = {"type": "period", "start": start.isoformat(), "end": end.isoformat()}
    decisions = evaluate(site, [period], as_of=start).decisions
    found = [(d, d.due) for d in decisions if d.kind == "task" and d.what == ELDERLY_VISIT and d.due]
    elderly = _elderly(site)
    rows = [
        ServiceTask(
            site=site,
            what=ELDERLY_VISIT,
            title=decision.because,
            clause=decision.clause,
            pack_version=decision.version,
            household=care.household,
            due=due,
            assignee=care.assignee,
            key=f"{ELDERLY_VISIT}:{care.household_id}:{local_date(due).isoformat()}",
        )
        for decision, due in found
        for care in elderly
    ]
    with transaction.atomic():
        return _make(rows, None, site)


def monthly_visits_everywhere(today: dt.date | None = None) -> int:
    """The daily run: this month's elderly visits at every site that has elderly residents living alone."""
    today = today or local_date(timezone.now())
    sites = Site.objects.filter(
        pk__in=HouseholdCare.objects.filter(elderly_alone=True).values("site_id")
    ).order_by("pk")
    return sum(len(monthly_visits(site, today.replace(day=1))) for site in sites)


def complete_task(
    task: ServiceTask, *, by: User, note: str = "", at: dt.datetime | None = None
) -> ServiceTask:
    """The task is done."""
    require_site(by, task.site, FOLLOWUP_ROLES, gettext("You may not do this site's tasks."))
    Invalid.unless_empty(text_problem(note, "note", longest=500, required=False))
    with transaction.atomic():
        task = ServiceTask.objects.select_for_update(of=("self",)).select_related("site").get(pk=task.pk)
        if task.state != ServiceTask.State.OPEN:
            raise Conflict(gettext("This task is done already."))
        before = audit.snapshot(task)
        task.state, task.done_at, task.done_by = ServiceTask.State.DONE, at or timezone.now(), by
        task.note = note.strip()
        task.save(update_fields=["state", "done_at", "done_by", "note"])
        audit.record(
            actor=by,
            action="followup.task.done",
            obj=task,
            before=before,
            after=audit.snapshot(task),
            site=task.site,
        )
    return task


def reassign_open_tasks(household: Household, assignee: User | None, *, by: User) -> int:
    """The household's open tasks go to whoever now looks after it."""
    rows = list(
        ServiceTask.objects.select_for_update()
        .filter(household=household, state=ServiceTask.State.OPEN)
        .exclude(assignee=assignee)
    )
    entries = []
    for task in rows:
        before = audit.snapshot(task)
        task.assignee = assignee
        task.save(update_fields=["assignee"])
        entries.append(
            audit.Entry(
                action="followup.task.assign",
                obj=task,
                before=before,
                after=audit.snapshot(task),
                actor=by,
                site=household.site,
            )
        )
    audit.record_many(entries)
    return len(rows)
