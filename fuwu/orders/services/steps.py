"""What every step of an order does the same way: lock and check the state, check who acts, date the step,
save and audit the order, write its timeline entry, tell the desk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import User
from fuwu.core.prepared import prepared
from fuwu.core.roles import Role
from fuwu.core.services import audit, outbox
from fuwu.orders import labels
from fuwu.orders.models import Order, OrderEvent

# A phone's clock may run a little ahead of the server's; beyond this a time is "in the future".
CLOCK_SKEW = dt.timedelta(minutes=2)
STATUS_WORDS = labels.STATUS


def lock(order: Order, allowed: Sequence[str], action: str) -> Order:
    """Re-read the order under a row lock; refuse the step unless its state allows it (409).

    `action` is the step's code in ``labels.STEPS`` ("dispatch", "complete" …), named in the refusal."""
    # Lock the order row only: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join
    # (the technician is empty until dispatch), and the joined rows need no lock.
    locked = (
        Order.objects.select_for_update(of=("self",)).select_related("site", "technician").get(pk=order.pk)
    )
    require_state(locked, allowed, action)
    return locked


def require_state(order: Order, allowed: Sequence[str], action: str) -> None:
    """Refuse the step unless the order's state allows it (409)."""
    if order.status not in allowed:
        message = gettext("Order %(number)s is “%(status)s”, which does not allow %(step)s.")
        raise Conflict(
            message
            % {"number": order.number, "status": STATUS_WORDS[order.status], "step": labels.STEPS[action]}
        )


def require_role(user: User, roles: frozenset[Role]) -> None:
    if not (user.is_superuser or user.has_role(*roles)):
        raise PermissionDenied(gettext("This role may not do this."))


def require_technician(order: Order, user: User) -> None:
    if order.technician_id != user.pk:
        raise PermissionDenied(gettext("Only the technician the order is dispatched to may do this."))


def moment(at: dt.datetime | None, *, after: dt.datetime, field: str) -> dt.datetime:
    """A time a technician gives (offline phone): not in the future, not before the previous step."""
    now = timezone.now()
    Invalid.unless_empty(moment_problems(at, after=after, field=field, now=now))
    return at or now


def moment_problems(
    at: Maybe[dt.datetime | None], *, after: dt.datetime, field: str, now: dt.datetime
) -> list[FieldProblem]:
    """What is wrong with a time a technician gives (none when omitted: the step happens now)."""
    if at is None or at is UNKNOWN:
        return []
    if at > now + CLOCK_SKEW:
        return [(("body", field), gettext("The time cannot be later than now."))]
    if at < after:
        return [(("body", field), gettext("The time cannot be earlier than the previous step."))]
    return []


def save(order: Order, before: dict[str, Any], by: User | None, action: str) -> None:
    order.updated_at = timezone.now()
    order.save()
    audit.record(
        actor=by, action=action, obj=order, before=before, after=audit.snapshot(order), site=order.site
    )


def log(
    order: Order,
    action: str,
    at: dt.datetime,
    by: User | None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> OrderEvent:
    return OrderEvent.objects.create(order=order, action=action, at=at, actor=by, note=note, data=data or {})


def tell_dispatchers(order: Order, *, subject: str, body: str) -> None:
    """Tell the site's dispatchers and supervisors of an order reported in this transaction."""
    groups = [Role.DISPATCHER.group_name, Role.SUPERVISOR.group_name]
    people = prepared(
        "desk_of_site",
        lambda v: (
            User.objects.filter(is_active=True, membership__site_id=v["site"], groups__name__in=v["groups"])
            .distinct()
            .order_by("pk")
            .values_list("pk")
        ),
        {"site": order.site_id, "groups": groups},
    )
    targets = [outbox.in_app(pk) for (pk,) in people]
    if targets:
        # One notice to several people: notify_many queues them with one INSERT (their audit entries join
        # the write's). The order is new in this transaction, so its key cannot have been queued before.
        outbox.notify_many(
            [
                outbox.Notice(
                    targets=targets,
                    subject=subject,
                    body=body,
                    url=reverse("orders:detail", args=[order.pk]),
                    key=f"order:{order.pk}:reported",
                    site=order.site,
                )
            ],
            new_keys=True,
        )
