"""Six months of a living repair company for `fuwu demo`: orders, return visits, rectifications, batches.

Idempotent: a site that already has orders is left alone. Deterministic: every order, step and visit
comes from seeded ``random.Random`` draws and times counted from "today" (the local date of the first
load); only which planned steps have already happened depends on the moment of the load, exactly as in a
company that keeps working. Everything is written through the orders app's services, which date each
step at its planned time (steps the services cannot date — quote, approval, cancellation — are done
"now", and planned only for the last two days' orders).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, F
from django.utils import timezone

from fuwu.core.demo import DemoContext
from fuwu.core.models import Site
from fuwu.core.services import silence
from fuwu.customers.models import Household, Residence
from fuwu.orders.demo.lifecycle import Homes, Staff, perform
from fuwu.orders.demo.plan import DAYS, SitePlan, plan_orders
from fuwu.orders.demo.visits import batch_repairs, sample_and_visit
from fuwu.orders.models import Batch, Order, Rectification, ReturnVisit, Sample
from fuwu.orders.services.trades import set_trades
from fuwu.regulations.models import Obligation

# Orders over six months, both sites together.
ORDERS = 1500
# Under the test suite the demo has no orders unless a test asks for some (patching this), so that the
# tests of other apps that load the demo company do not pay for six months of a company's work.
ORDERS_UNDER_TEST = 0
# Site code → (share of the orders, technicians, desk, department head, return-visit agent).
SITES = {
    "jinxiu": (0.6, ("tech1", "tech2", "tech3", "tech4"), "dispatcher", "supervisor1", "visitor1"),
    "binjiang": (0.4, ("tech5", "tech6", "tech7", "tech8"), "dispatcher2", "supervisor2", "visitor2"),
}
BATCH_SITES = frozenset({"binjiang"})  # returned machines come to the store
# Each technician's trades, as the dispatch form shows them.
TRADES = {
    "tech1": ("plumbing", "waterproofing"),
    "tech2": ("electrical", "appliances"),
    "tech3": ("carpentry", "locks"),
    "tech4": ("tiling", "painting"),
    "tech5": ("plumbing", "electrical"),
    "tech6": ("carpentry", "painting"),
    "tech7": ("tiling", "waterproofing"),
    "tech8": ("locks", "appliances", "electrical"),
}


def load(context: DemoContext) -> str:
    """Create each site's orders, visits and batches unless the site has orders already; summarise."""
    for name, trades in TRADES.items():
        if name in context.people:
            set_trades(context.people[name], trades, by=None)  # unchanged trades write nothing
    size = ORDERS_UNDER_TEST if settings.TESTING else ORDERS
    if size <= 0:
        return "no orders (none asked for)"
    today = timezone.localdate()
    now = timezone.now()
    zone = timezone.get_current_timezone()
    for code, (share, technicians, desk, head, agent) in SITES.items():
        site = context.site_by_code.get(code)
        if site is None or Order.objects.filter(site=site).exists():
            continue
        people = context.people
        staff = Staff(people[desk], people[head], people[agent], {name: people[name] for name in technicians})
        homes = _homes(site)
        site_plan = SitePlan(code, technicians, len(homes.households), site.kind == Site.Kind.COMMUNITY)
        plans = plan_orders(site_plan, round(size * share), today, now, zone)
        context.stdout.write(f"  orders: {site.name}, {len(plans)} orders over {DAYS} days …")
        firsts: dict[int, Order] = {}
        # Months of past steps announce nothing today; breaches older than a day count as announced, so
        # the first sweep of `make run` tells only of the last day's.
        with silence.silenced():
            for plan in plans:
                firsts[plan.key] = perform(plan, site, staff, homes, firsts, now)
            start = today - dt.timedelta(days=DAYS)
            sample_and_visit(site, staff, start, today, now, zone)
            if code in BATCH_SITES:
                batch_repairs(site, staff, today, now, zone)
        Obligation.objects.filter(
            site=site,
            state=Obligation.State.BREACHED,
            breach_notified_at__isnull=True,
            due__lt=now - dt.timedelta(days=1),
        ).update(breach_notified_at=F("due"))
    return _summary(context)


def _homes(site: Site) -> Homes:
    households = list(Household.objects.filter(site=site).order_by("pk"))
    contacts: dict[int, tuple[str, str]] = {}
    residences = Residence.objects.filter(household__site=site).select_related("owner")
    for residence in residences.order_by("household_id", "pk"):
        # The owner calls if there is one; otherwise whoever lives there.
        if residence.household_id not in contacts or residence.relation == Residence.Relation.OWNER:
            contacts[residence.household_id] = (residence.owner.name, residence.owner.phone)
    return Homes(households, contacts)


def _summary(context: DemoContext) -> str:
    sites = list(context.site_by_code.values())
    by_status = dict(
        Order.objects.filter(site__in=sites).values_list("status").annotate(n=Count("id")).order_by()
    )
    total = sum(by_status.values())
    still_open = total - sum(by_status.get(s, 0) for s in (Order.Status.COMPLETED, Order.Status.CLOSED,
                                                             Order.Status.CANCELLED))  # fmt: skip
    visits = ReturnVisit.objects.filter(site__in=sites)
    done = visits.filter(state=ReturnVisit.State.DONE).count()
    rectifications = Rectification.objects.filter(order__site__in=sites).count()
    reworks = Order.objects.filter(site__in=sites, rework_of__isnull=False).count()
    samples = Sample.objects.filter(site__in=sites).count()
    batches = Batch.objects.filter(site__in=sites).count()
    return (
        f"{total} orders ({still_open} open, {reworks} reworks), {samples} monthly samples, "
        f"{visits.count()} return visits ({done} done), {rectifications} rectifications, "
        f"{batches} batch repairs"
    )
