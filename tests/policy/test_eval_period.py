"""A ``period`` event: duty tasks for each calendar occurrence, reproducible return-visit samples of
ceil(share × n) completed orders, and one KPI decision per quota clause."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from tests.policy.conftest import at, decide, demo_policy, make_policy, of_kind

DEMO = demo_policy()


def period(start: str = "2026-03-01 00:00", end: str = "2026-04-01 00:00", seed: int = 0) -> dict[str, Any]:
    return {"type": "period", "start": at(start), "end": at(end), "seed": seed}


def completions(count: int, day: str = "2026-03-10") -> list[dict[str, Any]]:
    return [
        {"type": "work_order.completed", "order": f"W{n:02d}", "at": at(f"{day} 10:{n:02d}")}
        for n in range(count)
    ]


def test_a_monthly_duty_on_the_last_day_is_one_task_in_march() -> None:
    tasks = of_kind(decide(make_policy("p10"), [period()]), "task")
    assert [(t["clause"], t["subject"], t["what"], t["due"]) for t in tasks] == [
        ("p10.3.10", "monthly_visit_analysis", "monthly_visit_analysis", "2026-03-31T17:00:00+08:00")
    ]


def test_the_period_end_is_exclusive() -> None:
    assert of_kind(decide(make_policy("p10"), [period(end="2026-03-31 17:00")]), "task") == []


def test_daily_and_weekly_duties_fall_on_every_occurrence() -> None:
    tasks = of_kind(
        decide(make_policy("p15", "p16"), [period("2026-03-02 00:00", "2026-03-09 00:00")]), "task"
    )
    patrols = [t["due"] for t in tasks if t["what"] == "security_patrol"]
    assert patrols == [f"2026-03-0{day}T21:00:00+08:00" for day in range(2, 9)]
    assert [t["due"] for t in tasks if t["what"] == "remove_used_rags"] == ["2026-03-06T17:00:00+08:00"]
    assert [t["due"] for t in tasks] == sorted(t["due"] for t in tasks)


def test_a_duty_every_15_minutes_has_96_tasks_a_day() -> None:
    tasks = of_kind(decide(make_policy("p04"), [period("2026-03-02 00:00", "2026-03-03 00:00")]), "task")
    assert len([t for t in tasks if t["what"] == "sweep_floor"]) == 96


def test_per_shift_and_per_event_duties_make_no_calendar_tasks() -> None:
    tasks = of_kind(decide(make_policy("p04"), [period("2026-03-02 00:00", "2026-03-03 00:00")]), "task")
    assert not {"handover_machine_check", "handover_cleaning", "promotion_announcement"} & {
        t["what"] for t in tasks
    }


def sampled(decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for t in of_kind(decisions, "task") if t["what"] == "return_visit"]


@pytest.mark.parametrize(("orders", "size"), [(0, 0), (1, 1), (3, 1), (4, 2), (10, 3), (11, 4), (20, 6)])
def test_sample_size_is_ceil_of_30_percent(orders: int, size: int) -> None:
    assert len(sampled(decide(DEMO, [*completions(orders), period()]))) == size


def test_the_sample_is_the_orders_with_the_smallest_seeded_hashes() -> None:
    events = [*completions(11), period(seed=7)]
    chosen = {t["subject"] for t in sampled(decide(DEMO, events))}
    names = [f"W{n:02d}" for n in range(11)]
    expected = sorted(names, key=lambda name: hashlib.sha256(f"7:{name}".encode()).hexdigest())[:4]
    assert chosen == set(expected)


def test_the_sample_is_reproducible_and_changes_with_the_seed() -> None:
    first = [t["subject"] for t in sampled(decide(DEMO, [*completions(20), period(seed=1)]))]
    again = [t["subject"] for t in sampled(decide(DEMO, [*completions(20), period(seed=1)]))]
    other = [t["subject"] for t in sampled(decide(DEMO, [*completions(20), period(seed=2)]))]
    assert first == again
    assert set(first) != set(other)


def test_only_orders_completed_inside_the_period_are_sampled() -> None:
    events = [*completions(5, "2026-02-27"), *completions(1, "2026-03-10"), period()]
    assert [t["subject"] for t in sampled(decide(DEMO, events))] == ["W00"]


@pytest.mark.parametrize(
    ("share", "clause", "size"), [("0.50", "p10.3.10", 6), ("0.30", "p10.3.10", 4), ("0.20", "p15.r1", 4)]
)
def test_the_largest_sampling_share_binds_and_is_cited(share: str, clause: str, size: int) -> None:
    policy = demo_policy(p10_monthly_sample_share=share)
    tasks = sampled(decide(policy, [*completions(11), period()]))
    assert {t["clause"] for t in tasks} == {clause}
    assert len(tasks) == size


def test_a_sampled_visit_is_due_when_the_order_return_visit_deadline_falls() -> None:
    events = [{"type": "work_order.completed", "order": "W1", "at": at("2026-03-10 10:00")}, period()]
    (task,) = sampled(decide(DEMO, events))
    assert task["due"] == "2026-03-17T10:00:00+08:00"


def kpis(decisions: list[dict[str, Any]]) -> dict[str, tuple[Any, Any, Any]]:
    return {k["subject"]: (k["value"], k["target"], k["holds"]) for k in of_kind(decisions, "kpi")}


def test_on_time_rate_counts_orders_whose_deadlines_in_the_period_were_all_met() -> None:
    # W1 arrives and completes in time; W2 arrives 30 minutes after the order (p09.2a: 25).
    events: list[dict[str, Any]] = [
        {"type": "work_order.created", "order": "W1", "at": at("2026-03-02 10:00"), "tags": ["general"]},
        {"type": "work_order.arrived", "order": "W1", "at": at("2026-03-02 10:20")},
        {"type": "work_order.created", "order": "W2", "at": at("2026-03-02 11:00"), "tags": ["general"]},
        {"type": "work_order.arrived", "order": "W2", "at": at("2026-03-02 11:30")},
        {"type": "work_order.completed", "order": "W1", "at": at("2026-03-02 11:00")},
        {"type": "work_order.completed", "order": "W2", "at": at("2026-03-02 12:00")},
        period(),
    ]
    assert kpis(decide(make_policy("p09", "p10"), events))["on_time_rate"] == ("0.5000", "1.00", False)


def test_satisfaction_rate_counts_scores_of_4_and_5() -> None:
    scores = [5, 4, 3, 5]
    events: list[dict[str, Any]] = [
        {
            "type": "return_visit",
            "order": f"W{n}",
            "at": at("2026-03-05 10:00"),
            "channel": "visit",
            "score": score,
        }
        for n, score in enumerate(scores)
    ]
    assert kpis(decide(make_policy("p10"), [*events, period()]))["satisfaction_rate"] == (
        "0.7500",
        "0.95",
        False,
    )


def test_rework_rate_counts_orders_reworked_within_30_days() -> None:
    events: list[dict[str, Any]] = [
        *completions(4),
        {"type": "work_order.created", "order": "R1", "at": at("2026-03-20 10:00"), "rework_of": "W00"},
        {"type": "work_order.completed", "order": "W01", "at": at("2026-04-05 10:00")},
        period(),
    ]
    assert kpis(decide(make_policy("p10"), events))["rework_rate"] == ("0.5000", "0.005", False)


def test_an_open_deadline_due_in_the_period_is_not_on_time() -> None:
    events: list[dict[str, Any]] = [
        {"type": "work_order.created", "order": "W1", "at": at("2026-03-02 10:00"), "tags": ["general"]},
        {"type": "work_order.arrived", "order": "W1", "at": at("2026-03-02 10:20")},
        period(),
    ]
    assert kpis(decide(make_policy("p09", "p10"), events))["on_time_rate"] == ("0.0000", "1.00", False)


def test_rework_after_30_days_does_not_count() -> None:
    events: list[dict[str, Any]] = [
        *completions(1),
        {"type": "work_order.created", "order": "R1", "at": at("2026-04-10 10:01"), "rework_of": "W00"},
        period(),
    ]
    assert kpis(decide(make_policy("p10"), events))["rework_rate"] == ("0.0000", "0.005", True)


def test_return_visit_rate_counts_completed_orders_that_were_visited() -> None:
    events: list[dict[str, Any]] = [
        *completions(3),
        {
            "type": "return_visit",
            "order": "W01",
            "at": at("2026-03-12 10:00"),
            "channel": "phone",
            "score": 5,
        },
        period(),
    ]
    assert kpis(decide(make_policy("p15"), events))["return_visit_rate"] == ("0.3333", "0.30", True)


def test_a_kpi_without_its_facts_has_no_value() -> None:
    decisions = decide(DEMO, [period()])
    values = kpis(decisions)
    assert values["answered_within_rings"] == (None, "1.00", None)
    assert values["on_time_rate"] == (None, "1.00", None)
    assert values["appraisal_score"][0] is None
    for kpi in of_kind(decisions, "kpi"):
        assert kpi["because"]
        assert set(kpi) == {
            "kind",
            "subject",
            "clause",
            "pack",
            "version",
            "value",
            "target",
            "holds",
            "because",
            "key",
        }


def test_period_outputs_come_after_every_other_decision() -> None:
    events = [period("2026-03-01 00:00", "2026-03-02 00:00"), *completions(2)]
    kinds = [d["kind"] for d in decide(DEMO, events)]
    first_period_output = min(i for i, kind in enumerate(kinds) if kind in ("task", "kpi"))
    assert all(kind in ("task", "kpi") for kind in kinds[first_period_output:])
    assert "deadline" in kinds[:first_period_output]
