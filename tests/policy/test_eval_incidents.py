"""Recorded incidents: fixed fines and rewards (p01), recorder-set fines with joint liability and repeat
escalation (p04.8), and damage compensation under the 20 % wage guardrail (p01.3.11)."""

from __future__ import annotations

from typing import Any

import pytest

from fuwu.policy.facts import InputError
from fuwu.policy.schema import Pack
from tests.policy.conftest import at, decide, make_policy, of_kind, shipped_pack_data

P01 = make_policy("p01")
P04 = make_policy("p04")


def incident(clause: str, when: str = "2026-03-02 10:00", **more: Any) -> dict[str, Any]:
    return {"type": "incident", "employee": "E1", "clause": clause, "at": at(when), **more}


@pytest.mark.parametrize(
    ("clause", "kind", "amount"),
    [
        ("p01.1", "fine", "10.00"),
        ("p01.2", "fine", "50.00"),
        ("p01.3.4", "fine", "20.00"),
        ("p01.3.6", "fine", "5.00"),
        ("p01.3.7", "fine", "20.00"),
        ("p01.3.8", "fine", "50.00"),
        ("p01.3.9", "fine", "30.00"),
        ("p01.3.10", "fine", "20.00"),
        ("p01.3.12", "fine", "20.00"),
        ("p01.3.13", "fine", "10.00"),
        ("p01.3.14", "fine", "50.00"),
        ("p01.3.15", "fine", "50.00"),
        ("p01.3.16", "fine", "20.00"),
        ("p01.3.17", "fine", "20.00"),
        ("p01.r1", "reward", "20.00"),
        ("p01.r2", "reward", "30.00"),
        ("p01.r3", "reward", "30.00"),
        ("p01.r4", "reward", "20.00"),
        ("p01.r5", "reward", "20.00"),
        ("p01.r6", "reward", "50.00"),
    ],
)
def test_a_recorded_incident_costs_or_earns_its_clause_amount(clause: str, kind: str, amount: str) -> None:
    decisions = decide(P01, [incident(clause)])
    assert [(d["kind"], d["clause"], d["amount"]) for d in decisions] == [(kind, clause, amount)]
    assert decisions[0]["because"]


def test_p04_8_fines_the_recorded_amount_and_the_manager_on_duty_twice_that() -> None:
    employees = [{"id": "E1", "daily_wage": "200.00"}, {"id": "M2", "daily_wage": "300.00"}]
    decisions = decide(P04, [incident("p04.8", amount="20.00", manager_on_duty="M2")], employees)
    assert [(d["kind"], d["subject"], d["amount"]) for d in decisions] == [
        ("fine", "E1", "20.00"),
        ("fine", "M2", "40.00"),
    ]


def test_p04_8_without_a_manager_on_duty_fines_the_employee_manager_twice() -> None:
    employees = [{"id": "E1", "daily_wage": "200.00", "manager": "M1"}]
    decisions = decide(P04, [incident("p04.8", amount="35.50")], employees)
    assert [(d["subject"], d["amount"]) for d in decisions] == [("E1", "35.50"), ("M1", "71.00")]


def test_p04_8_with_no_manager_at_all_has_no_joint_fine() -> None:
    employees = [{"id": "E1", "daily_wage": "200.00"}]
    decisions = decide(P04, [incident("p04.8", amount="35.50")], employees)
    assert [(d["subject"], d["amount"]) for d in decisions] == [("E1", "35.50")]


@pytest.mark.parametrize("amount", ["19.99", "10.00", "0"])
def test_p04_8_refuses_an_amount_below_20(amount: str) -> None:
    with pytest.raises(InputError) as raised:
        decide(P04, [incident("p04.8", amount=amount)])
    assert raised.value.message.startswith("events[0].amount: p04.8 needs at least 20.00, got ")


def test_p04_8_needs_the_amount() -> None:
    with pytest.raises(InputError, match=r"events\[0\]\.amount"):
        decide(P04, [incident("p04.8")])


def test_the_fourth_p04_8_incident_proposes_dismissal_and_flags_the_day_wage() -> None:
    events = [incident("p04.8", f"2026-03-0{day} 10:00", amount="20.00") for day in range(1, 6)]
    decisions = [d for d in decide(P04, events) if d["subject"] == "E1"]
    kinds = [d["kind"] for d in decisions]
    assert kinds == [
        "fine",
        "fine",
        "fine",
        "fine",
        "status",
        "needs_review",
        "fine",
        "status",
        "needs_review",
    ]
    status = of_kind(decisions, "status")[0]
    assert status["status"] == "dismissal_proposal"
    assert of_kind(decisions, "needs_review")[0]["because"] == "无当日工资"


def test_incidents_of_another_employee_do_not_count_towards_escalation() -> None:
    employees = [{"id": "E1", "daily_wage": "200.00"}, {"id": "E2", "daily_wage": "200.00"}]
    events = [incident("p04.8", f"2026-03-0{day} 10:00", amount="20.00") for day in range(1, 4)]
    events.append({**incident("p04.8", "2026-03-05 10:00", amount="20.00"), "employee": "E2"})
    assert of_kind(decide(P04, events, employees), "status") == []


def test_joint_liability_of_the_employee_manager() -> None:
    data = shipped_pack_data("p04")
    for clause in data["clauses"]:
        if clause["id"] == "p04.8":
            clause["rules"][0]["joint_liability"] = {"who": "manager", "multiple": "2"}
    policy = make_policy(Pack.model_validate({**data, "version": 2, "effective": "2026-01-01"}))
    decisions = decide(policy, [incident("p04.8", amount="30.00")])
    assert [(d["subject"], d["amount"]) for d in decisions] == [("E1", "30.00"), ("M1", "60.00")]


def test_reported_damage_is_compensated_at_cost() -> None:
    decisions = decide(P01, [incident("p01.3.11", cost="120.00", concealed=False)])
    assert [(d["kind"], d["amount"]) for d in decisions] == [("compensation", "120.00")]
    assert "due" not in decisions[0]


def test_concealed_damage_is_compensated_at_ten_times_cost() -> None:
    decisions = decide(P01, [incident("p01.3.11", cost="50.00", concealed=True)])
    assert [(d["kind"], d["amount"]) for d in decisions] == [("compensation", "500.00")]


def test_compensation_over_20_percent_of_the_monthly_wage_is_carried_to_later_months() -> None:
    employees = [{"id": "E1", "monthly_wage": "4350.00"}]  # cap 870.00 a month
    decisions = decide(
        P01, [incident("p01.3.11", "2026-03-20 10:00", cost="200.00", concealed=True)], employees
    )
    assert [(d["amount"], d.get("due")) for d in decisions] == [
        ("870.00", None),
        ("870.00", "2026-04-01T00:00:00+08:00"),
        ("260.00", "2026-05-01T00:00:00+08:00"),
    ]
    assert all("结转自2026年3月" in d["because"] for d in decisions[1:])


def test_a_second_damage_in_the_month_uses_what_is_left_under_the_cap() -> None:
    employees = [{"id": "E1", "monthly_wage": "4350.00"}]
    events = [
        incident("p01.3.11", "2026-03-02 10:00", cost="800.00"),
        incident("p01.3.11", "2026-03-09 10:00", cost="100.00"),
    ]
    decisions = decide(P01, events, employees)
    assert [(d["amount"], d.get("due")) for d in decisions] == [
        ("800.00", None),
        ("70.00", None),
        ("30.00", "2026-04-01T00:00:00+08:00"),
    ]


def test_the_cap_uses_daily_wage_times_21_75_without_a_monthly_wage() -> None:
    decisions = decide(P01, [incident("p01.3.11", cost="1000.00")])  # 200 × 21.75 × 20 % = 870
    assert [d["amount"] for d in decisions] == ["870.00", "130.00"]


def test_damage_needs_its_cost() -> None:
    with pytest.raises(InputError, match=r"events\[0\]\.cost"):
        decide(P01, [incident("p01.3.11")])


@pytest.mark.parametrize(
    ("clause", "message"),
    [
        ("p04.8", "events[0].clause: 'p04.8' is not a clause of the loaded packs"),
        ("p01.3.1", "events[0].clause: p01.3.1 is not a penalty or reward clause for incidents"),
        ("p01.3.5", "events[0].clause: p01.3.5 is not a penalty or reward clause for incidents"),
        ("p01.3.3", "events[0].clause: p01.3.3 is not a penalty or reward clause for incidents"),
    ],
)
def test_an_incident_must_name_a_penalty_or_reward_clause_of_the_loaded_packs(
    clause: str, message: str
) -> None:
    with pytest.raises(InputError) as raised:
        decide(P01, [incident(clause, amount="20.00")])
    assert raised.value.message == message


def test_a_quantity_repeats_a_fixed_amount_and_is_refused_where_there_is_none() -> None:
    policy = make_policy("p01")
    decided = decide(
        policy,
        [
            {
                "type": "incident",
                "employee": "E1",
                "clause": "p01.r1",
                "at": at("2026-03-02 10:00"),
                "quantity": 3,
            }
        ],
    )
    assert [(d["kind"], d["amount"], d["because"]) for d in decided] == [
        ("reward", "60.00", "工作积极、乐于帮助(3次)")
    ]
    with pytest.raises(InputError, match=r"events\[0\]\.quantity: p01\.3\.11 has no amount per time"):
        decide(
            policy,
            [
                {
                    "type": "incident",
                    "employee": "E1",
                    "clause": "p01.3.11",
                    "at": at("2026-03-02 10:00"),
                    "cost": "10.00",
                    "quantity": 2,
                }
            ],
        )
