"""What the follow-up endpoints share: the customer a body names (among those the caller sees), the
regulations' stored deadlines as the contract shows them, a call's violations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext
from ninja import Schema
from pydantic import Field

from fuwu.core.errors import UNKNOWN, FieldProblem, Maybe
from fuwu.core.models import User
from fuwu.customers.models import Customer
from fuwu.customers.selectors.customers import customers_visible_to
from fuwu.regulations.selectors import StoredObligation

CUSTOMER = "The customer's id (GET /customers)."
PERSON = "A person's id, as in GET /staff."


class FollowupViolationOut(Schema):
    clause: str = Field(description="The clause broken: p08.23 (a call outside the call hours), p16.b4 …")
    pack_version: int
    because: str


class FollowupDeadlineOut(Schema):
    """A deadline or window the regulations store for the subject, as the contract shows them."""

    what: str = Field(description="archive, call, reply, letter, visit …")
    earliest: dt.datetime | None = Field(description="A window's first moment; null for a deadline.")
    due: dt.datetime = Field(description="A deadline's due time, a window's last moment.")
    clause: str
    pack_version: int
    because: str
    state: str = Field(description="open, met, breached or void.")
    met_at: dt.datetime | None
    breached_at: dt.datetime | None


def deadline_out(row: StoredObligation) -> dict[str, Any]:
    return {
        "what": row.what,
        "earliest": row.earliest,
        "due": row.due,
        "clause": row.clause,
        "pack_version": row.pack_version,
        "because": row.because,
        "state": row.state,
        "met_at": row.met_at,
        "breached_at": row.breached_at,
    }


def customer_of(
    user: User, pk: Maybe[int], *, field: str = "customer"
) -> tuple[Customer | None, list[FieldProblem]]:
    """The customer a body names, among those ``user`` sees; else None with its problem (none when the
    id's shape was bad: that problem is named already)."""
    if pk is UNKNOWN:
        return None, []
    found = customers_visible_to(user).select_related("site").filter(pk=pk).first()
    if found is None:
        return None, [(("body", field), gettext("No customer with this id among those you can see."))]
    return found, []


def followup_user(request: Any) -> User:
    """The caller, when their role follows customers up; else 403."""
    from django.core.exceptions import PermissionDenied

    from fuwu.core.access import has_any_role
    from fuwu.core.api.auth import current_user
    from fuwu.followup.access import FOLLOWUP_ROLES

    user = current_user(request)
    if not has_any_role(user, FOLLOWUP_ROLES):
        raise PermissionDenied(gettext("Your role has no part in follow-up."))
    return user
