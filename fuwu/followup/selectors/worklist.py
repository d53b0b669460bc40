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
Names of subjects come in one query per kind, so the count of queries does not grow with the rows; every
read is prepared (``worklist_reads``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site
from fuwu.customers.models import Household
from fuwu.followup.models import CallRequest
from fuwu.followup.selectors import worklist_reads as reads
from fuwu.followup.selectors.cover import Cover, cover_of
from fuwu.followup.selectors.worklist_reads import SOURCES, SUBJECTS, Cursor
from fuwu.regulations.customers import call_allowed
from fuwu.regulations.event_duties import event_duty

__all__ = ["SOURCES", "SUBJECTS", "Item", "Worklist", "worklist"]

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
    after: Cursor | None = None,
) -> Worklist:
    """The first ``limit`` things owed by ``person`` (a user's id) now, after ``after``, by due time."""
    now = now or timezone.now()
    cover = cover_of(person, now)
    managers = list(cover.managers)
    if not managers:
        return Worklist(cover, [], False)
    take = limit + 1
    rows: list[Item] = []
    with reads.lookups_by_index():
        for source in (_obligations, _plans, _requests, _tasks, _files):
            rows += source(managers, now, take, after)
    rows.sort(key=lambda item: item.key)
    shown, more = rows[:limit], len(rows) > limit
    sites = {pk: Site(pk=pk) for pk in {item.site_id for item in shown}}
    return Worklist(cover, _finish(shown, now, sites), more, sites)


def _obligations(managers: list[int], now: dt.datetime, take: int, after: Cursor | None) -> list[Item]:
    found = reads.obligations(managers, take, after)
    names = reads.subject_names(found)
    labels: dict[tuple[str, str], str] = {key: str(label) for key, label in LABELS.items()}  # once, not a row
    return [
        Item(
            "obligation",
            pk,
            what,
            labels.get((subject_type, what)) or what,
            subject_type,
            int(subject_id),
            names.get((subject_type, subject_id), ""),
            due,
            earliest,
            clause,
            because,
            assignee,
            site,
            _state(now, due, earliest),
        )
        for pk, subject_type, subject_id, what, clause, because, due, earliest, assignee, site in found
    ]


def _plans(managers: list[int], now: dt.datetime, take: int, after: Cursor | None) -> list[Item]:
    label, emergency_word = str(_("Planned contact")), str(_("Emergency"))
    return [
        Item(
            "plan",
            pk,
            "plan",
            label,
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
            detail=emergency_word if emergency else "",
        )
        for pk, customer, name, manager, at, content, emergency, site in reads.plans(managers, take, after)
    ]


def _requests(managers: list[int], now: dt.datetime, take: int, after: Cursor | None) -> list[Item]:
    complaint = str(_("Complaint"))
    labels = {state: str(label) for state, label in REQUEST_LABELS.items()}
    return [
        Item(
            "request",
            pk,
            "request",
            labels[state],
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
            detail=complaint if kind == CallRequest.Kind.COMPLAINT else "",
        )
        for pk, customer, name, manager, due, text, state, kind, site in reads.requests(managers, take, after)
    ]


def _tasks(managers: list[int], now: dt.datetime, take: int, after: Cursor | None) -> list[Item]:
    items = []
    for pk, what, title, clause, due, assignee, site, household, *address in reads.tasks(
        managers, take, after
    ):
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


def _files(managers: list[int], now: dt.datetime, take: int, after: Cursor | None) -> list[Item]:
    """Customers whose file was made and whose next contact was never planned (p16.b3)."""
    label = str(pgettext_lazy("worklist", "Plan the next contact"))
    return [
        Item(
            "file",
            pk,
            PLAN_DUTY,
            label,
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
        for pk, name, manager, filed, site in reads.planless(managers, take, after)
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
