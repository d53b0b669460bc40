"""Scope and history (decision 0011): an employee's month with its opening balances gives the same
decisions as the months before it and that month sent together."""

from __future__ import annotations

from typing import Any

import pytest

from fuwu.policy.engine import absence_runs
from fuwu.policy.facts import InputError, parse_facts
from tests.policy.conftest import at, decide, make_policy, shift

P01 = make_policy("p01")
P04 = make_policy("p04")


def incident(ref: str, clause: str, when: str, **more: Any) -> dict[str, Any]:
    return {"type": "incident", "employee": "E1", "clause": clause, "at": at(when), "ref": ref, **more}


def month_two(decisions: list[dict[str, Any]], refs: set[str]) -> list[dict[str, Any]]:
    return [d for d in decisions if d.get("ref") in refs]


def test_p04_8_escalation_counts_the_opening_incidents() -> None:
    march = [incident(f"m{n}", "p04.8", f"2026-03-0{n} 10:00", amount="20.00") for n in (2, 3)]
    april = [incident(f"a{n}", "p04.8", f"2026-04-0{n} 10:00", amount="20.00") for n in (1, 2)]
    both = decide(P04, march + april, [{"id": "E1", "daily_wage": "200.00"}])
    alone = decide(P04, april, [{"id": "E1", "daily_wage": "200.00", "opening_incidents": {"p04.8": 2}}])
    assert alone == month_two(both, {"a1", "a2"})
    assert [d["status"] for d in alone if d["kind"] == "status"] == ["dismissal_proposal"]  # the 4th
    without = decide(P04, april, [{"id": "E1", "daily_wage": "200.00"}])
    assert not [d for d in without if d["kind"] == "status"]


def test_damage_in_month_two_is_capped_after_the_carried_remainder_of_month_one() -> None:
    # 20 % of 3,000.00 is 600.00 a month. March's 1,000.00 takes 600.00 in March and carries 400.00 into
    # April; April's own 500.00 then has 200.00 of April's cap left, and 300.00 goes to May, after March's.
    employee = {"id": "E1", "daily_wage": "150.00", "monthly_wage": "3000.00"}
    march = [incident("m1", "p01.3.11", "2026-03-10 10:00", cost="1000.00")]
    april = [incident("a1", "p01.3.11", "2026-04-10 10:00", cost="500.00")]
    both = decide(P01, march + april, [employee])
    alone = decide(P01, april, [{**employee, "opening_carry": "400.00"}])
    assert alone == month_two(both, {"a1"})
    assert [(d["amount"], d.get("due")) for d in alone] == [
        ("200.00", None),
        ("300.00", "2026-05-01T00:00:00+08:00"),
    ]
    without = decide(P01, april, [employee])
    assert [d["amount"] for d in without] == ["500.00"]


def test_a_carry_larger_than_a_month_fills_the_following_months_too() -> None:
    employee = {"id": "E1", "daily_wage": "150.00", "monthly_wage": "3000.00", "opening_carry": "900.00"}
    decisions = decide(P01, [incident("a1", "p01.3.11", "2026-04-10 10:00", cost="500.00")], [employee])
    # April is full (600.00 of the carry), May has 300.00 left by the carry's remaining 300.00.
    assert [(d["amount"], d.get("due")) for d in decisions] == [
        ("300.00", "2026-05-01T00:00:00+08:00"),
        ("200.00", "2026-06-01T00:00:00+08:00"),
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opening_incidents", {"p99.1": 2}, r"employees\[0\]\.opening_incidents: 'p99.1' is not a clause"),
        ("opening_incidents", {"p04.8": -1}, r"employees\[0\]\.opening_incidents"),
        ("opening_incidents", ["p04.8"], r"employees\[0\]\.opening_incidents"),
        ("opening_carry", "-1", r"employees\[0\]\.opening_carry"),
    ],
)
def test_opening_balances_of_the_wrong_form_are_malformed(field: str, value: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decide(P04, [], [{"id": "E1", "daily_wage": "200.00", field: value}])


def test_a_run_of_absences_across_the_month_end_counts_the_opening_run() -> None:
    march = [shift("2026-03-30", None, None, ref="m30"), shift("2026-03-31", None, None, ref="m31")]
    april = [shift("2026-04-01", None, None, ref="a1")]
    both = decide(P01, march + april)
    alone = decide(P01, april, [{"id": "E1", "daily_wage": "200.00", "opening_absence_run": 2}])
    assert alone == month_two(both, {"a1"})
    assert [d["status"] for d in alone if d["kind"] == "status"] == ["auto_resignation"]


def test_absence_runs_give_the_run_the_next_month_opens_with() -> None:
    """An absence, then late by more than an hour: March ends with two absent shifts in a row."""
    march = [shift("2026-03-27", "09:00"), shift("2026-03-30", None, None), shift("2026-03-31", "10:05")]
    facts = parse_facts({"employees": [{"id": "E1", "daily_wage": "200.00"}], "events": march}, P01)
    assert absence_runs(P01, facts) == {"E1": 2}
