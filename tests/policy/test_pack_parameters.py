"""Rules that used to live in Python now live in the packs and are honoured: p10.3.2c's rework window,
the satisfied score of p10.3.2d, and p08.23's ``except_emergency``. Each test changes the pack value."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fuwu.policy.library import satisfied_min_score
from fuwu.policy.policy import Policy
from fuwu.policy.schema import Pack
from tests.policy.conftest import at, decide, demo_policy, make_policy, of_kind, shipped_pack_data


def changed(pack_id: str, clause_id: str, **fields: Any) -> Policy:
    """The shipped pack with one rule of one clause changed, as version 2 from 2026-01-02."""
    data = shipped_pack_data(pack_id)
    data.update(version=2, effective="2026-01-02")
    for clause in data["clauses"]:
        if clause["id"] == clause_id:
            clause["rules"][0].update(fields)
    return make_policy(pack_id, Pack.model_validate(data))


PERIOD = {"type": "period", "start": at("2026-03-01 00:00"), "end": at("2026-04-01 00:00")}


def kpi(decisions: list[dict[str, Any]], metric: str) -> str | None:
    (found,) = [d for d in of_kind(decisions, "kpi") if d["subject"] == metric]
    value: str | None = found["value"]
    return value


REWORKED_AFTER_18_DAYS = [
    {"type": "work_order.completed", "order": "W1", "at": at("2026-03-02 10:00")},
    {"type": "work_order.created", "order": "W2", "at": at("2026-03-20 10:00"), "rework_of": "W1"},
    PERIOD,
]


@pytest.mark.parametrize(("within", "rate"), [("30d", "1.0000"), ("20d", "1.0000"), ("10d", "0.0000")])
def test_the_rework_window_of_p10_3_2c_comes_from_the_pack(within: str, rate: str) -> None:
    policy = changed("p10", "p10.3.2c", rework_within=within)
    assert kpi(decide(policy, REWORKED_AFTER_18_DAYS), "rework_rate") == rate


def test_the_shipped_rework_window_is_30_days() -> None:
    assert kpi(decide(make_policy("p10"), REWORKED_AFTER_18_DAYS), "rework_rate") == "1.0000"


def visits(*scores: int) -> list[dict[str, Any]]:
    return [
        {
            "type": "return_visit",
            "order": f"W{n}",
            "at": at("2026-03-10 10:00"),
            "channel": "phone",
            "score": s,
        }
        for n, s in enumerate(scores)
    ] + [PERIOD]


@pytest.mark.parametrize(("minimum", "rate"), [(4, "0.5000"), (3, "0.7500"), (5, "0.2500")])
def test_the_satisfied_score_of_p10_3_2d_comes_from_the_pack(minimum: int, rate: str) -> None:
    policy = changed("p10", "p10.3.2d", satisfied_min_score=minimum)
    assert kpi(decide(policy, visits(5, 4, 3, 2)), "satisfaction_rate") == rate
    assert satisfied_min_score(policy, dt.date(2026, 3, 1)) == minimum


def test_the_shipped_satisfied_score_is_4() -> None:
    assert kpi(decide(make_policy("p10"), visits(5, 4, 3, 2)), "satisfaction_rate") == "0.5000"
    assert satisfied_min_score(demo_policy(), dt.date(2026, 3, 1)) == 4
    assert satisfied_min_score(make_policy("p15"), dt.date(2026, 3, 1)) == 4


def test_a_rework_window_on_another_metric_is_refused() -> None:
    data = shipped_pack_data("p10")
    for clause in data["clauses"]:
        if clause["id"] == "p10.3.2d":
            clause["rules"][0]["rework_within"] = "30d"
    with pytest.raises(ValueError, match="rework_within"):
        Pack.model_validate(data)


def emergency_call(when: str) -> dict[str, Any]:
    return {"type": "follow_up.call", "customer": "C1", "at": at(when), "sequence": 1, "emergency": True}


@pytest.mark.parametrize(("exempt", "violations"), [(True, 0), (False, 1)])
def test_p08_23_except_emergency_is_honoured(exempt: bool, violations: int) -> None:
    policy = changed("p08", "p08.23", except_emergency=exempt)
    decisions = decide(policy, [emergency_call("2026-03-02 22:30")])
    assert len([d for d in of_kind(decisions, "violation") if d["clause"] == "p08.23"]) == violations


def test_a_non_emergency_call_in_quiet_hours_is_a_violation_either_way() -> None:
    call = {**emergency_call("2026-03-02 22:30"), "emergency": False}
    for exempt in (True, False):
        decisions = decide(changed("p08", "p08.23", except_emergency=exempt), [call])
        assert [d["clause"] for d in of_kind(decisions, "violation")] == ["p08.23"]
