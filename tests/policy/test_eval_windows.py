"""Windows: the appointment window (p10.3.2a), follow-up call windows (p16.b4/b5), call hours (p08.23)
and visitors (p11.8); both edges of a window are inside it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.conftest import at, decide, make_policy, of_kind

P08 = make_policy("p08")
P10 = make_policy("p10")
P11 = make_policy("p11")
P16 = make_policy("p16")
E1 = [{"id": "E1", "daily_wage": "200.00"}]


def appointment_order(arrival: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "work_order.created",
            "order": "W1",
            "at": at("2026-03-02 09:00"),
            "tags": ["general"],
            "appointment": at("2026-03-02 14:00"),
        },
        {"type": "work_order.arrived", "order": "W1", "at": at(arrival)},
    ]


def test_p10_3_2a_an_appointment_opens_a_window_from_5_minutes_before_to_2_after() -> None:
    (window,) = of_kind(decide(P10, appointment_order("2026-03-02 14:00")), "window")
    assert (window["clause"], window["what"], window["earliest"], window["latest"]) == (
        "p10.3.2a",
        "arrival",
        "2026-03-02T13:55:00+08:00",
        "2026-03-02T14:02:00+08:00",
    )


@pytest.mark.parametrize(
    ("arrival", "because"),
    [
        ("2026-03-02 13:54", "提前6分钟到达"),
        ("2026-03-02 13:55", None),
        ("2026-03-02 14:00", None),
        ("2026-03-02 14:02", None),
        ("2026-03-02 14:03", "迟到3分钟"),
    ],
)
def test_p10_3_2a_arrival_outside_the_window_is_a_violation(arrival: str, because: str | None) -> None:
    violations = of_kind(decide(P10, appointment_order(arrival)), "violation")
    expected = [] if because is None else [("p10.3.2a", "W1", because)]
    assert [(v["clause"], v["subject"], v["because"]) for v in violations] == expected


def test_without_an_appointment_there_is_no_arrival_window() -> None:
    created = {"type": "work_order.created", "order": "W1", "at": at("2026-03-02 09:00"), "tags": ["general"]}
    assert of_kind(decide(P10, [created]), "window") == []


def contact(reason: str = "vehicle_pickup") -> dict[str, Any]:
    return {"type": "customer.contact", "customer": "K1", "at": at("2026-03-02 10:00"), "reason": reason}


def call(when: str, sequence: int = 1, emergency: bool = False) -> dict[str, Any]:
    return {
        "type": "follow_up.call",
        "customer": "K1",
        "at": at(when),
        "sequence": sequence,
        "emergency": emergency,
    }


@pytest.mark.parametrize(
    ("called", "violation"),
    [
        ("2026-03-05 09:59", True),
        ("2026-03-05 10:00", False),
        ("2026-03-07 15:00", False),
        ("2026-03-09 10:00", False),
        ("2026-03-09 10:01", True),
    ],
)
def test_p16_b4_first_call_between_3_and_7_days_after_pickup(called: str, violation: bool) -> None:
    decisions = decide(P16, [contact(), call(called)])
    windows = [w for w in of_kind(decisions, "window") if w["clause"] == "p16.b4"]
    assert [(w["earliest"], w["latest"]) for w in windows] == [
        ("2026-03-05T10:00:00+08:00", "2026-03-09T10:00:00+08:00")
    ]
    assert [v["clause"] for v in of_kind(decisions, "violation")] == (["p16.b4"] if violation else [])


def test_p16_b4_a_consultation_also_opens_the_first_call_window() -> None:
    decisions = decide(P16, [contact("consultation")])
    assert [w["clause"] for w in of_kind(decisions, "window")] == ["p16.b4"]


def test_p16_b4_a_drop_off_opens_no_call_window() -> None:
    assert of_kind(decide(P16, [contact("vehicle_dropoff")]), "window") == []


@pytest.mark.parametrize(
    ("called", "violation"),
    [
        ("2026-03-13 09:59", True),
        ("2026-03-13 10:00", False),
        ("2026-03-20 10:00", False),
        ("2026-03-20 10:01", True),
    ],
)
def test_p16_b5_second_call_between_7_and_14_days_after_the_first(called: str, violation: bool) -> None:
    decisions = decide(P16, [contact(), call("2026-03-06 10:00"), call(called, sequence=2)])
    assert [v["clause"] for v in of_kind(decisions, "violation")] == (["p16.b5"] if violation else [])
    assert [w["clause"] for w in of_kind(decisions, "window")] == ["p16.b4", "p16.b5"]


@pytest.mark.parametrize(
    ("clock", "allowed"),
    [
        ("07:59", False),
        ("08:00", True),
        ("11:59", True),
        ("12:00", False),
        ("13:59", False),
        ("14:00", True),
        ("21:00", True),
        ("21:01", False),
    ],
)
def test_p08_23_calls_to_owners_only_in_the_allowed_hours(clock: str, allowed: bool) -> None:
    violations = of_kind(decide(P08, [call(f"2026-03-02 {clock}")]), "violation")
    assert [(v["clause"], v["subject"]) for v in violations] == ([] if allowed else [("p08.23", "K1")])


def test_p08_23_an_emergency_call_may_be_made_at_any_hour() -> None:
    assert decide(P08, [call("2026-03-02 23:30", emergency=True)]) == []


def visitor(minutes: int, approved: bool = True) -> dict[str, Any]:
    return {
        "type": "visitor",
        "employee": "E1",
        "start": at("2026-03-02 10:00"),
        "end": at(f"2026-03-02 10:{minutes:02d}"),
        "approved": approved,
    }


@pytest.mark.parametrize(("minutes", "violation"), [(14, False), (15, False), (16, True)])
def test_p11_8_a_personal_visitor_stays_at_most_15_minutes(minutes: int, violation: bool) -> None:
    violations = of_kind(decide(P11, [visitor(minutes)], E1), "violation")
    assert [(v["clause"], v["subject"]) for v in violations] == ([("p11.8", "E1")] if violation else [])


def test_p11_8_an_unapproved_visitor_is_a_violation() -> None:
    (violation,) = of_kind(decide(P11, [visitor(5, approved=False)], E1), "violation")
    assert (violation["clause"], violation["because"]) == ("p11.8", "私人来访未经批准")
