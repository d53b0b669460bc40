"""Benchmark: 1,000,000 attendance events (10,000 employees × 100 days) under p01.

Goals (issue 3): ``evaluate`` ≤ 10 s on one core, peak memory ≤ 500 MB, and ≤ 3 × the time of a plain
hand-written function computing the same fines and deductions in the same run; both must agree on the
totals. JSON parsing (``parse_facts``) is timed separately and has no goal. Exits 1 when a goal is missed.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import random
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import ParamSpec, TypeVar, cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fuwu.policy.engine import evaluate
from fuwu.policy.facts import Attendance, Employee, Event, Facts, parse_facts
from fuwu.policy.loader import compose
from fuwu.policy.policy import Policy

P = ParamSpec("P")
R = TypeVar("R")
EMPLOYEES = 10_000
DAYS = 100
FIRST_DAY = dt.date(2026, 3, 2)
TIME_GOAL_S = 10.0
MEMORY_GOAL_MB = 500.0
RATIO_GOAL = 3.0
CENT = Decimal("0.01")


def make_facts(seed: int = 7) -> Facts:
    """A realistic month mix: mostly on time, some late or early by every tier, a few absences."""
    rng = random.Random(seed)
    employees = {
        f"E{n:05d}": Employee(id=f"E{n:05d}", daily_wage=Decimal(rng.randrange(15000, 40000)) / 100)
        for n in range(EMPLOYEES)
    }
    days = [FIRST_DAY + dt.timedelta(days=n) for n in range(DAYS)]
    minutes = {m: m for m in range(0, 1441)}  # one int object per minute, as a parser's cache would share
    start, end = 9 * 60, 18 * 60
    events: list[Event] = []
    append = events.append
    for employee in employees:
        for day in days:
            roll = rng.random()
            clock_in: int | None = start - rng.randrange(0, 15)
            clock_out: int | None = end + rng.randrange(0, 20)
            if roll < 0.05:
                clock_in = start + rng.randrange(1, 21)
            elif roll < 0.07:
                clock_in = start + rng.randrange(21, 31)
            elif roll < 0.085:
                clock_in = start + rng.randrange(31, 61)
            elif roll < 0.09:
                clock_in = start + rng.randrange(61, 180)
            elif roll < 0.12:
                clock_out = end - rng.randrange(1, 75)
            elif roll < 0.13:
                clock_in, clock_out = start + rng.randrange(1, 40), end - rng.randrange(1, 40)
            elif roll < 0.145:
                clock_in = clock_out = None
            elif roll < 0.15:
                clock_out = None
            append(
                Attendance(
                    type="attendance",
                    employee=employee,
                    date=day,
                    shift_start=minutes[start],
                    shift_end=minutes[end],
                    clock_in=None if clock_in is None else minutes[clock_in],
                    clock_out=None if clock_out is None else minutes[clock_out],
                )
            )
    return Facts(employees=employees, events=events)


def plain_totals(facts: Facts, bonus: Decimal) -> dict[str, Decimal]:
    """The same p01 fines and deductions, written by hand for exactly this input (the baseline)."""
    fines = Decimal(0)
    deductions = Decimal(0)
    statuses = 0
    runs: dict[str, int] = defaultdict(int)
    forfeited: set[tuple[str, int, int]] = set()
    wages = {e.id: e.daily_wage or Decimal(0) for e in facts.employees.values()}
    shifts = cast(list[Attendance], facts.events)
    for event in sorted(shifts, key=lambda e: (e.date, e.shift_start)):
        who = event.employee
        late = early = 0
        absent = event.clock_in is None
        if not absent:
            late = event.clock_in - event.shift_start  # type: ignore[operator]
            if event.clock_out is not None:
                early = event.shift_end - event.clock_out
            if late > 60 or early > 60:
                absent = True
        if absent:
            deductions += (3 * wages[who]).quantize(CENT, ROUND_HALF_UP)
            runs[who] += 1
            if runs[who] == 3:
                statuses += 1
        else:
            runs[who] = 0
            for minutes in (late, early):
                if minutes > 0:
                    fines += Decimal(10 if minutes <= 20 else 20 if minutes <= 30 else 50)
        if absent or late > 0 or early > 0:
            month = (who, event.date.year, event.date.month)
            if month not in forfeited:
                forfeited.add(month)
                deductions += bonus
    return {"fine": fines, "deduction": deductions, "status": Decimal(statuses)}


def engine_totals(policy: Policy, facts: Facts) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {"fine": Decimal(0), "deduction": Decimal(0), "status": Decimal(0)}
    for decision in evaluate(policy, facts):
        if decision.kind == "status":
            totals["status"] += 1
        elif decision.amount is not None:
            totals[decision.kind] += decision.amount
    return totals


def clock(minute: int | None) -> str | None:
    return None if minute is None else f"{minute // 60:02d}:{minute % 60:02d}"


def timed(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> tuple[R, float]:
    """Run once and time it, the cycle collector paused as evaluate() pauses it (like with like)."""
    gc.collect()
    gc.disable()
    try:
        began = time.perf_counter()
        result = function(*args, **kwargs)
        return result, time.perf_counter() - began
    finally:
        gc.enable()


def main() -> int:
    policy = compose(["p01"])
    bonus = Decimal(str(policy.param("p01", "full_attendance_bonus")))
    facts, made = timed(make_facts)
    print(f"facts: {len(facts.events):,} attendance events, {len(facts.employees):,} employees")
    print(f"   ({made:.1f} s to make)")

    baseline, baseline_s = timed(plain_totals, facts, bonus)
    decisions, engine_s = timed(evaluate, policy, facts)
    print(f"decisions: {len(decisions):,}")
    del decisions
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    engine, _ = timed(engine_totals, policy, facts)
    tracemalloc.start()
    evaluate(policy, facts)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_mb = peak / 2**20

    ratio = engine_s / baseline_s
    print(f"engine evaluate():      {engine_s:6.2f} s   (goal ≤ {TIME_GOAL_S:.0f} s)")
    print(f"hand-written baseline:  {baseline_s:6.2f} s   ratio {ratio:.2f} × (goal ≤ {RATIO_GOAL:.0f} ×)")
    print(f"peak memory of evaluate (tracemalloc): {peak_mb:.0f} MB; process max RSS: {rss_mb:.0f} MB")
    print(f"   (goal ≤ {MEMORY_GOAL_MB:.0f} MB)")
    print(f"totals engine:   {engine}")
    print(f"totals baseline: {baseline}")

    sample = facts.events[:100_000]
    del facts
    gc.collect()
    text = json.dumps(
        {
            "employees": [{"id": f"E{n:05d}", "daily_wage": "200.00"} for n in range(EMPLOYEES)],
            "events": [
                {
                    "type": "attendance",
                    "employee": e.employee,
                    "date": e.date.isoformat(),
                    "shift_start": "09:00",
                    "shift_end": "18:00",
                    "clock_in": clock(e.clock_in),
                    "clock_out": clock(e.clock_out),
                }
                for e in sample
                if isinstance(e, Attendance)
            ],
        }
    )
    began = time.perf_counter()
    parse_facts(json.loads(text), policy)
    parse_s = time.perf_counter() - began
    print(f"JSON parsing (json.loads + parse_facts) of 100,000 events: {parse_s:.2f} s")
    print(f"   (≈ {parse_s * 10:.1f} s per million)")

    failures = []
    if engine_s > TIME_GOAL_S:
        failures.append(f"evaluate took {engine_s:.2f} s > {TIME_GOAL_S} s")
    if max(peak_mb, rss_mb) > MEMORY_GOAL_MB:
        failures.append(f"peak memory {max(peak_mb, rss_mb):.0f} MB > {MEMORY_GOAL_MB:.0f} MB")
    if ratio > RATIO_GOAL:
        failures.append(f"engine is {ratio:.2f} × the hand-written baseline > {RATIO_GOAL} ×")
    if engine != baseline:
        failures.append("engine and baseline totals differ")
    for failure in failures:
        print(f"GOAL MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
