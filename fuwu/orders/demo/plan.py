"""What happens to each demo order, decided before anything is written: a pure function of the seed,
the site and "today" (no database, no clock).

Times are planned for every step as if the company kept working; the loader performs only the steps
whose time has come (``<= now``), so the last hours' orders are naturally still open. Steps that the
services cannot date (cancel, quote, approval) are marked to happen "now", and are planned only for the
last days' orders, where "now" is plausible.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from math import floor

from fuwu.orders.demo import texts

DAYS = 182  # six months before today
# Relative weight of an order arriving in each local hour (daytime busy, nights quiet).
HOURLY = (0.15, 0.1, 0.08, 0.06, 0.06, 0.1, 0.3, 0.8, 1.8, 2.6, 2.8, 2.5, 1.6, 1.6, 2.4, 2.6, 2.5,
          2.2, 1.9, 2.0, 1.7, 1.1, 0.6, 0.3)  # fmt: skip
WEEKDAY = (1.0, 1.0, 1.0, 1.0, 1.05, 0.85, 0.55)  # Monday … Sunday
# (weight, tags): mostly general and small repairs, some leaks, few emergencies.
TAG_MIX: tuple[tuple[float, tuple[str, ...]], ...] = (
    (34, ("general", "small")),
    (20, ("general",)),
    (10, ("small",)),
    (5, ("general", "large")),
    (5, ("difficult",)),
    (2.5, ("difficult", "special_craft")),
    (9, ("leak",)),
    (2, ("general", "leak")),
    (1.5, ("emergency", "burst_pipe")),
    (1.2, ("emergency", "power_outage")),
    (0.8, ("emergency",)),
    (4, ("safety_facility", "general")),
)
CHANNELS = {
    "jinxiu": ((40, "phone"), (30, "qr"), (8, "walk_in"), (17, "wecom"), (5, "api")),
    "binjiang": ((50, "phone"), (10, "qr"), (12, "walk_in"), (25, "wecom"), (3, "api")),
}
EMERGENCY_TAGS = frozenset({"emergency", "burst_pipe", "power_outage"})
TWO_HOUR_EXEMPT = frozenset({"difficult", "special_craft", "large"})
RECENT = dt.timedelta(hours=72)  # orders this young may be left open, cancelled or quoted "now"


@dataclass
class OrderPlan:
    """One order's facts and the planned time of each step (None: the step does not happen)."""

    key: int
    received_at: dt.datetime
    tags: tuple[str, ...]
    description: str
    channel: str
    technician: str
    household: int | None = None  # position among the site's households
    location: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    appointment: dt.datetime | None = None
    outside_service_list: bool = False
    rework_of: int | None = None  # key of the first order
    dispatch_at: dt.datetime | None = None
    accept_at: dt.datetime | None = None
    arrive_at: dt.datetime | None = None
    complete_at: dt.datetime | None = None
    close_at: dt.datetime | None = None
    notes: str = ""
    explanation: str = ""
    # Done "now" (the services take no time for these), only on the last days' orders.
    cancel_reason: str = ""
    quote: tuple[Decimal, str, bool] | None = None
    approve: bool | None = None
    checklist: dict[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class SitePlan:
    code: str
    technicians: tuple[str, ...]
    households: int
    community: bool


def plan_orders(
    site: SitePlan, size: int, today: dt.date, now: dt.datetime, zone: dt.tzinfo
) -> list[OrderPlan]:
    """The site's orders over the six months before ``today``, oldest first, none received after ``now``."""
    rng = random.Random(f"fuwu-demo-orders:{site.code}")
    start = today - dt.timedelta(days=DAYS)
    days = [start + dt.timedelta(days=n) for n in range(DAYS + 1)]
    # A slowly growing company: the last month is a third busier than the first.
    weights = [WEEKDAY[d.weekday()] * (0.85 + 0.3 * n / DAYS) for n, d in enumerate(days)]
    per_weight = size / sum(weights)
    plans: list[OrderPlan] = []
    carry = 0.0
    for day, weight in zip(days, weights, strict=True):
        expected = weight * per_weight * rng.uniform(0.8, 1.2) + carry
        count = floor(expected)
        carry = expected - count
        for received in sorted(_moment(rng, day, zone) for _ in range(count)):
            if received <= now:
                plans.append(_order(rng, site, len(plans), received, now, zone))
    plans.extend(_reworks(rng, site, plans, now, zone))
    plans.sort(key=lambda p: (p.received_at, p.key))
    return plans


def _moment(rng: random.Random, day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    hour = rng.choices(range(24), weights=HOURLY)[0]
    return dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=zone)


def _order(
    rng: random.Random, site: SitePlan, key: int, received: dt.datetime, now: dt.datetime, zone: dt.tzinfo
) -> OrderPlan:
    tags = rng.choices([t for _, t in TAG_MIX], weights=[w for w, _ in TAG_MIX])[0]
    channel = rng.choices([c for _, c in CHANNELS[site.code]], weights=[w for w, _ in CHANNELS[site.code]])[0]
    plan = OrderPlan(
        key=key,
        received_at=received,
        tags=tags,
        description=rng.choice(texts.FAULTS[_fault_kind(tags)]),
        channel=channel,
        technician=_technician(rng, site, tags),
    )
    _place(rng, site, plan)
    recent = now - received < RECENT
    if recent and rng.random() < 0.08:
        plan.outside_service_list = True
        plan.tags = ("general",)
        plan.description = rng.choice(texts.OUTSIDE_LIST_FAULTS)
    if not EMERGENCY_TAGS & set(plan.tags) and rng.random() < 0.07:
        day = (received + dt.timedelta(days=rng.choice((1, 1, 2)))).astimezone(zone).date()
        slot = rng.choice((dt.time(9), dt.time(10), dt.time(14), dt.time(15, 30), dt.time(19)))
        plan.appointment = dt.datetime.combine(day, slot, tzinfo=zone)
    _lifecycle(rng, plan, zone)
    if recent:
        _leave_open(rng, plan, now, zone)
    return plan


def _fault_kind(tags: tuple[str, ...]) -> str:
    """The most specific tag names the fault: ("emergency", "burst_pipe") is a burst pipe."""
    return next((t for t in reversed(tags) if t not in ("general", "emergency")), tags[0])


def _technician(rng: random.Random, site: SitePlan, tags: tuple[str, ...]) -> str:
    # The first technician of each site is the senior one: the hard jobs go to them more often.
    if TWO_HOUR_EXEMPT & set(tags) and rng.random() < 0.6:
        return site.technicians[0]
    return rng.choices(site.technicians, weights=(3, 3, 2.5, 2, 2, 2)[: len(site.technicians)])[0]


def _place(rng: random.Random, site: SitePlan, plan: OrderPlan) -> None:
    if "safety_facility" in plan.tags and site.community and rng.random() < 0.6:
        plan.location = f"{rng.randint(1, 12)}栋{rng.choice(('1', '2'))}单元楼道"
    elif site.community and rng.random() < 0.05:
        plan.location = rng.choice(texts.COMMUNITY_AREAS)
    elif site.households and rng.random() < 0.4:
        plan.household = rng.randrange(site.households)
        return  # the contact is the household's owner, looked up by the loader
    elif site.community:
        floor_ = rng.randint(2, 18)
        plan.location = f"{rng.randint(5, 12)}栋{rng.randint(1, 2)}单元{floor_}0{rng.randint(1, 4)}"
    else:
        plan.location = (
            f"{rng.choice(texts.STORE_COMMUNITIES)} {rng.randint(1, 20)}栋{rng.randint(1, 3)}单元"
            f"{rng.randint(2, 30)}0{rng.randint(1, 4)}"
        )
    plan.contact_name = rng.choice(texts.SURNAMES) + rng.choice(texts.GIVEN)
    plan.contact_phone = rng.choice(texts.PHONE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


def _minutes(rng: random.Random, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(minutes=rng.uniform(low, high))


def _lifecycle(rng: random.Random, plan: OrderPlan, zone: dt.tzinfo) -> None:
    received = plan.received_at
    local = received.astimezone(zone)
    night = local.hour < 7 or local.hour >= 22
    # p10.3.7 binds emergencies reported from 08:00 until 17:30 local time.
    emergency = bool(EMERGENCY_TAGS & set(plan.tags)) and dt.time(8) <= local.time() < dt.time(17, 30)
    plan.dispatch_at = received + _minutes(rng, 0.5, 2 if emergency else 12 if night else 6)
    if rng.random() < 0.7:
        plan.accept_at = plan.dispatch_at + _minutes(rng, 0.5, 4)
    if plan.appointment is not None:
        late = rng.random() < 0.12
        plan.arrive_at = plan.appointment + (_minutes(rng, 3, 25) if late else _minutes(rng, -4.5, 1.5))
    elif emergency:
        plan.arrive_at = received + (_minutes(rng, 11, 18) if rng.random() < 0.15 else _minutes(rng, 4, 9.5))
    else:
        late = rng.random() < (0.25 if night else 0.1)
        plan.arrive_at = received + (_minutes(rng, 26, 75) if late else _minutes(rng, 7, 24))
    # Nobody sets off before being dispatched.
    plan.arrive_at = max(plan.arrive_at, plan.dispatch_at + _minutes(rng, 2, 4))
    if plan.accept_at is not None and plan.accept_at > plan.arrive_at:
        plan.accept_at = None  # went straight there: arrival is the acceptance
    plan.checklist = {key: rng.random() > 0.03 for key in texts.CHECKLIST}
    plan.complete_at = plan.arrive_at + _work(rng, plan.tags)
    plan.notes = rng.choice(texts.COMPLETION_NOTES)
    _explain(rng, plan, zone)
    plan.close_at = plan.complete_at + _minutes(rng, 10, 18 * 60)


def _explain(rng: random.Random, plan: OrderPlan, zone: dt.tzinfo) -> None:
    """p09.2d: a repair finished on a later local day than the arrival explains why to the owner."""
    arrived, completed = plan.arrive_at, plan.complete_at
    later = (
        arrived is not None
        and completed is not None
        and local_day(completed, zone) > local_day(arrived, zone)
    )
    plan.explanation = rng.choice(texts.LATER_DAY) if later else ""


def local_day(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    return moment.astimezone(zone).date()


def _work(rng: random.Random, tags: tuple[str, ...]) -> dt.timedelta:
    """How long the repair takes after arrival: mostly within 2 hours (p09.2b)."""
    if "special_craft" in tags:
        return dt.timedelta(days=rng.randint(2, 6), hours=rng.uniform(-3, 3))
    if "difficult" in tags:
        if rng.random() < 0.05:
            return dt.timedelta(hours=rng.uniform(74, 100))  # late against p09.2c's 72 hours
        return dt.timedelta(hours=rng.choice((rng.uniform(1.5, 6), rng.uniform(20, 50))))
    if "large" in tags:
        return dt.timedelta(hours=rng.uniform(4, 70))
    draw = rng.random()
    if draw < 0.89:
        return _minutes(rng, 15, 110)
    if draw < 0.97:
        return _minutes(rng, 125, 240)  # late against p09.2b
    return dt.timedelta(hours=rng.uniform(16, 26))  # finished the next day, explained (p09.2d)


def _leave_open(rng: random.Random, plan: OrderPlan, now: dt.datetime, zone: dt.tzinfo) -> None:
    """The last days' orders: some stall on the board, some are cancelled, some quoted or approved now."""
    if plan.outside_service_list:
        # p10.3.5: the work waits on site for the department head; some are decided already.
        plan.complete_at = plan.close_at = None
        plan.approve = rng.choice((None, None, True, True, False))
        if plan.approve:
            plan.complete_at = now  # completed right after the approval
            _explain(rng, plan, zone)
        elif plan.approve is False:
            plan.cancel_reason = "服务项目以外的服务未获部门主管批准，已告知业主"
        return
    age = now - plan.received_at
    draw = rng.random()
    if draw < 0.1:
        plan.cancel_reason = rng.choice(texts.CANCEL_REASONS)
        plan.arrive_at = plan.complete_at = plan.close_at = None
    elif draw < 0.35:
        # Young orders may wait at any step; after a day only the work itself waits (parts, a quote).
        if age < dt.timedelta(hours=3):
            stall = rng.choice(("dispatch", "accept", "arrive", "complete"))
        elif age < dt.timedelta(days=1):
            stall = rng.choice(("accept", "arrive", "complete", "complete"))
        else:
            stall = "complete"
        if stall == "complete":
            plan.notes = rng.choice(texts.STALLED)
        if stall == "dispatch":
            plan.dispatch_at = None
        if stall in ("dispatch", "accept"):
            plan.accept_at = None
        if stall in ("dispatch", "accept", "arrive"):
            plan.arrive_at = None
        plan.complete_at = plan.close_at = None
    elif draw < 0.7:
        plan.close_at = None  # completed, not closed by the desk yet
    if (
        plan.arrive_at is not None
        and plan.arrive_at <= now
        and plan.complete_at is None
        and rng.random() < 0.6
    ):
        amount = Decimal(rng.randrange(30, 600, 10))
        plan.quote = (amount, rng.choice(texts.QUOTE_ITEMS), rng.random() < 0.85)


def _reworks(
    rng: random.Random, site: SitePlan, plans: list[OrderPlan], now: dt.datetime, zone: dt.tzinfo
) -> list[OrderPlan]:
    """About one completed order in seventy comes back for the same fault (p10.3.2c)."""
    reworks: list[OrderPlan] = []
    for first in plans:
        done = first.close_at or first.complete_at
        if done is None or first.complete_at is None or rng.random() >= 0.014:
            continue
        received = done + dt.timedelta(days=rng.uniform(1, 25))
        if received > now - dt.timedelta(hours=3):
            continue
        again = OrderPlan(
            key=len(plans) + len(reworks),
            received_at=received,
            tags=first.tags,
            description=f"{texts.REWORK}（{first.description}）",
            channel=first.channel,
            technician=first.technician if rng.random() < 0.5 else _technician(rng, site, first.tags),
            household=first.household,
            location=first.location,
            contact_name=first.contact_name,
            contact_phone=first.contact_phone,
            rework_of=first.key,
        )
        _lifecycle(rng, again, zone)
        reworks.append(again)
    return reworks
