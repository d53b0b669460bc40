"""Benchmark: one order's evaluation, as the door does it on every transition — cold and warm.

Three events (created, arrived, completed) of one order under the demo profile. *Cold* evaluates with a
fresh copy of the Policy each time, so the rules are compiled in the call (what every call cost before the
compiled rules were cached per Policy); *warm* evaluates with one Policy whose compiled rules are kept.
Parsing the input (``parse_facts``) is timed on its own. Goal: warm ``evaluate()`` median ≤ 200 µs and at
least 5 × faster than cold. Exits 1 when a goal is missed.
"""

from __future__ import annotations

import dataclasses
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fuwu.policy.engine import evaluate
from fuwu.policy.facts import parse_facts
from fuwu.policy.loader import compose, load_profile, shipped_profile

ROUNDS = 2_000
GOAL_WARM_US = 200.0
GOAL_SPEEDUP = 5.0

ORDER: dict[str, Any] = {
    "employees": [],
    "events": [
        {
            "type": "work_order.created",
            "order": "WO-1",
            "at": "2026-03-02T10:00:00+08:00",
            "tags": ["general"],
            "ref": "e1",
        },
        {"type": "work_order.arrived", "order": "WO-1", "at": "2026-03-02T10:20:00+08:00", "ref": "e2"},
        {"type": "work_order.completed", "order": "WO-1", "at": "2026-03-02T11:30:00+08:00", "ref": "e3"},
    ],
}


def timings(call: Callable[[], object], rounds: int = ROUNDS) -> list[float]:
    """Microseconds per call, one sample per call."""
    samples = []
    gc.collect()
    for _ in range(rounds):
        start = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - start) / 1000)
    return samples


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95)]
    median = statistics.median(samples)
    return f"{name:<28} median {median:8.1f} µs   p95 {p95:8.1f} µs   ({len(samples)} calls)"


def main() -> int:
    path = shipped_profile("demo")
    policy = compose([], load_profile(path), profile_path=path)
    facts = parse_facts(ORDER, policy)
    decisions = evaluate(policy, facts)
    assert [d.status for d in decisions if d.kind == "deadline"][:2] == ["met", "met"], decisions

    parse = timings(lambda: parse_facts(ORDER, policy))
    cold = timings(lambda: evaluate(dataclasses.replace(policy), facts), ROUNDS // 4)
    warm = timings(lambda: evaluate(policy, facts))
    print(f"one order, 3 events, demo profile: {len(decisions)} decisions")
    print(summary("parse_facts", parse))
    print(summary("evaluate, cold (compiles)", cold))
    print(summary("evaluate, warm (cached)", warm))
    speedup = statistics.median(cold) / statistics.median(warm)
    print(f"warm is {speedup:.1f} × faster than cold (goal ≥ {GOAL_SPEEDUP:.0f} ×)")
    ok = statistics.median(warm) <= GOAL_WARM_US and speedup >= GOAL_SPEEDUP
    missed = f"GOAL MISSED: warm median ≤ {GOAL_WARM_US:.0f} µs and ≥ {GOAL_SPEEDUP:.0f} ×"
    print("goal met" if ok else missed)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
