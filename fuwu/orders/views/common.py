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


class ClockWords:
    """The words of deadline clocks in the active language, each looked up once for a page of clocks
    (a board of 20 orders asked the catalogue for the same dozen words a hundred times)."""

    def __init__(self) -> None:
        self.done = gettext("Done on time")
        self.late = gettext("%(time)s late")
        self.overdue = gettext("%(time)s overdue")
        self.left = gettext("%(time)s left")
        self._words: dict[tuple[str, str], str] = {}
        self._units: dict[tuple[str, int], str] = {}

    def what(self, what: str) -> str:
        key = ("what", what)
        if key not in self._words:
            self._words[key] = labels.deadline_word(what)
        return self._words[key]

    def state(self, state: str) -> str:
        key = ("state", state)
        if key not in self._words:
            self._words[key] = labels.OBLIGATION_STATES.get(state, state)
        return self._words[key]

    def duration(self, seconds: float) -> str:
        """3 days 2 hours, 2 hours 5 min, 7 min (3 天 2 小时, 2 小时 5 分, 7 分): the two largest units a
        person reads at a glance."""
        minutes = int(abs(seconds)) // 60
        days, rest = divmod(minutes, 24 * 60)
        hours, mins = divmod(rest, 60)
        if days:
            return f"{self._unit('day', days)} {self._unit('hour', hours)}"
        if hours:
            return f"{self._unit('hour', hours)} {self._unit('min', mins)}"
        return self._unit("min", mins)

    def _unit(self, unit: str, n: int) -> str:
        key = (unit, n)
        if key not in self._units:
            if unit == "day":
                text = ngettext("%(count)s day", "%(count)s days", n) % {"count": n}
            elif unit == "hour":
                text = ngettext("%(count)s hour", "%(count)s hours", n) % {"count": n}
            else:
                text = gettext("%(count)s min") % {"count": n}
            self._units[key] = text
        return self._units[key]


def clock(row: StoredObligation, steps: Steps, now: dt.datetime, words: ClockWords | None = None) -> Clock:
    """How much of the obligation's time is left, measured from the order's last step before it was due.

    The stored row does not keep when its clock started; the latest of the order's ``steps`` (received,
    arrived, completed) that lies before the due time is that start for every deadline an order has.
    A page of many clocks passes one ``ClockWords``.
    """
    words = words or ClockWords()
    starts = [t for t in steps if t and t <= row.due]
    start = max(starts) if starts else steps[0] or row.due
    total = max((row.due - start).total_seconds(), 1.0)
    left_seconds = (row.due - now).total_seconds()
    if row.state == Obligation.State.MET:
        colour, text = "ok", words.done
    elif row.state == Obligation.State.BREACHED and row.met_at is not None:
        # Done, but after the due time: say how late it was, not how long ago the due time passed.
        colour, text = "late", words.late % {"time": words.duration((row.met_at - row.due).total_seconds())}
    elif row.state == Obligation.State.BREACHED or left_seconds < 0:
        colour, text = "late", words.overdue % {"time": words.duration(-left_seconds)}
    else:
        colour = "ok" if left_seconds / total > 0.5 else "warn"
        text = words.left % {"time": words.duration(left_seconds)}
    return Clock(
        what=words.what(row.what),
        clause=row.clause,
        because=row.because,
        due=row.due,
        state=words.state(row.state),
        left=text,
        colour=colour,
        is_open=row.state == Obligation.State.OPEN,
    )


def duration(seconds: float) -> str:
    """A span as a person reads it at a glance (see ``ClockWords.duration``)."""
    return ClockWords().duration(seconds)


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
