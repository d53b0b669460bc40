"""The demo company's return visits: a recorded monthly sample per site (p15.r1, p10.3.10), the visits
done by the site's agent, the dissatisfied ones rectified round after round (p15.r4), and batch repairs
delivered and visited (p12.8, p12.9).
"""

from __future__ import annotations

import datetime as dt
import random
from math import ceil

from fuwu.core.models import Site
from fuwu.orders.demo import texts
from fuwu.orders.demo.lifecycle import Staff
from fuwu.orders.models import Rectification, ReturnVisit
from fuwu.orders.services import batches
from fuwu.orders.services import visits as services

SCORES = ((58, 5), (28, 4), (9, 3), (3.5, 2), (1.5, 1))
VISIT_CHANNELS = {
    "jinxiu": ((55, "phone"), (20, "visit"), (25, "intercom")),
    "binjiang": ((75, "phone"), (25, "visit")),
}
MAX_ROUNDS = 3
BATCH_DAYS_AGO = (150, 112, 80, 45, 18, 2)


def sample_and_visit(
    site: Site, staff: Staff, start: dt.date, today: dt.date, now: dt.datetime, zone: dt.tzinfo
) -> None:
    """Draw each month's sample (seed recorded: year, month, site), then do its visits up to now."""
    rng = random.Random(f"fuwu-demo-visits:{site.code}")
    month = start.replace(day=1)
    while month < today:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        first, last = max(month, start), min(following - dt.timedelta(days=1), today - dt.timedelta(days=1))
        seed = (month.year * 100 + month.month) * 100 + site.pk
        sample = services.sample_visits(site=site, start=first, end=last, seed=seed, by=staff.supervisor)
        for visit in ReturnVisit.objects.filter(sample=sample).select_related("order").order_by("pk"):
            _follow(rng, site, staff, visit, now, zone)
        month = following


def _follow(
    rng: random.Random,
    site: Site,
    staff: Staff,
    visit: ReturnVisit,
    now: dt.datetime,
    zone: dt.tzinfo,
) -> None:
    """Record the visit (mostly in time), and rectify and visit again until the owner is satisfied."""
    assert visit.order is not None and visit.order.completed_at is not None
    completed = visit.order.completed_at
    # Visits still due stay on the worklist; a few old ones are forgotten (overdue).
    if visit.due > now and rng.random() < 0.6:
        return
    if visit.due <= now and now - completed < dt.timedelta(days=40) and rng.random() < 0.04:
        return
    late = rng.random() < 0.05
    at = _call_time(rng, completed, visit.due + dt.timedelta(days=2) if late else visit.due, zone)
    for round_ in range(1, MAX_ROUNDS + 1):
        if at > now:
            return
        score = rng.choices([s for _, s in SCORES], weights=[w for w, _ in SCORES])[0]
        if round_ > 1:  # after a rectification the owner is mostly satisfied
            score = rng.choices((5, 4, 3, 2), weights=(60, 30, 5, 5 if round_ < MAX_ROUNDS else 0))[0]
        visit = _record(rng, site, staff, visit, score, at)
        rectification = Rectification.objects.filter(visit=visit).first()
        if rectification is None:
            return
        # Mostly within p15.r4's 24 hours, in working hours; one in ten late.
        late = rng.random() < 0.1
        earliest = at + dt.timedelta(hours=24 if late else 0)
        done = _call_time(rng, earliest, earliest + dt.timedelta(hours=16 if late else 18), zone)
        if done > now:
            return  # the technician is still on it: an open rectification with its 24-hour clock
        assignee = rectification.assignee or staff.supervisor
        rectification = services.complete_rectification(
            rectification, by=assignee, at=done, notes=rng.choice(texts.RECTIFIED)
        )
        assert rectification.next_visit is not None
        visit = rectification.next_visit
        at = _call_time(rng, done, done + dt.timedelta(days=3), zone)


def _record(
    rng: random.Random, site: Site, staff: Staff, visit: ReturnVisit, score: int, at: dt.datetime
) -> ReturnVisit:
    channels = VISIT_CHANNELS.get(site.code, VISIT_CHANNELS["binjiang"])
    answers: dict[str, object] = {
        "repair_ok": score >= 3,
        "staff_attitude": rng.choice(texts.ATTITUDE_GOOD if score >= 4 else texts.ATTITUDE_FAIR),
        "charges_ok": score >= 3 or rng.random() < 0.5,
    }
    suggestion = rng.choice(texts.SUGGESTIONS)
    if suggestion:
        answers["suggestions"] = suggestion
    return services.record_visit(
        visit,
        by=staff.visitor,
        channel=rng.choices([c for _, c in channels], weights=[w for w, _ in channels])[0],
        score=score,
        at=at,
        answers=answers,
        reason=rng.choice(texts.DISSATISFIED) if score <= services.DISSATISFIED_AT_MOST else "",
    )


def _call_time(rng: random.Random, after: dt.datetime, before: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """A moment between the two, moved into the hours owners may be called (p08.23: 08–12, 14–21)."""
    earliest = after + dt.timedelta(hours=2)
    moment = earliest + (max(before, earliest) - earliest) * rng.uniform(0.1, 0.9)
    local = moment.astimezone(zone)
    if local.hour < 8:
        local = local.replace(hour=9)
    elif 12 <= local.hour < 14:
        local = local.replace(hour=15)
    elif local.hour >= 21:
        local = (local + dt.timedelta(days=1)).replace(hour=10)
    return local


def batch_repairs(site: Site, staff: Staff, today: dt.date, now: dt.datetime, zone: dt.tzinfo) -> None:
    """Returned machines received, repaired within ceil(units ÷ 10) days (one late), delivered, visited."""
    rng = random.Random(f"fuwu-demo-batches:{site.code}")
    for index, (customer, description, units) in enumerate(texts.BATCHES):
        day = today - dt.timedelta(days=BATCH_DAYS_AGO[index])
        received = dt.datetime.combine(day, dt.time(10, rng.randrange(60)), tzinfo=zone)
        if received > now:
            continue
        batch = batches.receive_batch(
            site=site,
            by=staff.dispatcher,
            customer_name=customer,
            units=units,
            received_at=received,
            contact_phone=f"0571-8{rng.randrange(10_000_000):07d}",
            description=description,
        )
        # Delivered in the afternoon of the last allowed day (p12.8); the third batch a day late.
        allowed = dt.timedelta(days=ceil(units / 10) - 1 + (1 if index == 2 else 0))
        delivered = received + allowed + dt.timedelta(hours=rng.uniform(5, 7.5))
        if delivered > now:
            continue
        batch = batches.deliver_batch(batch, by=staff.dispatcher, at=delivered)
        visit = batch.visits.first()
        at = _call_time(rng, delivered, delivered + dt.timedelta(days=2), zone)
        if visit is not None and at <= now:
            _record(rng, site, staff, visit, rng.choice((5, 5, 4)), at)
