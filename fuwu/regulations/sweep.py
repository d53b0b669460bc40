"""Reminders before a due time and one notice at breach, for every app's stored obligations.

Both are one indexed query over open rows (the partial index on ``due``). Each row is claimed with a
conditional UPDATE before its message is queued, so two workers running the sweep at once notify once;
the outbox key names the fact as well, so even a re-run after a crash queues nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import audit, outbox
from fuwu.regulations.models import Obligation, SiteRegulation

WHAT_LABEL = {
    "arrival": "到场",
    "completion": "完工",
    "response": "响应",
    "return_visit": "回访",
    "rectification": "整改",
    "archive": "建档",
    "call": "电话",
    "letter": "信函",
    "visit": "走访",
    "collection": "领取",
    "reply": "答复",
}


def reminder_lead(what: str) -> dt.timedelta:
    """How long before the due time a reminder goes out (setting FUWU_REMINDER_LEAD_MINUTES per what)."""
    leads: dict[str, int] = settings.FUWU_REMINDER_LEAD_MINUTES
    return dt.timedelta(minutes=leads.get(what, leads["default"]))


def sweep(*, now: dt.datetime | None = None, limit: int = 5000) -> tuple[int, int]:
    """Send due reminders and mark passed deadlines breached; return (reminded, breached)."""
    now = now or timezone.now()
    return _remind(now, limit), _breach(now, limit)


def _breach(now: dt.datetime, limit: int) -> int:
    # Open rows whose time has passed, and rows a reconcile already found breached (a late arrival judged
    # before the sweep came by) whose notice has not gone out: each on its own partial index.
    passed = Obligation.objects.filter(state=Obligation.State.OPEN, due__lt=now)
    unnotified = Obligation.objects.filter(state=Obligation.State.BREACHED, breach_notified_at__isnull=True)
    due = [
        *passed.order_by("due").values_list("id", flat=True)[:limit],
        *unnotified.order_by("due").values_list("id", flat=True)[:limit],
    ]
    return sum(1 for pk in due if _breach_one(pk, now))


def _breach_one(pk: int, now: dt.datetime) -> bool:
    with transaction.atomic():
        # The claim: exactly one sweeper marks the row breached and notified; the other finds it taken.
        claimed = (
            Obligation.objects.filter(pk=pk, breach_notified_at__isnull=True)
            .filter(Q(state=Obligation.State.OPEN, due__lt=now) | Q(state=Obligation.State.BREACHED))
            .update(state=Obligation.State.BREACHED, breach_notified_at=now, updated_at=now)
        )
        if claimed != 1:
            return False
        row = Obligation.objects.select_related("site", "assignee").get(pk=pk)
        if row.breached_at is None:
            Obligation.objects.filter(pk=pk).update(breached_at=row.due)
            row.breached_at = row.due
        audit.record(
            actor=None,
            action="obligation.breach",
            obj=row,
            before={"state": "open"},
            after=audit.snapshot(row),
            site=row.site,
        )
        label = WHAT_LABEL.get(row.what, row.what)
        local_due = timezone.localtime(row.due)
        outbox.notify(
            targets=_breach_targets(row),
            subject=f"超时:{label}({row.clause})",
            body=f"{row.because}。应于 {local_due:%m-%d %H:%M} 前完成,已超时。",
            url=row.link,
            key=f"obligation:{row.pk}:breached",
            site=row.site,
        )
    return True


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
    sent = 0
    for pk, what, due in candidates:
        if due - reminder_lead(what) > now:
            continue
        with transaction.atomic():
            if Obligation.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now) != 1:
                continue
            row = Obligation.objects.select_related("site", "assignee").get(pk=pk)
            assert row.assignee is not None
            label = WHAT_LABEL.get(row.what, row.what)
            outbox.notify(
                targets=[outbox.in_app(row.assignee)],
                subject=f"即将到期:{label}",
                body=f"{row.because},请于 {timezone.localtime(row.due):%m-%d %H:%M} 前完成({row.clause})。",
                url=row.link,
                key=f"obligation:{row.pk}:reminder",
                site=row.site,
            )
            sent += 1
    return sent


def _breach_targets(row: Obligation) -> list[outbox.Target]:
    people: dict[int, User] = {}
    if row.assignee is not None:
        people[row.assignee.pk] = row.assignee
    for user in _site_people(row.site, (Role.DISPATCHER, Role.SUPERVISOR)):
        people.setdefault(user.pk, user)
    targets = [outbox.in_app(user) for user in people.values()]
    robots = SiteRegulation.objects.filter(site=row.site).values_list("wecom_webhook", "dingtalk_webhook")
    for wecom, dingtalk in robots:
        if wecom:
            targets.append(outbox.wecom(wecom))
        if dingtalk:
            targets.append(outbox.dingtalk(dingtalk))
    return targets


def _site_people(site: Site, roles: Iterable[Role]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, membership__site=site, groups__name__in=[r.group_name for r in roles]
        ).distinct()
    )
