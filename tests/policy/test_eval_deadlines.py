"""Deadlines: due times at their boundaries, appointments, exemptions, time-of-day conditions, dated events,
and the earliest binding deadline when several clauses (of several packs) apply to the same thing."""

from __future__ import annotations

from typing import Any

import pytest

from fuwu.policy.engine import evaluate
from fuwu.policy.facts import parse_facts
from tests.policy.conftest import at, decide, demo_policy, make_policy, of_kind

P09 = make_policy("p09")
P10 = make_policy("p10")
P09_P10 = make_policy("p09", "p10")
P12 = make_policy("p12")
P15 = make_policy("p15")
DEMO = demo_policy()


def created(order: str, when: str, tags: list[str] | None = None, **more: Any) -> dict[str, Any]:
    return {"type": "work_order.created", "order": order, "at": at(when), "tags": tags or ["general"], **more}


def arrived(order: str, when: str) -> dict[str, Any]:
    return {"type": "work_order.arrived", "order": order, "at": at(when)}


def completed(order: str, when: str) -> dict[str, Any]:
    return {"type": "work_order.completed", "order": order, "at": at(when)}


def visit(order: str, when: str, score: int = 5) -> dict[str, Any]:
    return {"type": "return_visit", "order": order, "at": at(when), "channel": "phone", "score": score}


def deadlines(decisions: list[dict[str, Any]], what: str | None = None) -> list[tuple[str, str, str]]:
    return [
        (d["clause"], d["due"], d["status"])
        for d in of_kind(decisions, "deadline")
        if what is None or d["what"] == what
    ]


@pytest.mark.parametrize(
    ("arrival", "status"),
    [("2026-03-02 10:24:59", "met"), ("2026-03-02 10:25:00", "met"), ("2026-03-02 10:25:01", "breached")],
)
def test_p09_2a_arrival_within_25_minutes(arrival: str, status: str) -> None:
    decisions = decide(P09, [created("W1", "2026-03-02 10:00"), arrived("W1", arrival)])
    assert deadlines(decisions, "arrival") == [("p09.2a", "2026-03-02T10:25:00+08:00", status)]
    (deadline,) = of_kind(decisions, "deadline")[:1]
    assert deadline["because"] == "到场时限25分钟"
    assert deadline["subject"] == "W1"


def test_p09_2a_an_appointment_is_the_deadline() -> None:
    events = [
        created("W1", "2026-03-02 10:00", appointment=at("2026-03-02 14:00")),
        arrived("W1", "2026-03-02 14:00"),
    ]
    assert deadlines(decide(P09, events), "arrival") == [("p09.2a", "2026-03-02T14:00:00+08:00", "met")]


def test_an_arrival_deadline_without_an_arrival_stays_open() -> None:
    decisions = decide(P09, [created("W1", "2026-03-02 10:00")])
    assert deadlines(decisions) == [("p09.2a", "2026-03-02T10:25:00+08:00", "open")]


@pytest.mark.parametrize(
    ("tags", "done", "expected"),
    [
        (["general"], "2026-03-02 12:10", [("p09.2b", "2026-03-02T12:10:00+08:00", "met")]),
        (["general"], "2026-03-02 12:11", [("p09.2b", "2026-03-02T12:10:00+08:00", "breached")]),
        (["difficult"], "2026-03-05 10:10", [("p09.2c", "2026-03-05T10:10:00+08:00", "met")]),
        (["difficult"], "2026-03-05 10:11", [("p09.2c", "2026-03-05T10:10:00+08:00", "breached")]),
        (["difficult", "special_craft"], "2026-03-20 10:00", []),
        (["special_craft"], "2026-03-20 10:00", []),
        (["large"], "2026-03-20 10:00", []),
    ],
)
def test_p09_completion_deadlines_from_arrival(tags: list[str], done: str, expected: list[Any]) -> None:
    events = [
        created("W1", "2026-03-02 09:50", tags),
        arrived("W1", "2026-03-02 10:10"),
        completed("W1", done),
    ]
    assert deadlines(decide(P09, events), "completion") == expected


@pytest.mark.parametrize(
    ("reported", "due"),
    [
        ("2026-03-02 08:00", "2026-03-02T08:10:00+08:00"),
        ("2026-03-02 17:30", "2026-03-02T17:40:00+08:00"),
        ("2026-03-02 07:59", None),
        ("2026-03-02 17:31", None),
    ],
)
def test_p10_3_7_emergencies_reported_between_08_00_and_17_30(reported: str, due: str | None) -> None:
    decisions = decide(P10, [created("W1", reported, ["burst_pipe"])])
    expected = [] if due is None else [("p10.3.7", due, "open")]
    assert deadlines(decisions, "arrival") == expected


@pytest.mark.parametrize(
    ("tags", "reported", "clause", "due"),
    [
        (["emergency"], "2026-03-02 10:00", "p10.3.7", "2026-03-02T10:10:00+08:00"),
        (["power_outage"], "2026-03-02 10:00", "p10.3.7", "2026-03-02T10:10:00+08:00"),
        (["general"], "2026-03-02 10:00", "p09.2a", "2026-03-02T10:25:00+08:00"),
        (["emergency"], "2026-03-02 18:00", "p09.2a", "2026-03-02T18:25:00+08:00"),
    ],
)
def test_the_earliest_arrival_deadline_across_packs_binds(
    tags: list[str], reported: str, clause: str, due: str
) -> None:
    decisions = decide(P09_P10, [created("W1", reported, tags)])
    assert deadlines(decisions, "arrival") == [(clause, due, "open")]


def test_an_emergency_arrival_at_12_minutes_breaches_p10_3_7_though_p09_2a_would_be_met() -> None:
    events = [created("W1", "2026-03-02 10:00", ["emergency"]), arrived("W1", "2026-03-02 10:12")]
    assert deadlines(decide(P09_P10, events), "arrival") == [
        ("p10.3.7", "2026-03-02T10:10:00+08:00", "breached")
    ]


@pytest.mark.parametrize(("done", "status"), [("2026-03-03 10:00", "met"), ("2026-03-03 10:01", "breached")])
def test_p10_3_2e_a_small_problem_is_resolved_within_24_hours(done: str, status: str) -> None:
    events = [created("W1", "2026-03-02 10:00", ["small"]), completed("W1", done)]
    assert deadlines(decide(P10, events), "completion") == [("p10.3.2e", "2026-03-03T10:00:00+08:00", status)]


def test_p10_3_2e_and_p09_2b_are_one_completion_deadline_and_the_earlier_binds() -> None:
    events = [
        created("W1", "2026-03-02 10:00", ["small"]),
        arrived("W1", "2026-03-02 10:20"),
        completed("W1", "2026-03-02 12:30"),
    ]
    assert deadlines(decide(P09_P10, events), "completion") == [
        ("p09.2b", "2026-03-02T12:20:00+08:00", "breached")
    ]


@pytest.mark.parametrize(
    ("arrival", "status"), [("2026-03-05 10:00", "met"), ("2026-03-05 10:01", "breached")]
)
def test_p10_3_2f_a_large_problem_gets_a_response_within_3_days(arrival: str, status: str) -> None:
    events = [created("W1", "2026-03-02 10:00", ["large"]), arrived("W1", arrival)]
    assert deadlines(decide(P10, events), "response") == [("p10.3.2f", "2026-03-05T10:00:00+08:00", status)]


@pytest.mark.parametrize(
    ("units", "due", "because"),
    [
        (1, "2026-03-03T10:00:00+08:00", "完工时限24小时"),
        (10, "2026-03-03T10:00:00+08:00", "完工时限24小时"),
        (11, "2026-03-04T10:00:00+08:00", "完工时限48小时"),
        (20, "2026-03-04T10:00:00+08:00", "完工时限48小时"),
        (21, "2026-03-05T10:00:00+08:00", "完工时限72小时"),
    ],
)
def test_p12_8_returned_machines_within_a_day_per_ten_units(units: int, due: str, because: str) -> None:
    received = {"type": "batch_repair.received", "batch": "B1", "at": at("2026-03-02 10:00"), "units": units}
    (deadline,) = of_kind(decide(P12, [received]), "deadline")
    assert (deadline["clause"], deadline["due"], deadline["because"]) == ("p12.8", due, because)


def test_p12_8_delivery_at_the_boundary_is_met_and_a_minute_later_breached() -> None:
    received = {"type": "batch_repair.received", "batch": "B1", "at": at("2026-03-02 10:00"), "units": 11}
    for delivered_at, status in [("2026-03-04 10:00", "met"), ("2026-03-04 10:01", "breached")]:
        delivered = {"type": "batch_repair.delivered", "batch": "B1", "at": at(delivered_at)}
        statuses = [d["status"] for d in of_kind(decide(P12, [received, delivered]), "deadline")]
        assert statuses[0] == status


@pytest.mark.parametrize(
    ("visited", "status"), [("2026-03-05 10:00", "met"), ("2026-03-05 10:01", "breached")]
)
def test_p12_9_a_return_visit_within_3_days_of_delivery(visited: str, status: str) -> None:
    delivered = {"type": "batch_repair.delivered", "batch": "B1", "at": at("2026-03-02 10:00")}
    decisions = decide(P12, [delivered, visit("B1", visited)])
    assert deadlines(decisions, "return_visit") == [("p12.9", "2026-03-05T10:00:00+08:00", status)]


@pytest.mark.parametrize(
    ("tags", "due"),
    [
        (["general"], "2026-03-09T10:00:00+08:00"),
        (["safety_facility"], "2026-03-04T10:00:00+08:00"),
        (["leak"], "2026-03-05T10:00:00+08:00"),
        (["leak", "safety_facility"], "2026-03-04T10:00:00+08:00"),
    ],
)
def test_p15_r2_return_visit_deadline_by_kind_of_repair(tags: list[str], due: str) -> None:
    a_minute_late = due.replace("10:00:00", "10:01:00")
    for visited, status in [(due, "met"), (a_minute_late, "breached")]:
        events = [
            created("W1", "2026-03-01 09:00", tags),
            completed("W1", "2026-03-02 10:00"),
            {"type": "return_visit", "order": "W1", "at": visited, "channel": "visit", "score": 5},
        ]
        assert deadlines(decide(P15, events), "return_visit") == [("p15.r2", due, status)]


def test_p15_r4_a_low_score_needs_rectification_within_24_hours_and_then_another_visit() -> None:
    events = [
        created("W1", "2026-03-01 09:00"),
        completed("W1", "2026-03-02 10:00"),
        visit("W1", "2026-03-03 10:00", score=2),
        completed("W1", "2026-03-04 10:01"),
    ]
    assert deadlines(decide(P15, events)) == [
        ("p15.r2", "2026-03-09T10:00:00+08:00", "met"),
        ("p15.r4", "2026-03-04T10:00:00+08:00", "breached"),
        ("p15.r2", "2026-03-11T10:01:00+08:00", "open"),
    ]


def test_p15_r4_a_score_of_3_needs_no_rectification() -> None:
    events = [completed("W1", "2026-03-02 10:00"), visit("W1", "2026-03-03 10:00", score=3)]
    assert [c for c, _due, _status in deadlines(decide(P15, events))] == ["p15.r2"]


def test_p15_c3_stored_items_are_due_for_collection_after_24_hours() -> None:
    deposit = {"type": "storage.deposit", "item": "I1", "at": at("2026-03-02 10:00")}
    assert deadlines(decide(P15, [deposit])) == [("p15.c3", "2026-03-03T10:00:00+08:00", "open")]


def test_p08_5_a_new_owner_is_visited_by_the_end_of_the_third_day() -> None:
    move_in = {"type": "move_in", "household": "H1", "date": "2026-03-01"}
    decisions = decide(make_policy("p08"), [move_in])
    assert deadlines(decisions) == [("p08.5", "2026-03-04T23:59:59+08:00", "open")]
    assert of_kind(decisions, "deadline")[0]["subject"] == "H1"


def test_p16_b6_phone_notice_14_days_and_letters_12_days_before_a_campaign() -> None:
    campaign = {"type": "campaign", "campaign": "C1", "date": "2026-06-20"}
    decisions = decide(make_policy("p16"), [campaign])
    assert [(d["what"], d["due"]) for d in of_kind(decisions, "deadline")] == [
        ("call", "2026-06-06T23:59:59+08:00"),
        ("letter", "2026-06-08T23:59:59+08:00"),
    ]


def test_p16_b2_a_customer_file_within_2_days_of_a_drop_off() -> None:
    contact = {
        "type": "customer.contact",
        "customer": "K1",
        "at": at("2026-03-02 10:00"),
        "reason": "vehicle_dropoff",
    }
    assert deadlines(decide(make_policy("p16"), [contact])) == [
        ("p16.b2", "2026-03-04T10:00:00+08:00", "open")
    ]


def test_p14_4_1_a_reply_within_the_pack_parameter() -> None:
    contact = {
        "type": "customer.contact",
        "customer": "K1",
        "at": at("2026-03-02 10:00"),
        "reason": "consultation",
    }
    assert deadlines(decide(make_policy("p14"), [contact])) == [
        ("p14.4.1", "2026-03-03T10:00:00+08:00", "open")
    ]


@pytest.mark.parametrize("reason", ["vehicle_dropoff", "vehicle_pickup"])
def test_p14_4_1_owes_no_reply_for_bringing_or_collecting_a_car(reason: str) -> None:
    contact = {"type": "customer.contact", "customer": "K1", "at": at("2026-03-02 10:00"), "reason": reason}
    assert deadlines(decide(make_policy("p14"), [contact])) == []


def test_open_deadlines_come_last_in_order_of_due_time() -> None:
    events = [
        created("W1", "2026-03-02 10:00", ["large"]),
        created("W2", "2026-03-02 11:00"),
        arrived("W2", "2026-03-02 11:10"),
    ]
    decisions = decide(P09_P10, events)
    assert [(d["subject"], d["what"], d["status"]) for d in of_kind(decisions, "deadline")] == [
        ("W2", "arrival", "met"),
        ("W1", "arrival", "open"),
        ("W2", "completion", "open"),
        ("W1", "response", "open"),
    ]


def test_demo_profile_judges_a_whole_order() -> None:
    events = [
        created("W1", "2026-03-02 10:00", ["leak"]),
        arrived("W1", "2026-03-02 10:20"),
        completed("W1", "2026-03-02 11:30"),
        visit("W1", "2026-03-04 09:00", score=5),
    ]
    assert deadlines(decide(DEMO, events)) == [
        ("p09.2a", "2026-03-02T10:25:00+08:00", "met"),
        ("p09.2b", "2026-03-02T12:20:00+08:00", "met"),
        ("p15.r2", "2026-03-05T11:30:00+08:00", "met"),
    ]


def test_due_times_are_given_in_the_site_time_zone_whatever_the_input_offset() -> None:
    event = {"type": "work_order.created", "order": "W1", "at": "2026-03-02T02:00:00Z", "tags": ["general"]}
    assert deadlines(decide(P09, [event])) == [("p09.2a", "2026-03-02T10:25:00+08:00", "open")]


def test_time_of_day_conditions_are_read_in_the_time_zone_given_to_evaluate() -> None:
    data = {"employees": [], "events": [created("W1", "2026-03-02 09:00", ["emergency"])]}
    in_shanghai = evaluate(P10, parse_facts(data, P10))
    in_utc = evaluate(P10, parse_facts(data, P10), tz="UTC")  # 01:00 there: before 08:00
    assert [d.clause for d in in_shanghai] == ["p10.3.7"]
    assert in_utc == []
