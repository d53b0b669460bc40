"""Reminders before a due time and one notice at breach, for every app's stored obligations.

The candidates are one indexed query each over open rows (the partial indexes on ``due``). They are then
handled in chunks of up to `CHUNK` rows, each chunk one transaction with a constant number of statements:
the chunk's rows are claimed (on PostgreSQL locked with SKIP LOCKED, on SQLite under the IMMEDIATE write
lock every write transaction takes first) and re-read with the claim's condition, marked in one UPDATE,
announced through `outbox.notify_many` and audited (rows and messages) in one insert. So two workers
running the sweep at once notify once; the outbox key names the fact as well, so even a re-run after a
crash queues nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy

from fuwu.core.models import Membership, User
from fuwu.core.roles import Role
from fuwu.core.services import audit, outbox
from fuwu.regulations.models import Obligation, SiteRegulation

# What an obligation is for, in its notices; the same contexts and words as the orders' deadline words.
WHAT_LABEL = {
    "arrival": pgettext_lazy("deadline", "Arrival"),
    "completion": pgettext_lazy("deadline", "Completion"),
    "response": pgettext_lazy("deadline", "Response"),
    "return_visit": pgettext_lazy("deadline", "Return visit"),
    "rectification": pgettext_lazy("deadline", "Rectification"),
    "archive": pgettext_lazy("deadline", "Archive"),
    "call": pgettext_lazy("deadline", "Phone call"),
    "letter": pgettext_lazy("deadline", "Letter"),
    "visit": pgettext_lazy("deadline", "Visit"),
    "collection": pgettext_lazy("deadline", "Collection"),
    "reply": pgettext_lazy("deadline", "Reply"),
}


def what_label(what: str) -> str:
    """The word for what an obligation is for, in the active language; an unknown code as it is."""
    label = WHAT_LABEL.get(what)
    return what if label is None else str(label)


def reminder_lead(what: str) -> dt.timedelta:
    """How long before the due time a reminder goes out (setting FUWU_REMINDER_LEAD_MINUTES per what)."""
    leads: dict[str, int] = settings.FUWU_REMINDER_LEAD_MINUTES
    return dt.timedelta(minutes=leads.get(what, leads["default"]))


# Rows per transaction: large enough that a backlog costs a few statements per 500 rows, small enough
# that a chunk's locks and its IN lists stay short.
CHUNK = 500


def sweep(*, now: dt.datetime | None = None, limit: int = 5000) -> tuple[int, int]:
    """Send due reminders and mark passed deadlines breached; return (reminded, breached).

    The sweep is the system's own work: its notices are written in the default language (Chinese) whatever
    language the thread that runs it has active, and a message's text is fixed when it is queued."""
    now = now or timezone.now()
    return _remind(now, limit), _breach(now, limit)


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    return [list(ids[i : i + CHUNK]) for i in range(0, len(ids), CHUNK)]


def _claimable(rows: QuerySet[Obligation]) -> QuerySet[Obligation]:
    """Lock the rows this sweeper takes; rows another sweeper holds are skipped, not waited for."""
    if connection.vendor == "postgresql":
        return rows.select_for_update(skip_locked=True, of=("self",))
    # SQLite: the transaction began with BEGIN IMMEDIATE, so no other writer runs until it commits.
    return rows


def _breach(now: dt.datetime, limit: int) -> int:
    # Open rows whose time has passed, and rows a reconcile already found breached (a late arrival judged
    # before the sweep came by) whose notice has not gone out: each on its own partial index.
    passed = Obligation.objects.filter(state=Obligation.State.OPEN, due__lt=now)
    unnotified = Obligation.objects.filter(state=Obligation.State.BREACHED, breach_notified_at__isnull=True)
    due = [
        *passed.order_by("due").values_list("id", flat=True)[:limit],
        *unnotified.order_by("due").values_list("id", flat=True)[:limit],
    ]
    return sum(_breach_chunk(chunk, now) for chunk in _chunks(due))


def _breach_one(pk: int, now: dt.datetime) -> bool:
    """Breach one row if nobody has announced it yet (the chunk of one)."""
    return _breach_chunk([pk], now) == 1


def _breach_chunk(pks: list[int], now: dt.datetime) -> int:
    """Claim, mark, audit and announce the rows of `pks` still unannounced; return how many this call took."""
    with audit.batched():  # the breaches' and their messages' audit entries in one insert
        # The claim: exactly one sweeper reads a row under this condition and marks it; the other finds it
        # locked (PostgreSQL: skipped) or, after the first commits, no longer matching.
        rows = list(
            _claimable(
                Obligation.objects.filter(pk__in=pks, breach_notified_at__isnull=True).filter(
                    Q(state=Obligation.State.OPEN, due__lt=now) | Q(state=Obligation.State.BREACHED)
                )
            ).select_related("site", "assignee")
        )
        if not rows:
            return 0
        before = {row.pk: audit.snapshot(row) for row in rows}
        Obligation.objects.filter(pk__in=before).update(
            state=Obligation.State.BREACHED,
            breach_notified_at=now,
            updated_at=now,
            breached_at=Coalesce(F("breached_at"), F("due")),
        )
        for row in rows:
            row.state, row.breach_notified_at, row.updated_at = Obligation.State.BREACHED, now, now
            row.breached_at = row.breached_at or row.due
        audit.record_many(
            [
                audit.Entry(
                    action="obligation.breach",
                    obj=row,
                    before=before[row.pk],
                    after=audit.snapshot(row),
                    site=row.site,
                )
                for row in rows
            ]
        )
        targets = _BreachTargets({row.site_id for row in rows})
        with translation.override(settings.LANGUAGE_CODE):
            notices = [_breach_notice(row, targets.of(row)) for row in rows]
        outbox.notify_many(notices)
    return len(rows)


def _breach_notice(row: Obligation, targets: list[outbox.Target]) -> outbox.Notice:
    due = f"{timezone.localtime(row.due):%m-%d %H:%M}"
    return outbox.Notice(
        targets=targets,
        subject=gettext("Breached: %(what)s (%(clause)s)")
        % {"what": what_label(row.what), "clause": row.clause},
        body=gettext("%(because)s. It was due by %(due)s and is now breached.")
        % {"because": row.because, "due": due},
        url=row.link,
        key=f"obligation:{row.pk}:breached",
        site=row.site,
    )


class _BreachTargets:
    """Who hears of a breach at each site of a chunk, read once per chunk: the row's assignee, the site's
    active dispatchers and supervisors, and the site's group robots."""

    def __init__(self, site_ids: set[int]) -> None:
        roles = [role.group_name for role in (Role.DISPATCHER, Role.SUPERVISOR)]
        memberships = (
            Membership.objects.filter(
                site_id__in=site_ids, user__is_active=True, user__groups__name__in=roles
            )
            .select_related("user")
            .order_by("site_id", "user_id")
            .distinct()
        )
        self.people: dict[int, dict[int, User]] = {site_id: {} for site_id in site_ids}
        for membership in memberships:
            self.people[membership.site_id].setdefault(membership.user_id, membership.user)
        self.robots: dict[int, list[outbox.Target]] = {site_id: [] for site_id in site_ids}
        webhooks = SiteRegulation.objects.filter(site_id__in=site_ids).values_list(
            "site_id", "wecom_webhook", "dingtalk_webhook"
        )
        for site_id, wecom, dingtalk in webhooks:
            if wecom:
                self.robots[site_id].append(outbox.wecom(wecom))
            if dingtalk:
                self.robots[site_id].append(outbox.dingtalk(dingtalk))

    def of(self, row: Obligation) -> list[outbox.Target]:
        people: dict[int, User] = {}
        if row.assignee is not None:
            people[row.assignee.pk] = row.assignee
        for pk, user in self.people[row.site_id].items():
            people.setdefault(pk, user)
        return [*(outbox.in_app(user) for user in people.values()), *self.robots[row.site_id]]


def _remind(now: dt.datetime, limit: int) -> int:
    longest = max(settings.FUWU_REMINDER_LEAD_MINUTES.values())
    candidates = list(
        Obligation.objects.filter(
            state=Obligation.State.OPEN,
            due__gte=now,
            due__lte=now + dt.timedelta(minutes=longest),
            reminded_at__isnull=True,
            assignee__isnull=False,
        )
        .order_by("due")
        .values_list("id", "what", "due")[:limit]
    )
    due = [pk for pk, what, due in candidates if due - reminder_lead(what) <= now]
    return sum(_remind_chunk(chunk, now) for chunk in _chunks(due))


def _remind_chunk(pks: list[int], now: dt.datetime) -> int:
    """Claim the rows of `pks` not yet reminded and queue each assignee's reminder; return how many."""
    with audit.batched():
        rows = list(
            _claimable(
                Obligation.objects.filter(pk__in=pks, reminded_at__isnull=True, assignee__isnull=False)
            ).select_related("site", "assignee")
        )
        if not rows:
            return 0
        Obligation.objects.filter(pk__in=[row.pk for row in rows]).update(reminded_at=now)
        with translation.override(settings.LANGUAGE_CODE):
            notices = [_reminder_notice(row) for row in rows]
        outbox.notify_many(notices)
    return len(rows)


def _reminder_notice(row: Obligation) -> outbox.Notice:
    assert row.assignee is not None
    due = f"{timezone.localtime(row.due):%m-%d %H:%M}"
    return outbox.Notice(
        targets=[outbox.in_app(row.assignee)],
        subject=gettext("Due soon: %(what)s") % {"what": what_label(row.what)},
        body=gettext("%(because)s; to be done by %(due)s (%(clause)s).")
        % {"because": row.because, "due": due, "clause": row.clause},
        url=row.link,
        key=f"obligation:{row.pk}:reminder",
        site=row.site,
    )
