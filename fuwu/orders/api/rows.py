"""How a stored order becomes its JSON (``OrderOut``'s plain data): from the columns it shows, read with
``values()``, so a page of 20 orders builds no model instances (they were most of the list's time).

The list and the one-order answers use the same columns and the same ``order_json``; the detail answer is
then validated against ``OrderOut``, and a test holds every list row equal to it, key order included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import QuerySet

from fuwu.core.api.formats import local_iso
from fuwu.core.scoping import mask_phone
from fuwu.orders.models import Order
from fuwu.orders.selectors import PLACE_COLUMNS, place_of
from fuwu.regulations.selectors import StoredObligation

Row = Mapping[str, Any]

ORDER_COLUMNS = (
    "id",
    "number",
    "site__code",
    "status",
    "tags",
    "description",
    *PLACE_COLUMNS,
    "contact_name",
    "contact_phone",
    "channel",
    "received_at",
    "appointment",
    "technician_id",
    "technician__display_name",
    "technician__username",
    "rework_of_id",
    "approval",
    "quote_amount",
    "quote_items",
    "quote_accepted",
    "arrived_at",
    "completed_at",
    "created_at",
)


def order_rows(orders: QuerySet[Order]) -> QuerySet[Order, dict[str, Any]]:
    """The orders as the rows ``order_json`` reads (one query, the site, household and technician joined)."""
    rows: QuerySet[Order, dict[str, Any]] = orders.values(*ORDER_COLUMNS)
    return rows


def order_json(row: Row, obligations: Sequence[StoredObligation], *, full_phone: bool) -> dict[str, Any]:
    """One order as ``OrderOut``'s plain data, its deadlines and windows from its stored obligations."""
    deadlines = [
        {
            "what": ob.what,
            "due": local_iso(ob.due) or "",
            "clause": ob.clause,
            "pack_version": ob.pack_version,
            "because": ob.because,
            "state": ob.state,
            "met_at": local_iso(ob.met_at),
            "breached_at": local_iso(ob.breached_at),
        }
        for ob in obligations
        if ob.kind == "deadline"
    ]
    windows = [
        {
            "what": ob.what,
            "earliest": local_iso(ob.earliest),
            "latest": local_iso(ob.due) or "",
            "clause": ob.clause,
            "pack_version": ob.pack_version,
            "because": ob.because,
            "state": ob.state,
        }
        for ob in obligations
        if ob.kind == "window"
    ]
    quote = None
    if row["quote_amount"] is not None:
        quote = {
            "amount": str(row["quote_amount"]),
            "items": row["quote_items"],
            "accepted": row["quote_accepted"],
        }
    technician = None
    if row["technician_id"] is not None:
        name = row["technician__display_name"] or row["technician__username"]
        technician = {"id": row["technician_id"], "name": name}
    phone = row["contact_phone"]
    return {
        "id": row["id"],
        "number": row["number"] or "",
        "site": row["site__code"],
        "status": row["status"],
        "tags": list(row["tags"]),
        "description": row["description"],
        "location": place_of(row),
        "household": row["household_id"],
        "contact_name": row["contact_name"],
        "contact_phone": phone if full_phone else mask_phone(phone),
        "channel": row["channel"],
        "received_at": local_iso(row["received_at"]) or "",
        "appointment": local_iso(row["appointment"]),
        "technician": technician,
        "deadlines": deadlines,
        "windows": windows,
        "rework_of": row["rework_of_id"],
        "approval": row["approval"],
        "quote": quote,
        "arrived_at": local_iso(row["arrived_at"]),
        "completed_at": local_iso(row["completed_at"]),
        "created_at": local_iso(row["created_at"]) or "",
    }
