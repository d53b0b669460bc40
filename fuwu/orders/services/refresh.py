"""After every change to an order: ask the door again and store what the regulations now say."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from fuwu.orders.facts import batch_events, order_events
from fuwu.orders.models import Batch, Order
from fuwu.regulations import services as regulations
from fuwu.regulations.services import Decision, Evaluation


def refresh_order(order: Order, *, as_of: dt.datetime | None = None, new: bool = False) -> Evaluation:
    """Reconcile the order's stored deadlines and windows with the engine's answer on its facts now.

    ``new``: the order was created in this transaction, so it has no stored rows to read (only inserts).
    """
    # Before completion there can be no visit nor rectification: two queries saved on most transitions.
    done = order.completed_at is not None
    visits = list(order.visits.all()) if done else []
    rectifications = list(order.rectifications.all()) if done else []
    owes_visit = bool(visits)

    def binds(decision: Decision) -> bool:
        # p15.r1 decides which orders owe a return visit; p15.r2's clock runs only for those.
        return decision.what != "return_visit" or owes_visit

    return regulations.reconcile(
        order.site,
        "order",
        order.pk,
        order_events(order, visits=visits, rectifications=rectifications),
        as_of=as_of,
        assignee=order.technician,
        link=reverse("orders:detail", args=[order.pk]),
        keep=binds,
        new=new,
    )


def refresh_batch(batch: Batch, *, as_of: dt.datetime | None = None) -> Evaluation:
    """Reconcile a batch repair's deadlines (p12.8 repair, p12.9 return visit)."""
    return regulations.reconcile(
        batch.site,
        "batch",
        batch.pk,
        batch_events(batch),
        as_of=as_of,
        link=reverse("orders:batch", args=[batch.pk]),
    )
