"""What every orders page shares: the signed-in user, scoped lookups, deadline clocks, error display."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, ngettext

from fuwu.core.errors import Invalid
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.orders import labels
from fuwu.orders.models import Order
from fuwu.orders.selectors import DISPATCHERS, ORDER_READERS, orders_visible_to
from fuwu.regulations.models import Obligation
from fuwu.regulations.selectors import StoredObligation

BOARD_READERS = ORDER_READERS
DESK = DISPATCHERS
TECHNICIANS = frozenset({Role.TECHNICIAN})
OPEN_STATUSES = ("created", "dispatched", "accepted", "arrived")
Steps = tuple[dt.datetime | None, ...]


def user_of(request: HttpRequest) -> User:
    """The signed-in user (every orders page is under login_required)."""
    user = request.user
    assert isinstance(user, User)
    return user


def order_in_scope(request: HttpRequest, pk: int) -> Order:
    """The order if the user may open it; 404 otherwise, as if it did not exist."""
    return get_object_or_404(
        orders_visible_to(request.user).select_related("site", "household", "technician", "rework_of"), pk=pk
    )


@dataclass(frozen=True)
class Clock:
    """An open (or breached) obligation as the board shows it: what, clause, due, time left, colour."""

    what: str
    clause: str
    because: str
    due: dt.datetime
    state: str
    left: str
    colour: str  # "ok" more than half the time left, "warn" less, "late" breached
    is_open: bool  # still running (its state is open), whatever its colour


def steps_of(order: Order) -> Steps:
    """The moments an order's clocks start from: received, arrived, completed."""
    return (order.received_at, order.arrived_at, order.completed_at)


def clock(row: StoredObligation, steps: Steps, now: dt.datetime) -> Clock:
    """How much of the obligation's time is left, measured from the order's last step before it was due.

    The stored row does not keep when its clock started; the latest of the order's ``steps`` (received,
    arrived, completed) that lies before the due time is that start for every deadline an order has.
    """
    starts = [t for t in steps if t and t <= row.due]
    start = max(starts) if starts else steps[0] or row.due
    total = max((row.due - start).total_seconds(), 1.0)
    left_seconds = (row.due - now).total_seconds()
    if row.state == Obligation.State.MET:
        colour, text = "ok", gettext("Done on time")
    elif row.state == Obligation.State.BREACHED and row.met_at is not None:
        # Done, but after the due time: say how late it was, not how long ago the due time passed.
        late = duration((row.met_at - row.due).total_seconds())
        colour, text = "late", gettext("%(time)s late") % {"time": late}
    elif row.state == Obligation.State.BREACHED or left_seconds < 0:
        colour, text = "late", gettext("%(time)s overdue") % {"time": duration(-left_seconds)}
    else:
        colour = "ok" if left_seconds / total > 0.5 else "warn"
        text = gettext("%(time)s left") % {"time": duration(left_seconds)}
    return Clock(
        what=labels.deadline_word(row.what),
        clause=row.clause,
        because=row.because,
        due=row.due,
        state=labels.OBLIGATION_STATES.get(row.state, row.state),
        left=text,
        colour=colour,
        is_open=row.state == Obligation.State.OPEN,
    )


def duration(seconds: float) -> str:
    """3 days 2 hours, 2 hours 5 min, 7 min (3 天 2 小时, 2 小时 5 分, 7 分): the two largest units a person
    reads at a glance."""
    minutes = int(abs(seconds)) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{_days(days)} {_hours(hours)}"
    if hours:
        return f"{_hours(hours)} {_minutes(mins)}"
    return _minutes(mins)


def _days(n: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", n) % {"count": n}


def _hours(n: int) -> str:
    return ngettext("%(count)s hour", "%(count)s hours", n) % {"count": n}


def _minutes(n: int) -> str:
    return gettext("%(count)s min") % {"count": n}


def too_many_photos(limit: int) -> str:
    """The error of a form that brought more photos than it takes."""
    return ngettext("Upload at most %(count)s photo", "Upload at most %(count)s photos", limit) % {
        "count": limit
    }


def field_errors(error: Invalid) -> dict[str, str]:
    """The messages of an Invalid by field name (the last text part of each loc), for the form."""
    found: dict[str, str] = {}
    for loc, msg in error.problems:
        names = [part for part in loc if isinstance(part, str) and part != "body"]
        name = names[0] if names else "general"
        found[name] = f"{found[name]};{msg}" if name in found else msg
    return found
