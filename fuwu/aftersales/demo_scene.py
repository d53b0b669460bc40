"""What every part of the after-sales demo shares: the store whose after-sales department it shows, its
people, and the clock every row is dated by (days before today at a local time, never in the future)."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from fuwu.core.demo import DemoContext
from fuwu.core.models import Site, User
from fuwu.core.services import silence
from fuwu.customers.models import Customer, Purchase
from fuwu.regulations.policies import in_force

STORE = "binjiang"  # the store sells the products whose after-sales the department handles (p12, p14)
# Rows dated "today" at an hour not yet reached are moved back to a few minutes before now.
MARGIN = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Scene:
    site: Site
    people: dict[str, User]
    now: dt.datetime
    zone: dt.tzinfo
    # The store's renovation customers (those with a home, who bought products), by position.
    customers: list[Customer]
    purchases: list[Purchase]  # theirs, in the order they were filed

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(self.zone).date()

    def at(self, days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
        """``hour:minute`` at the site ``days_ago`` days before today, no later than a little before now."""
        day = self.today - dt.timedelta(days=days_ago)
        moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.zone)
        return min(moment, self.now - MARGIN)

    def customer(self, position: int) -> Customer:
        return self.customers[position % len(self.customers)]

    def purchase_of(self, position: int, product: str) -> Purchase | None:
        """The customer's purchase of ``product``, else their first one (None: they bought nothing)."""
        theirs = [p for p in self.purchases if p.customer_id == self.customer(position).pk]
        return next((p for p in theirs if p.product == product), theirs[0] if theirs else None)

    def bought(self, product: str, nth: int) -> Purchase:
        """The ``nth`` purchase of ``product`` by the store's customers (any product when none is)."""
        found = [p for p in self.purchases if p.product == product] or self.purchases
        return found[nth % len(found)]


def scene_of(context: DemoContext, now: dt.datetime) -> Scene:
    site = context.site_by_code[STORE]
    customers = list(
        Customer.objects.filter(site=site, household__isnull=False, purchases__isnull=False)
        .distinct()
        .order_by("pk")
    )
    purchases = list(
        Purchase.objects.filter(customer__in=customers).select_related("customer").order_by("pk")
    )
    return Scene(site, context.people, now, in_force(site).zone, customers, purchases)


def quiet(past: bool) -> AbstractContextManager[None]:
    """Silenced for what is past (it announces nothing today); what still waits for someone tells them."""
    return silence.silenced() if past else nullcontext()
