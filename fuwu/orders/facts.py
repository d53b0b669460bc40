"""An order's rows as the engine's facts: the whole history of one order, and nothing else.

The engine needs one order's own events (decision 0011): its creation with tags, appointment and rework
link, the arrival, every completion (the first, and each rectification's), and every recorded return
visit. Each event carries a ``ref`` naming the row it came from, so the engine's decision keys stay the
same however often the order is evaluated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fuwu.orders.models import Batch, Order, Rectification, ReturnVisit

Event = dict[str, Any]


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def order_events(
    order: Order, visits: list[ReturnVisit] | None = None, rectifications: list[Rectification] | None = None
) -> list[Event]:
    """Return the engine events of one order, each with a stable ``ref``."""
    subject = str(order.pk)
    created: Event = {
        "type": "work_order.created",
        "ref": f"order:{order.pk}:created",
        "order": subject,
        "at": _iso(order.received_at),
        "tags": list(order.tags),
    }
    if order.appointment is not None:
        created["appointment"] = _iso(order.appointment)
    if order.rework_of_id is not None:
        created["rework_of"] = str(order.rework_of_id)
    events = [created]
    if order.arrived_at is not None:
        events.append(
            {
                "type": "work_order.arrived",
                "ref": f"order:{order.pk}:arrived",
                "order": subject,
                "at": _iso(order.arrived_at),
            }
        )
    if order.completed_at is not None:
        events.append(
            {
                "type": "work_order.completed",
                "ref": f"order:{order.pk}:completed",
                "order": subject,
                "at": _iso(order.completed_at),
            }
        )
    if rectifications is None:
        rectifications = list(order.rectifications.all())
    for rectification in rectifications:
        if rectification.completed_at is not None:
            events.append(
                {
                    "type": "work_order.completed",
                    "ref": f"rectification:{rectification.pk}",
                    "order": subject,
                    "at": _iso(rectification.completed_at),
                }
            )
    if visits is None:
        visits = list(order.visits.all())
    events.extend(visit_event(visit, subject) for visit in visits if visit.visited_at is not None)
    return events


def visit_event(visit: ReturnVisit, subject: str) -> Event:
    assert visit.visited_at is not None and visit.score is not None
    return {
        "type": "return_visit",
        "ref": f"visit:{visit.pk}",
        "order": subject,
        "at": _iso(visit.visited_at),
        "channel": visit.channel,
        "score": visit.score,
    }


def batch_events(batch: Batch, visits: list[ReturnVisit] | None = None) -> list[Event]:
    """Return the engine events of one batch repair (p12.8, p12.9)."""
    subject = str(batch.pk)
    events: list[Event] = [
        {
            "type": "batch_repair.received",
            "ref": f"batch:{batch.pk}:received",
            "batch": subject,
            "at": _iso(batch.received_at),
            "units": batch.units,
        }
    ]
    if batch.delivered_at is not None:
        events.append(
            {
                "type": "batch_repair.delivered",
                "ref": f"batch:{batch.pk}:delivered",
                "batch": subject,
                "at": _iso(batch.delivered_at),
            }
        )
    if visits is None:
        visits = list(batch.visits.all())
    # A return visit names its subject as `order`; for a batch that is the batch's id (p12.9).
    events.extend(visit_event(visit, subject) for visit in visits if visit.visited_at is not None)
    return events
