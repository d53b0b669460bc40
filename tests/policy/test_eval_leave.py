"""p01.3.2 leave deductions and p04.9 leave notice (late notice counts as absence)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.conftest import at, decide, make_policy, of_kind

P01 = make_policy("p01")
P04 = make_policy("p04")


def leave(
    kind: str, days: float | str, start: str = "2026-03-10", notified: str = "2026-03-09 10:00"
) -> dict[str, Any]:
    return {
        "type": "leave",
        "employee": "E1",
        "leave_type": kind,
        "start": start,
        "days": days,
        "notified_at": at(notified),
    }


@pytest.mark.parametrize(
    ("kind", "days", "amount", "because"),
    [
        ("personal", 1, "300.00", "事假1天"),
        ("personal", 0.5, "150.00", "事假0.5天"),
        ("personal", "1.5", "450.00", "事假1.5天"),
        ("sick", 1, "200.00", "病假1天"),
        ("sick", 0.5, "100.00", "病假0.5天"),
        ("sick", 2, "400.00", "病假2天"),
    ],
)
def test_leave_deducts_its_multiple_of_the_daily_wage(
    kind: str, days: Any, amount: str, because: str
) -> None:
    decisions = decide(P01, [leave(kind, days)])
    deductions = [d for d in decisions if d["clause"] == "p01.3.2"]
    assert [(d["kind"], d["amount"], d["because"]) for d in deductions] == [("deduction", amount, because)]


def test_leave_forfeits_the_full_attendance_bonus_of_its_month() -> None:
    decisions = decide(P01, [leave("sick", 1), leave("sick", 1, start="2026-03-20")])
    assert [d["amount"] for d in decisions if d["clause"] == "p01.3"] == ["200.00"]


def test_leave_notified_on_an_earlier_day_is_not_an_absence_under_p04() -> None:
    assert decide(P04, [leave("personal", 1, notified="2026-03-09 23:59")]) == []


@pytest.mark.parametrize("notified", ["2026-03-10 00:01", "2026-03-10 08:00", "2026-03-11 09:00"])
def test_leave_notified_on_its_first_day_or_later_counts_as_absence_under_p04(notified: str) -> None:
    decisions = decide(P04, [leave("personal", 2, notified=notified)])
    assert [(d["kind"], d["clause"], d["amount"]) for d in decisions] == [("deduction", "p04.9", "1200.00")]
    assert "按旷工2天处理" in decisions[0]["because"]


def test_half_a_day_of_late_notified_leave_is_half_an_absence() -> None:
    decisions = decide(P04, [leave("sick", 0.5, notified="2026-03-10 08:00")])
    assert [d["amount"] for d in of_kind(decisions, "deduction")] == ["300.00"]


def test_when_p01_wins_leave_the_notice_rule_of_p04_stays_silent() -> None:
    policy = make_policy(
        "p01",
        "p04",
        precedence={
            "leave.unnotified": "p01.3.2",
            "attendance.absence": "p01.3.3",
            "attendance.consecutive_absence": "p01.3.3",
        },
    )
    decisions = decide(policy, [leave("personal", 1, notified="2026-03-10 08:00")])
    assert [(d["clause"], d["amount"]) for d in of_kind(decisions, "deduction")] == [
        ("p01.3.2", "300.00"),
        ("p01.3", "200.00"),
    ]


def test_when_p04_wins_leave_a_late_notice_is_an_absence_and_p01_does_not_charge_twice() -> None:
    policy = make_policy(
        "p01",
        "p04",
        precedence={
            "leave.unnotified": "p04.9",
            "attendance.absence": "p01.3.3",
            "attendance.consecutive_absence": "p01.3.3",
        },
    )
    decisions = decide(policy, [leave("personal", 1, notified="2026-03-10 08:00")])
    assert [(d["clause"], d["amount"]) for d in of_kind(decisions, "deduction")] == [
        ("p04.9", "600.00"),
        ("p01.3", "200.00"),
    ]


def test_when_p04_wins_unnotified_leave_leave_notified_in_time_is_still_priced_by_p01() -> None:
    policy = make_policy(
        "p01",
        "p04",
        precedence={
            "leave.unnotified": "p04.9",
            "attendance.absence": "p01.3.3",
            "attendance.consecutive_absence": "p04.9",
        },
    )
    decisions = decide(policy, [leave("personal", 1, notified="2026-03-09 17:00")])
    assert [(d["clause"], d["amount"]) for d in of_kind(decisions, "deduction")] == [
        ("p01.3.2", "300.00"),
        ("p01.3", "200.00"),
    ]
