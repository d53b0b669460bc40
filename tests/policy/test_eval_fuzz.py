"""Fuzz: no input, however malformed, makes parsing or evaluation raise anything but InputError."""

from __future__ import annotations

from typing import Any, get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuwu.policy.engine import evaluate
from fuwu.policy.facts import InputError, parse_facts
from fuwu.policy.schema import EventType
from tests.policy.conftest import demo_policy, make_policy

DEMO = demo_policy()
EVERYTHING = make_policy(
    *DEMO.pack_ids(),
    "p04",
    precedence={
        "leave.unnotified": "p04.9",
        "attendance.absence": "p01.3.3",
        "attendance.consecutive_absence": "p04.9",
    },
)
POLICIES = [DEMO, EVERYTHING]
EVENT_TYPES = [*get_args(EventType), "period"]
FIELDS = [
    "employee", "date", "shift_start", "shift_end", "clock_in", "clock_out", "leave_type", "start", "days",
    "notified_at", "clause", "at", "amount", "cost", "concealed", "manager_on_duty", "order", "tags",
    "appointment", "rework_of", "channel", "score", "batch", "units", "customer", "reason", "sequence",
    "emergency", "campaign", "household", "item", "end", "approved", "seed",
]  # fmt: skip
PLAUSIBLE: st.SearchStrategy[Any] = st.sampled_from(
    [
        "E1", "E2", "09:00", "18:00", "24:00", "23:59:59", "2026-03-02", "2026-03-02T10:00:00+08:00",
        "2026-03-02T10:00:00", "9999-12-31T23:59:59+14:00", "0001-01-01", "p01.1", "p01.3.11", "p04.8",
        "p10.3.7", "20.00", "1e30", "NaN", "-1", "0.5", "personal", "sick", "visit", "vehicle_pickup",
        "emergency", 0, 1, 2, 3, -1, 10**30, 0.5, 1e308, True, False, None, "", [], {}, ["leak"], ["x"],
    ]
)  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12) | PLAUSIBLE,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
events = st.builds(
    lambda kind, fields: {"type": kind, **fields},
    st.sampled_from(EVENT_TYPES),
    st.dictionaries(st.sampled_from(FIELDS), PLAUSIBLE | json_values, max_size=9),
)
employees = st.lists(
    st.fixed_dictionaries(
        {"id": st.sampled_from(["E1", "E2"])},
        optional={
            "daily_wage": PLAUSIBLE,
            "monthly_wage": PLAUSIBLE,
            "manager": PLAUSIBLE,
            "full_attendance_bonus": PLAUSIBLE,
        },
    ),
    max_size=3,
)
inputs = st.fixed_dictionaries({"employees": employees, "events": st.lists(events, max_size=8)}) | json_values

AT = "2026-03-02T10:00:00+08:00"
VALID_EVENTS: list[dict[str, Any]] = [
    {
        "type": "attendance",
        "employee": "E1",
        "date": "2026-03-02",
        "shift_start": "09:00",
        "shift_end": "18:00",
        "clock_in": "09:25",
        "clock_out": "17:00",
    },
    {
        "type": "leave",
        "employee": "E1",
        "leave_type": "personal",
        "start": "2026-03-02",
        "days": 1.5,
        "notified_at": AT,
    },
    {
        "type": "incident",
        "employee": "E1",
        "clause": "p01.3.11",
        "at": AT,
        "cost": "99.99",
        "concealed": True,
    },
    {
        "type": "incident",
        "employee": "E1",
        "clause": "p04.8",
        "at": AT,
        "amount": "20.00",
        "manager_on_duty": "M",
    },
    {"type": "work_order.created", "order": "W1", "at": AT, "tags": ["emergency"], "appointment": AT},
    {"type": "work_order.arrived", "order": "W1", "at": AT},
    {"type": "work_order.completed", "order": "W1", "at": AT},
    {"type": "return_visit", "order": "W1", "at": AT, "channel": "visit", "score": 1},
    {"type": "batch_repair.received", "batch": "B1", "at": AT, "units": 21},
    {"type": "batch_repair.delivered", "batch": "B1", "at": AT},
    {"type": "customer.contact", "customer": "K1", "at": AT, "reason": "consultation"},
    {"type": "follow_up.call", "customer": "K1", "at": AT, "sequence": 1, "emergency": False},
    {"type": "campaign", "campaign": "C1", "date": "2026-06-20"},
    {"type": "move_in", "household": "H1", "date": "2026-03-01"},
    {"type": "storage.deposit", "item": "I1", "at": AT},
    {"type": "visitor", "employee": "E1", "start": AT, "end": AT, "approved": False},
    {"type": "period", "start": "2026-03-01T00:00:00+08:00", "end": "2026-04-01T00:00:00+08:00", "seed": 3},
]


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """Valid events with a field replaced, removed or added: malformed in one place, deep in the engine."""
    chosen = draw(st.lists(st.sampled_from(VALID_EVENTS), min_size=1, max_size=10))
    out = []
    for event in chosen:
        event = dict(event)
        action = draw(st.sampled_from(["keep", "keep", "replace", "remove", "add"]))
        key = draw(st.sampled_from(sorted(event)))
        if action == "replace":
            event[key] = draw(PLAUSIBLE | json_values)
        elif action == "remove":
            del event[key]
        elif action == "add":
            event[draw(st.sampled_from(FIELDS))] = draw(PLAUSIBLE)
        out.append(event)
    wages: dict[str, Any] = draw(
        st.sampled_from([{"daily_wage": "200.00"}, {"monthly_wage": "0"}, {"daily_wage": 0.01}])
    )
    return {"employees": [{"id": "E1", "manager": "M1", **wages}], "events": out}


def judge(data: Any) -> None:
    for policy in POLICIES:
        try:
            facts = parse_facts(data, policy)
        except InputError as error:
            assert error.message and "\n" not in error.message
            continue
        for decision in evaluate(policy, facts):
            decision.to_json()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs)
def test_only_input_errors_escape_from_random_input(data: Any) -> None:
    judge(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_only_input_errors_escape_from_valid_input_broken_in_one_place(data: Any) -> None:
    judge(data)


def test_the_valid_corpus_is_judged_without_error() -> None:
    employees = [{"id": "E1", "daily_wage": "200.00"}, {"id": "M", "daily_wage": "300.00"}]
    data = {"employees": employees, "events": VALID_EVENTS}
    assert evaluate(EVERYTHING, parse_facts(data, EVERYTHING))
