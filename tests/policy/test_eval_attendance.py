"""p01.3, p01.3.1, p01.3.3: lateness tiers, early leave, absence, consecutive absence, full attendance."""

from __future__ import annotations

import pytest

from fuwu.policy.schema import Pack
from tests.policy.conftest import decide, make_policy, of_kind, shift, shipped_pack_data

P01 = make_policy("p01")


def _clock(minutes_after_nine: int) -> str:
    total = 9 * 60 + minutes_after_nine
    return f"{total // 60:02d}:{total % 60:02d}"


@pytest.mark.parametrize(
    ("minutes", "fine"),
    [(1, "10.00"), (20, "10.00"), (21, "20.00"), (30, "20.00"), (31, "50.00"), (60, "50.00")],
)
def test_lateness_is_fined_by_its_tier(minutes: int, fine: str) -> None:
    decisions = decide(P01, [shift("2026-03-02", _clock(minutes))])
    fines = of_kind(decisions, "fine")
    assert [(f["amount"], f["clause"], f["because"]) for f in fines] == [
        (fine, "p01.3.1", f"迟到{minutes}分钟")
    ]


@pytest.mark.parametrize(
    ("minutes", "fine"),
    [(1, "10.00"), (20, "10.00"), (21, "20.00"), (30, "20.00"), (31, "50.00"), (60, "50.00")],
)
def test_early_leave_is_fined_by_its_tier(minutes: int, fine: str) -> None:
    clock_out = f"{(18 * 60 - minutes) // 60:02d}:{(18 * 60 - minutes) % 60:02d}"
    decisions = decide(P01, [shift("2026-03-02", "09:00", clock_out)])
    assert [(f["amount"], f["because"]) for f in of_kind(decisions, "fine")] == [(fine, f"早退{minutes}分钟")]


def test_lateness_of_61_minutes_is_an_absence_without_a_tier_fine() -> None:
    decisions = decide(P01, [shift("2026-03-02", "10:01")])
    assert of_kind(decisions, "fine") == []
    absence = [d for d in decisions if d["clause"] == "p01.3.3"]
    assert [(d["kind"], d["amount"]) for d in absence] == [("deduction", "600.00")]
    assert "按旷工处理" in absence[0]["because"]


def test_early_leave_of_61_minutes_is_an_absence_and_cancels_the_lateness_fine() -> None:
    decisions = decide(P01, [shift("2026-03-02", "09:10", "16:59")])
    assert of_kind(decisions, "fine") == []
    assert [d["amount"] for d in decisions if d["clause"] == "p01.3.3"] == ["600.00"]


def test_late_and_early_on_the_same_day_are_two_fines() -> None:
    decisions = decide(P01, [shift("2026-03-02", "09:25", "17:50")])
    assert [(f["amount"], f["because"]) for f in of_kind(decisions, "fine")] == [
        ("20.00", "迟到25分钟"),
        ("10.00", "早退10分钟"),
    ]


def test_on_time_is_no_decision_at_all() -> None:
    assert decide(P01, [shift("2026-03-02", "08:55", "18:00")]) == []
    assert decide(P01, [shift("2026-03-02", "09:00", "18:30")]) == []


def test_seconds_of_a_clock_time_are_dropped() -> None:
    decisions = decide(P01, [shift("2026-03-02", "09:20:59")])
    assert [f["amount"] for f in of_kind(decisions, "fine")] == ["10.00"]
    assert decide(P01, [shift("2026-03-02", "09:00:59")]) == []


def test_no_clock_out_means_no_early_leave_judgement() -> None:
    decisions = decide(P01, [shift("2026-03-02", "09:05", None)])
    assert [f["because"] for f in of_kind(decisions, "fine")] == ["迟到5分钟"]


def test_no_clock_in_is_an_absence_of_three_daily_wages() -> None:
    decisions = decide(P01, [shift("2026-03-02", None, None)])
    absence = [d for d in decisions if d["clause"] == "p01.3.3"]
    assert absence == [
        {
            "kind": "deduction",
            "subject": "E1",
            "clause": "p01.3.3",
            "pack": "p01",
            "version": 1,
            "amount": "600.00",
            "because": "旷工",
            "key": "deduction|E1|p01.3.3|#0",
        }
    ]


@pytest.mark.parametrize(("monthly", "deduction"), [("4350.00", "600.00"), ("5000.00", "689.67")])
def test_daily_wage_from_a_monthly_wage_is_divided_by_21_75(monthly: str, deduction: str) -> None:
    employees = [{"id": "E1", "monthly_wage": monthly}]
    decisions = decide(P01, [shift("2026-03-02", None, None)], employees)
    assert [d["amount"] for d in decisions if d["clause"] == "p01.3.3"] == [deduction]


def test_a_fine_carries_only_the_fields_of_its_kind() -> None:
    (fine,) = of_kind(decide(P01, [shift("2026-03-02", "09:05")]), "fine")
    assert fine == {
        "kind": "fine",
        "subject": "E1",
        "clause": "p01.3.1",
        "pack": "p01",
        "version": 1,
        "amount": "10.00",
        "because": "迟到5分钟",
        "key": "fine|E1|p01.3.1|#0",
    }


def test_third_consecutive_absence_sets_auto_resignation_and_flags_wages_for_review() -> None:
    # Friday, Monday, Tuesday: the weekend has no shift and does not break the run.
    days = ["2026-03-06", "2026-03-09", "2026-03-10", "2026-03-11"]
    decisions = decide(P01, [shift(day, None, None) for day in days])
    assert [d["kind"] for d in decisions if d["clause"] == "p01.3.3"] == [
        "deduction",
        "deduction",
        "deduction",
        "status",
        "needs_review",
        "deduction",
    ]
    (status,) = of_kind(decisions, "status")
    assert status["status"] == "auto_resignation"
    assert status["because"] == "连续旷工3天"
    (review,) = of_kind(decisions, "needs_review")
    assert "不发放任何工资" in review["because"]
    assert "amount" not in review


def test_an_attended_shift_breaks_a_run_of_absences() -> None:
    events = [
        shift("2026-03-02", None, None),
        shift("2026-03-03", None, None),
        shift("2026-03-04", "09:00"),
        shift("2026-03-05", None, None),
        shift("2026-03-06", None, None),
    ]
    assert of_kind(decide(P01, events), "status") == []


def test_a_late_day_beyond_an_hour_counts_in_the_run_of_absences() -> None:
    events = [shift("2026-03-02", None, None), shift("2026-03-03", "10:30"), shift("2026-03-04", None, None)]
    assert [d["status"] for d in of_kind(decide(P01, events), "status")] == ["auto_resignation"]


def test_full_attendance_bonus_is_forfeited_once_a_month() -> None:
    events = [
        shift("2026-03-02", "09:05"),
        shift("2026-03-03", None, None),
        shift("2026-03-04", "09:00", "17:00"),
        shift("2026-04-01", "09:00", "17:55"),
    ]
    forfeits = [d for d in decide(P01, events) if d["clause"] == "p01.3"]
    assert [(d["kind"], d["amount"]) for d in forfeits] == [("deduction", "200.00"), ("deduction", "200.00")]
    assert forfeits[0]["because"].startswith("2026年3月全勤奖")
    assert forfeits[1]["because"].startswith("2026年4月全勤奖")


def test_an_employee_full_attendance_bonus_overrides_the_pack_parameter() -> None:
    employees = [{"id": "E1", "daily_wage": "200.00", "full_attendance_bonus": "350.00"}]
    decisions = decide(P01, [shift("2026-03-02", "09:05")], employees)
    assert [d["amount"] for d in decisions if d["clause"] == "p01.3"] == ["350.00"]


def test_an_overnight_shift_is_judged_across_midnight() -> None:
    night = {"shift_start": "22:00", "shift_end": "06:00"}
    decisions = decide(P01, [shift("2026-03-02", "22:15", "05:50", **night)])
    assert [f["because"] for f in of_kind(decisions, "fine")] == ["迟到15分钟", "早退10分钟"]


def _p01_version_2() -> Pack:
    data = shipped_pack_data("p01")
    data["version"] = 2
    data["effective"] = "2026-06-01"
    for clause in data["clauses"]:
        if clause["id"] == "p01.3.1":
            clause["rules"][0]["tiers"] = [
                {"up_to": 20, "amount": "15.00"},
                {"up_to": 30, "amount": "25.00"},
                {"up_to": 60, "amount": "60.00"},
            ]
    return Pack.model_validate(data)


def test_the_version_in_force_on_the_shift_date_decides() -> None:
    policy = make_policy(_p01_version_2())
    decisions = decide(policy, [shift("2026-05-29", "09:05"), shift("2026-06-01", "09:05")])
    fines = of_kind(decisions, "fine")
    assert [(f["amount"], f["version"]) for f in fines] == [("10.00", 1), ("15.00", 2)]


def test_no_attendance_rule_applies_before_the_pack_takes_effect() -> None:
    assert decide(P01, [shift("2025-12-31", None, None)]) == []
