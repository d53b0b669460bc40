"""One person's follow-up worklist: everything owed for the customers, campaigns and households they look
after now (their own, and an absent colleague's while standing in — ``cover``), by due time.

Five sources, each one indexed query however many open tasks the company has:

- the regulations' stored deadlines and windows assigned to them (subjects ``customer``: files due p16.b2,
  call windows p16.b4/b5, replies p14.4.1; ``campaign``: p16.b6's notices; ``household``: p08.5's visit),
  open or overdue and not yet met;
- planned contacts (p16.b3), and customers filed without one yet (the p16.b3 duty the file brings);
- requests raised in calls still open (p16.b4's note);
- the property services' tasks (p08.4, p08.15, p08.16).

Rows are merged by (due, source, id); a page after a cursor continues exactly where the last one stopped.
Names of subjects come in one query per kind, so the count of queries does not grow with the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site
from fuwu.customers.models import Customer, Household
from fuwu.followup.models import CallRequest, Campaign, ContactPlan, ServiceTask
from fuwu.followup.selectors.cover import Cover, cover_of
from fuwu.regulations.customers import call_allowed
from fuwu.regulations.event_duties import event_duty
from fuwu.regulations.models import Obligation

SUBJECTS = ("customer", "campaign", "household")
# The order of the sources among rows due at the same moment; part of the cursor.
SOURCES = ("obligation", "plan", "request", "task", "file")
PLAN_DUTY = "plan_next_contact"  # p16.b3's duty, as the pack names it
CALL_WHATS = frozenset({"call"})

LABELS: dict[tuple[str, str], Promise] = {
    ("customer", "archive"): _("File due"),
    ("customer", "call"): _("Follow-up call"),
    ("customer", "reply"): _("Reply owed"),
    ("campaign", "call"): _("Campaign phone notice"),
    ("campaign", "letter"): _("Campaign letters"),
    ("household", "visit"): _("New owner's visit"),
}
REQUEST_LABELS: dict[str, Promise] = {
    CallRequest.State.STUDYING: _("Request to study"),
    CallRequest.State.ESCALATED: _("Request with the supervisor"),
    CallRequest.State.SOLVED: _("Tell the customer the solution"),
}


@dataclass(frozen=True, slots=True)
class Item:
    """One thing owed, as the worklist shows it."""

    source: str
    id: int
    what: str
    label: str
    subject_type: str
    subject_id: int
    subject: str
    due: dt.datetime
    earliest: dt.datetime | None
    clause: str
    because: str
    owner_id: int | None  # whose work it is (the manager it belongs to)
    site_id: int
    state: str  # "upcoming" (its window is not open yet), "open", "overdue"
    quiet: bool = False  # a call now would be outside the call hours
    detail: str = ""

    @property
    def key(self) -> tuple[dt.datetime, int, int]:
        return (self.due, SOURCES.index(self.source), self.id)

    @property
    def is_call(self) -> bool:
        return self.what in CALL_WHATS or self.source == "plan"


@dataclass
class Worklist:
    cover: Cover
    items: list[Item]
    more: bool
    sites: dict[int, Site] = field(default_factory=dict)


def _after(due_field: str, source: str, after: tuple[dt.datetime, int, int] | None) -> Q:
    """Rows of ``source`` strictly after the cursor in (due, source, id) order."""
    if after is None:
        return Q()
    due, rank, pk = after
    mine = SOURCES.index(source)
    if mine > rank:
        return Q(**{f"{due_field}__gte": due})
    if mine < rank:
        return Q(**{f"{due_field}__gt": due})
    return Q(**{f"{due_field}__gt": due}) | Q(**{due_field: due, "pk__gt": pk})


def _state(now: dt.datetime, due: dt.datetime, earliest: dt.datetime | None = None) -> str:
    if due < now:
        return "overdue"
    if earliest is not None and earliest > now:
        return "upcoming"
    return "open"


def worklist(
    person: int,
    *,
    now: dt.datetime | None = None,
    limit: int = 50,
    after: tuple[dt.datetime, int, int] | None = None,
) -> Worklist:
    """The first ``limit`` things owed by ``person`` (a user's id) now, after ``after``, by due time."""
    now = now or timezone.now()
    cover = cover_of(person, now)
    managers = list(cover.managers)
    if not managers:
        return Worklist(cover, [], False)
    take = limit + 1
    rows: list[Item] = []
    rows += _obligations(managers, now, take, after)
    rows += _plans(managers, now, take, after)
    rows += _requests(managers, now, take, after)
    rows += _tasks(managers, now, take, after)
    rows += _files(managers, now, take, after)
    rows.sort(key=lambda item: item.key)
    shown, more = rows[:limit], len(rows) > limit
    sites = {pk: Site(pk=pk) for pk in {item.site_id for item in shown}}
    return Worklist(cover, _finish(shown, now, sites), more, sites)


def _obligations(
    managers: list[int], now: dt.datetime, take: int, after: tuple[dt.datetime, int, int] | None
) -> list[Item]:
    rows = (
        Obligation.objects.filter(assignee_id__in=managers, subject_type__in=SUBJECTS)
        .filter(Q(state=Obligation.State.OPEN) | Q(state=Obligation.State.BREACHED, met_at__isnull=True))
        .filter(_after("due", "obligation", after))
        .order_by("due", "pk")
        .values(
            "pk",
            "subject_type",
            "subject_id",
            "what",
            "clause",
            "because",
            "due",
            "earliest",
            "assignee_id",
            "site_id",
        )[:take]
    )
    found: list[dict[str, Any]] = list(rows)  # type: ignore[arg-type]  # values() rows as plain dicts
    names = _names(found)
    return [
        Item(
            "obligation",
            row["pk"],
            row["what"],
            str(LABELS.get((row["subject_type"], row["what"]), row["what"])),
            row["subject_type"],
            int(row["subject_id"]),
            names.get((row["subject_type"], row["subject_id"]), ""),
            row["due"],
            row["earliest"],
            row["clause"],
            row["because"],
            row["assignee_id"],
            row["site_id"],
            _state(now, row["due"], row["earliest"]),
        )
        for row in found
    ]


def _names(rows: Iterable[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """The names of the obligations' subjects: one query per kind of subject."""
    ids: dict[str, set[int]] = {}
    for row in rows:
        ids.setdefault(row["subject_type"], set()).add(int(row["subject_id"]))
    names: dict[tuple[str, str], str] = {}
    if ids.get("customer"):
        for pk, name in Customer.objects.filter(pk__in=ids["customer"]).values_list("pk", "name"):
            names[("customer", str(pk))] = name
    if ids.get("campaign"):
        for pk, title in Campaign.objects.filter(pk__in=ids["campaign"]).values_list("pk", "title"):
            names[("campaign", str(pk))] = title
    if ids.get("household"):
        homes = Household.objects.filter(pk__in=ids["household"]).values_list(
            "pk", "community", "building", "unit", "room"
        )
        for pk, *address in homes:
            names[("household", str(pk))] = Household.address_of(*address)
    return names


def _plans(
    managers: list[int], now: dt.datetime, take: int, after: tuple[dt.datetime, int, int] | None
) -> list[Item]:
    rows = (
        ContactPlan.objects.filter(state=ContactPlan.State.PLANNED, customer__manager_id__in=managers)
        .filter(_after("planned_at", "plan", after))
        .order_by("planned_at", "pk")
        .values_list(
            "pk",
            "customer_id",
            "customer__name",
            "customer__manager_id",
            "planned_at",
            "content",
            "emergency",
            "site_id",
        )[:take]
    )
    return [
        Item(
            "plan",
            pk,
            "plan",
            str(_("Planned contact")),
            "customer",
            customer,
            name,
            at,
            None,
            "p16.b3",
            content,
            manager,
            site,
            _state(now, at),
            detail=str(_("Emergency")) if emergency else "",
        )
        for pk, customer, name, manager, at, content, emergency, site in rows
    ]


def _requests(
    managers: list[int], now: dt.datetime, take: int, after: tuple[dt.datetime, int, int] | None
) -> list[Item]:
    rows = (
        CallRequest.objects.filter(state__in=CallRequest.OPEN_STATES, customer__manager_id__in=managers)
        .filter(_after("due", "request", after))
        .order_by("due", "pk")
        .values_list(
            "pk",
            "customer_id",
            "customer__name",
            "customer__manager_id",
            "due",
            "text",
            "state",
            "kind",
            "site_id",
        )[:take]
    )
    return [
        Item(
            "request",
            pk,
            "request",
            str(REQUEST_LABELS[state]),
            "customer",
            customer,
            name,
            due,
            None,
            "p16.b4",
            text,
            manager,
            site,
            _state(now, due),
            detail=str(_("Complaint")) if kind == CallRequest.Kind.COMPLAINT else "",
        )
        for pk, customer, name, manager, due, text, state, kind, site in rows
    ]


def _tasks(
    managers: list[int], now: dt.datetime, take: int, after: tuple[dt.datetime, int, int] | None
) -> list[Item]:
    rows = (
        ServiceTask.objects.filter(state=ServiceTask.State.OPEN, assignee_id__in=managers)
        .filter(_after("due", "task", after))
        .order_by("due", "pk")
        .values_list(
            "pk",
            "what",
            "title",
            "clause",
            "due",
            "assignee_id",
            "site_id",
            "household_id",
            "household__community",
            "household__building",
            "household__unit",
            "household__room",
        )[:take]
    )
    items = []
    for pk, what, title, clause, due, assignee, site, household, *address in rows:
        place = Household.address_of(*address) if household is not None else ""
        items.append(
            Item(
                "task",
                pk,
                what,
                title,
                "household" if household else "task",
                household or pk,
                place,
                due,
                None,
                clause,
                title,
                assignee,
                site,
                _state(now, due),
            )
        )
    return items


def _files(
    managers: list[int], now: dt.datetime, take: int, after: tuple[dt.datetime, int, int] | None
) -> list[Item]:
    """Customers whose file was made and whose next contact was never planned (p16.b3: 在建立客户档案的
    同时)."""
    planned = ContactPlan.objects.filter(customer_id=OuterRef("pk"))
    rows = (
        Customer.objects.filter(manager_id__in=managers, filed_at__isnull=False)
        .filter(~Exists(planned))
        .filter(_after("filed_at", "file", after))
        .order_by("filed_at", "pk")
        .values_list("pk", "name", "manager_id", "filed_at", "site_id")[:take]
    )
    return [
        Item(
            "file",
            pk,
            PLAN_DUTY,
            str(pgettext_lazy("worklist", "Plan the next contact")),
            "customer",
            pk,
            name,
            filed or now,
            None,
            "",
            "",
            manager,
            site,
            _state(now, filed or now),
        )
        for pk, name, manager, filed, site in rows
    ]


def _finish(items: Sequence[Item], now: dt.datetime, sites: dict[int, Site]) -> list[Item]:
    """The regulations' word where it depends on the site: whether a call now keeps the call hours, and
    which clause the next-contact duty is (one read per site shown, not per row)."""
    quiet: dict[int, bool] = {}
    duty: dict[int, tuple[str, str]] = {}
    finished = []
    for item in items:
        site = sites[item.site_id]
        changes: dict[str, Any] = {}
        if item.is_call:
            if item.site_id not in quiet:
                quiet[item.site_id] = not call_allowed(site, now)
            changes["quiet"] = quiet[item.site_id] and item.detail == ""
        if item.source == "file":
            if item.site_id not in duty:
                found = event_duty(site, PLAN_DUTY, timezone.localtime(now).date())
                duty[item.site_id] = (found.clause, found.title) if found else ("", "")
            changes["clause"], changes["because"] = duty[item.site_id]
        finished.append(_replace(item, changes) if changes else item)
    return finished


def _replace(item: Item, changes: dict[str, Any]) -> Item:
    values = {name: getattr(item, name) for name in Item.__dataclass_fields__}
    values.update(changes)
    return Item(**values)
