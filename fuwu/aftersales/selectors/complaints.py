"""Reading complaints: the ones a user may see, and the reply each owes with its clause (p14.4.1).

A complaint is a contact on the customer's timeline; the engine keeps one reply deadline per customer
open at a time (a second contact before the reply joins it, the earliest due binds), and one reply meets
it. So the deadline of a complaint is the customer's reply deadline that was running when it came in:
the earliest due at or after its arrival not met before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from fuwu.aftersales.models import Complaint, ReturnRequest
from fuwu.aftersales.selectors.access import DESK_ROLES, at_sites_of
from fuwu.core.models import User
from fuwu.customers.services.timeline import SUBJECT as CUSTOMER
from fuwu.regulations.selectors import StoredObligation, obligations_of

REPLY = "reply"


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    return at_sites_of(user, Complaint.objects.all(), DESK_ROLES)


def returns_visible_to(user: User) -> QuerySet[ReturnRequest]:
    return at_sites_of(user, ReturnRequest.objects.all(), DESK_ROLES)


@dataclass(frozen=True)
class ReplyDeadline:
    """The reply a complaint owes, as stored from the engine: its clause, due time and state."""

    obligation: StoredObligation

    @property
    def clause(self) -> str:
        return self.obligation.clause

    @property
    def due(self) -> dt.datetime:
        return self.obligation.due

    @property
    def state(self) -> str:
        return self.obligation.state

    @property
    def because(self) -> str:
        return self.obligation.because

    @property
    def met_at(self) -> dt.datetime | None:
        return self.obligation.met_at

    def left(self, now: dt.datetime | None = None) -> dt.timedelta:
        """Time left until it is due (negative once past)."""
        return self.due - (now or timezone.now())

    @property
    def late(self) -> bool:
        return self.state == "breached" or (self.state == "open" and self.left() < dt.timedelta(0))


def reply_deadlines(complaints: Iterable[Complaint]) -> dict[int, ReplyDeadline | None]:
    """Each complaint's reply deadline (None where none is stored), in one read."""
    rows = list(complaints)
    stored = obligations_of(CUSTOMER, {row.customer_id for row in rows})
    found: dict[int, ReplyDeadline | None] = {}
    for row in rows:
        candidates = [
            o
            for o in stored.get(str(row.customer_id), [])
            if o.what == REPLY
            and o.due >= row.received_at
            and (o.met_at is None or o.met_at >= row.received_at)
        ]
        chosen = min(candidates, key=lambda o: (o.due, o.id), default=None)
        found[row.pk] = ReplyDeadline(chosen) if chosen is not None else None
    return found


def time_left(delta: dt.timedelta) -> tuple[int, int]:
    """(hours, minutes) of a positive span, for "23 h 5 min left"."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    return minutes // 60, minutes % 60
