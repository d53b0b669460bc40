"""Properties of the engine over generated facts (Hypothesis): decisions cite loaded clauses, evaluation is
deterministic, unrelated employees do not influence each other, deadlines never precede their event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuwu.policy.decisions import decisions_json
from fuwu.policy.engine import evaluate
from fuwu.policy.facts import parse_facts
from fuwu.policy.schema import Deadline
from tests.policy.conftest import demo_policy

POLICY = demo_policy()
TZ = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 3, 1, tzinfo=TZ)
EMPLOYEES = [
    {"id": "E1", "daily_wage": "200.00", "manager": "M1"},
    {"id": "E2", "monthly_wage": "5000.00"},
]
FIXED_CLAUSES = ["p01.1", "p01.2", "p01.3.4", "p01.3.8", "p01.3.17", "p01.r1", "p01.r6"]
TAGS = ["general", "difficult", "special_craft", "small", "large", "emergency", "leak", "safety_facility"]

moments = st.integers(min_value=0, max_value=40 * 24 * 60).map(lambda m: START + dt.timedelta(minutes=m))
clocks = st.integers(min_value=7 * 60, max_value=21 * 60).map(lambda m: f"{m // 60:02d}:{m % 60:02d}")
days = st.integers(min_value=0, max_value=45).map(lambda n: (START.date() + dt.timedelta(days=n)).isoformat())


@st.composite
def staff_events(draw: st.DrawFn, employee: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 12))):
        choice = draw(st.sampled_from(["attendance", "attendance", "leave", "incident", "damage", "visitor"]))
        if choice == "attendance":
            events.append(
                {
                    "type": "attendance",
                    "employee": employee,
                    "date": draw(days),
                    "shift_start": "09:00",
                    "shift_end": "18:00",
                    "clock_in": draw(st.none() | clocks),
                    "clock_out": draw(st.none() | clocks),
                }
            )
        elif choice == "leave":
            events.append(
                {
                    "type": "leave",
                    "employee": employee,
                    "leave_type": draw(st.sampled_from(["personal", "sick"])),
                    "start": draw(days),
                    "days": draw(st.sampled_from([0.5, 1, 1.5, 3])),
                    "notified_at": draw(moments).isoformat(),
                }
            )
        elif choice == "incident":
            clause = draw(st.sampled_from(FIXED_CLAUSES))
            events.append(
                {"type": "incident", "employee": employee, "clause": clause, "at": draw(moments).isoformat()}
            )
        elif choice == "damage":
            events.append(
                {
                    "type": "incident",
                    "employee": employee,
                    "clause": "p01.3.11",
                    "at": draw(moments).isoformat(),
                    "cost": str(draw(st.integers(1, 200_000)) / 100),
                    "concealed": draw(st.booleans()),
                }
            )
        else:
            start = draw(moments)
            end = start + dt.timedelta(minutes=draw(st.integers(0, 40)))
            events.append(
                {
                    "type": "visitor",
                    "employee": employee,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "approved": draw(st.booleans()),
                }
            )
    return events


@st.composite
def order_events(draw: st.DrawFn) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for number in range(draw(st.integers(0, 5))):
        order = f"W{number}"
        created = draw(moments)
        event: dict[str, Any] = {
            "type": "work_order.created",
            "order": order,
            "at": created.isoformat(),
            "tags": draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True)),
        }
        if draw(st.booleans()):
            event["appointment"] = (created + dt.timedelta(minutes=draw(st.integers(0, 3000)))).isoformat()
        events.append(event)
        moment = created
        for kind in draw(st.lists(st.sampled_from(["arrived", "completed", "visit"]), max_size=5)):
            moment += dt.timedelta(minutes=draw(st.integers(0, 5000)))
            if kind == "visit":
                score = draw(st.integers(1, 5))
                events.append(
                    {
                        "type": "return_visit",
                        "order": order,
                        "at": moment.isoformat(),
                        "channel": "phone",
                        "score": score,
                    }
                )
            else:
                events.append({"type": f"work_order.{kind}", "order": order, "at": moment.isoformat()})
    for number in range(draw(st.integers(0, 2))):
        customer = f"K{number}"
        contacted = draw(moments)
        reason = draw(st.sampled_from(["vehicle_dropoff", "vehicle_pickup", "consultation"]))
        events.append(
            {"type": "customer.contact", "customer": customer, "at": contacted.isoformat(), "reason": reason}
        )
        for sequence in (1, 2):
            if draw(st.booleans()):
                called = contacted + dt.timedelta(minutes=draw(st.integers(0, 30 * 24 * 60)))
                events.append(
                    {
                        "type": "follow_up.call",
                        "customer": customer,
                        "at": called.isoformat(),
                        "sequence": sequence,
                        "emergency": draw(st.booleans()),
                    }
                )
    if draw(st.booleans()):
        events.append({"type": "move_in", "household": "H1", "date": draw(days)})
    if draw(st.booleans()):
        events.append({"type": "campaign", "campaign": "C1", "date": draw(days)})
    if draw(st.booleans()):
        events.append({"type": "storage.deposit", "item": "I1", "at": draw(moments).isoformat()})
    if draw(st.booleans()):
        events.append(
            {"type": "period", "start": START.isoformat(), "end": (START + dt.timedelta(days=31)).isoformat()}
        )
    return events


def run(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    facts = parse_facts({"employees": EMPLOYEES, "events": events}, POLICY)
    return decisions_json(evaluate(POLICY, facts))["decisions"]


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(staff=staff_events("E1"), orders=order_events())
def test_every_decision_cites_a_clause_of_a_loaded_pack_version(
    staff: list[dict[str, Any]], orders: list[dict[str, Any]]
) -> None:
    for decision in run(staff + orders):
        versions = POLICY.versions[decision["pack"]]
        (pack,) = [p for p in versions if p.version == decision["version"]]
        assert any(clause.id == decision["clause"] for clause in pack.clauses)
        assert decision["because"]


@SETTINGS
@given(staff=staff_events("E1"), orders=order_events())
def test_evaluation_is_deterministic(staff: list[dict[str, Any]], orders: list[dict[str, Any]]) -> None:
    events = staff + orders
    assert run(events) == run(events)


@SETTINGS
@given(mine=staff_events("E1"), theirs=staff_events("E2"), mix=st.randoms(use_true_random=False))
def test_an_unrelated_employee_never_changes_another_employee_decisions(
    mine: list[dict[str, Any]], theirs: list[dict[str, Any]], mix: Any
) -> None:
    # Interleave at random, keeping each employee's own input order (ties in time are judged in input order).
    together: list[dict[str, Any]] = []
    rest_mine, rest_theirs = list(mine), list(theirs)
    while rest_mine or rest_theirs:
        take_mine = rest_mine and (not rest_theirs or mix.random() < 0.5)
        together.append((rest_mine if take_mine else rest_theirs).pop(0))
    alone = [d for d in run(mine) if d["subject"] == "E1"]
    assert [d for d in run(together) if d["subject"] == "E1"] == alone


def _trigger_types(clause_id: str) -> set[str]:
    return {
        rule.trigger
        for versions in POLICY.versions.values()
        for pack in versions
        for clause in pack.clauses
        if clause.id == clause_id
        for rule in clause.rules
        if isinstance(rule, Deadline) and rule.within is not None
    }


def _moment(event: dict[str, Any]) -> dt.datetime:
    if "at" in event:
        return dt.datetime.fromisoformat(event["at"])
    return dt.datetime.combine(dt.date.fromisoformat(event["date"]), dt.time(), tzinfo=TZ)


@SETTINGS
@given(orders=order_events())
def test_a_deadline_never_precedes_its_event(orders: list[dict[str, Any]]) -> None:
    for decision in run(orders):
        if decision["kind"] != "deadline":
            continue
        triggers = _trigger_types(decision["clause"])
        if not triggers:  # due *before* a dated event (p16.b6): preceding it is the rule
            continue
        subject = decision["subject"]
        starts = [
            _moment(e)
            for e in orders
            if e["type"] in triggers
            and subject in (e.get("order"), e.get("customer"), e.get("item"), e.get("household"))
        ]
        assert starts, decision
        assert dt.datetime.fromisoformat(decision["due"]) >= min(starts)
