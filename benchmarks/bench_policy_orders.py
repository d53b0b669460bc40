"""Benchmark: 100,000 work-order events under the demo profile, judged in at most 2 s.

The orders carry the demo's deadlines and windows (p09.2a/b/c, p10.3.2a/e/f, p10.3.7, p15.r2, p15.r4),
and a closing ``period`` asks for the month's tasks, samples and KPIs. ``evaluate`` is timed on parsed
facts; JSON parsing is reported separately. Exits 1 when the goal is missed.

For scale, the same run times a naive hand-written loop (``naive_deadlines``) that computes only the orders'
arrival and completion deadlines and whether each was met — a fraction of the engine's work (no windows,
return visits, rectification, tasks, samples or KPIs, no citations). The ratio is reported, not a goal.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fuwu.policy.engine import evaluate
from fuwu.policy.facts import Facts, OrderArrived, OrderCompleted, OrderCreated, parse_facts
from fuwu.policy.loader import compose, load_profile, shipped_profile

EVENTS = 100_000
GOAL_S = 2.0
TZ = dt.timezone(dt.timedelta(hours=8))
TAGS = [
    ["general"],
    ["small"],
    ["large"],
    ["difficult"],
    ["special_craft"],
    ["emergency"],
    ["leak"],
    ["safety_facility"],
]


def make_input(seed: int = 11) -> dict[str, Any]:
    """Orders through a month: created, arrived, completed, often visited; some late, some reworked."""
    rng = random.Random(seed)
    events: list[dict[str, Any]] = []
    start = dt.datetime(2026, 3, 1, tzinfo=TZ)
    order = 0
    while len(events) < EVENTS - 1:
        order += 1
        name = f"WO{order:06d}"
        created = start + dt.timedelta(minutes=rng.randrange(0, 30 * 24 * 60))
        event: dict[str, Any] = {"type": "work_order.created", "order": name, "at": created.isoformat()}
        event["tags"] = rng.choice(TAGS)
        arrived = created + dt.timedelta(minutes=rng.randrange(5, 40))
        if rng.random() < 0.3:
            appointment = created + dt.timedelta(hours=rng.randrange(1, 48))
            event["appointment"] = appointment.isoformat()
            arrived = appointment + dt.timedelta(minutes=rng.randrange(-8, 5))
        if order > 10 and rng.random() < 0.01:
            event["rework_of"] = f"WO{order - rng.randrange(1, 10):06d}"
        events.append(event)
        events.append({"type": "work_order.arrived", "order": name, "at": arrived.isoformat()})
        completed = arrived + dt.timedelta(minutes=rng.randrange(20, 200))
        events.append({"type": "work_order.completed", "order": name, "at": completed.isoformat()})
        if rng.random() < 0.4:
            visited = completed + dt.timedelta(hours=rng.randrange(1, 200))
            score = rng.choice([5, 5, 5, 4, 4, 3, 2, 1])
            visit = {"type": "return_visit", "order": name, "at": visited.isoformat(), "channel": "phone"}
            events.append({**visit, "score": score})
    events = events[: EVENTS - 1]
    end = start + dt.timedelta(days=31)
    events.append({"type": "period", "start": start.isoformat(), "end": end.isoformat(), "seed": 42})
    return {"employees": [], "events": events}


EMERGENCY = {"emergency", "burst_pipe", "power_outage"}


def naive_deadlines(facts: Facts) -> dict[str, int]:
    """Arrival and completion deadlines of every order, met or breached, in one plain pass."""
    created: dict[str, OrderCreated] = {}
    arrival_due: dict[str, dt.datetime] = {}
    completion_due: dict[str, dt.datetime] = {}
    counts = {"met": 0, "breached": 0}
    for event in sorted(facts.events, key=lambda e: getattr(e, "at", dt.datetime.max.replace(tzinfo=TZ))):
        if isinstance(event, OrderCreated):
            created[event.order] = event
            due = event.appointment or event.at + dt.timedelta(minutes=25)
            local = event.at.astimezone(TZ).time()
            if event.tags & EMERGENCY and dt.time(8) <= local <= dt.time(17, 30):
                due = min(due, event.at + dt.timedelta(minutes=10))
            arrival_due[event.order] = due
            if "small" in event.tags:
                completion_due[event.order] = event.at + dt.timedelta(hours=24)
        elif isinstance(event, OrderArrived):
            counts["met" if event.at <= arrival_due.pop(event.order) else "breached"] += 1
            tags = created[event.order].tags
            if not tags & {"difficult", "special_craft", "large"}:
                due = event.at + dt.timedelta(hours=2)
            elif "difficult" in tags and "special_craft" not in tags:
                due = event.at + dt.timedelta(hours=72)
            else:
                continue
            completion_due[event.order] = min(due, completion_due.get(event.order, due))
        elif isinstance(event, OrderCompleted) and event.order in completion_due:
            counts["met" if event.at <= completion_due.pop(event.order) else "breached"] += 1
    return counts


def main() -> int:
    path = shipped_profile("demo")
    policy = compose([], load_profile(path), profile_path=path)
    data = make_input()
    text = json.dumps(data)
    began = time.perf_counter()
    facts = parse_facts(json.loads(text), policy)
    parse_s = time.perf_counter() - began
    gc.collect()
    began = time.perf_counter()
    decisions = evaluate(policy, facts)
    engine_s = time.perf_counter() - began
    gc.collect()
    began = time.perf_counter()
    naive = naive_deadlines(facts)
    naive_s = time.perf_counter() - began
    kinds: dict[str, int] = {}
    for decision in decisions:
        kinds[decision.kind] = kinds.get(decision.kind, 0) + 1
    print(f"events: {len(facts.events):,}; decisions: {len(decisions):,} {kinds}")
    print(f"engine evaluate():  {engine_s:.2f} s (goal ≤ {GOAL_S:.0f} s)")
    print(f"naive loop (arrival and completion deadlines only, {naive}): {naive_s:.2f} s")
    print(f"ratio engine / naive loop: {engine_s / naive_s:.1f} ×  (the engine does several times the work)")
    print(f"JSON parsing (json.loads + parse_facts): {parse_s:.2f} s")
    if engine_s > GOAL_S:
        print(f"GOAL MISSED: evaluate took {engine_s:.2f} s > {GOAL_S} s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
