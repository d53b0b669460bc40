"""Defects found by independent acceptance cases, each pinned: local dates choose the pack version, an
unknown manager on duty is malformed, p12.6 proposes its status, duties follow the holiday calendar."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from fuwu.policy.calendar import CalendarYearUnknown, WorkCalendar, YearArrangement
from fuwu.policy.cli import main
from fuwu.policy.decisions import decisions_json
from fuwu.policy.engine import evaluate
from fuwu.policy.facts import InputError, parse_facts
from fuwu.policy.policy import Policy
from fuwu.policy.schema import Pack
from tests.policy.conftest import E1, at, decide, make_policy, of_kind, shipped_pack_data

# ---------------------------------------------------------------- (a) the site's local date


def p01_from_april() -> Pack:
    """p01 version 2 from 2026-04-01: appearance costs 15.00, and a new reward p01.r7."""
    data = shipped_pack_data("p01")
    data.update(version=2, effective="2026-04-01")
    for clause in data["clauses"]:
        if clause["id"] == "p01.1":
            clause["rules"] = [{"type": "fine", "amount": "15.00"}]
    reward = {"id": "p01.r7", "kind": ["reward"], "title": "新奖励", "text": "新奖励。"}
    data["clauses"].append({**reward, "rules": [{"type": "reward", "amount": "5.00"}]})
    return Pack.model_validate(data)


P01_TWO = make_policy("p01", p01_from_april())
EVE_IN_UTC = "2026-03-31T16:30:00Z"  # 2026-04-01 00:30 in Shanghai


def recorded(clause: str, when: str, **more: Any) -> dict[str, Any]:
    return {"type": "incident", "employee": "E1", "clause": clause, "at": when, **more}


def test_an_incident_written_in_utc_on_the_eve_is_judged_by_the_version_of_its_local_date() -> None:
    (fine,) = decide(P01_TWO, [recorded("p01.1", EVE_IN_UTC)])
    assert (fine["version"], fine["amount"]) == (2, "15.00")


def test_a_clause_new_in_the_version_of_the_local_date_is_accepted() -> None:
    (reward,) = decide(P01_TWO, [recorded("p01.r7", EVE_IN_UTC)])
    assert (reward["clause"], reward["version"]) == ("p01.r7", 2)


def test_the_same_moment_is_still_march_in_a_zone_west_of_utc() -> None:
    facts = parse_facts(
        {"employees": [E1], "events": [recorded("p01.1", EVE_IN_UTC)]}, P01_TWO, tz="Europe/London"
    )
    (fine,) = evaluate(P01_TWO, facts, tz="Europe/London")
    assert (fine.version, str(fine.amount)) == (1, "10.00")
    with pytest.raises(InputError, match=r"events\[0\]\.clause: p01.r7 is not in force on 2026-03-31"):
        parse_facts(
            {"employees": [E1], "events": [recorded("p01.r7", EVE_IN_UTC)]}, P01_TWO, tz="Europe/London"
        )


def test_an_order_created_in_utc_on_the_eve_starts_the_deadlines_of_the_local_date() -> None:
    data = shipped_pack_data("p09")
    data.update(version=2, effective="2026-04-01")
    for clause in data["clauses"]:
        if clause["id"] == "p09.2a":
            clause["rules"][0]["within"] = "20m"
    policy = make_policy("p09", Pack.model_validate(data))
    event = {"type": "work_order.created", "order": "W1", "at": EVE_IN_UTC, "tags": ["general"]}
    (arrival,) = [d for d in decide(policy, [event]) if d["what"] == "arrival"]
    assert (arrival["version"], arrival["due"]) == (2, "2026-04-01T00:50:00+08:00")


# ---------------------------------------------------------------- (b) the manager on duty


P04 = make_policy("p04")


def test_a_manager_on_duty_missing_from_employees_is_malformed() -> None:
    event = recorded("p04.8", at("2026-03-02 10:00"), amount="20.00", manager_on_duty="M9")
    with pytest.raises(InputError, match=r"^events\[0\]\.manager_on_duty: no employee 'M9' in employees$"):
        decide(P04, [event])


def test_a_manager_on_duty_missing_from_employees_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = recorded("p04.8", at("2026-03-02 10:00"), amount="20.00", manager_on_duty="M9")
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"employees": [E1], "events": [event]}))
    assert main(["eval", "--pack", "p04", str(path)]) == 2
    assert "events[0].manager_on_duty" in capsys.readouterr().err


# ---------------------------------------------------------------- (c) p12.6's status


def test_p12_6_gives_its_fine_and_proposes_probation_or_dismissal_for_review() -> None:
    event = recorded("p12.6", at("2026-03-02 10:00"), amount="100.00", ref="complaint-7")
    decisions = decide(make_policy("p12"), [event])
    assert [(d["kind"], d.get("amount"), d.get("status")) for d in decisions] == [
        ("fine", "100.00", None),
        ("status", None, "probation_or_dismissal_proposal"),
        ("needs_review", None, None),
    ]
    assert all(d["clause"] == "p12.6" and d["ref"] == "complaint-7" for d in decisions)
    assert len({d["key"] for d in decisions}) == 3


# ---------------------------------------------------------------- (d) duties and the holiday calendar


def tasks(
    policy: Policy, start: str, end: str, calendar: WorkCalendar | None = None
) -> list[tuple[str, str]]:
    period = {"type": "period", "start": at(start), "end": at(end)}
    facts = parse_facts({"employees": [E1], "events": [period]}, policy)
    decisions = decisions_json(evaluate(policy, facts, calendar=calendar))["decisions"]
    return [(d["what"], d["due"]) for d in of_kind(decisions, "task")]


def test_p12_7_forwards_calls_on_each_holiday_and_not_on_workdays() -> None:
    found = [
        t
        for t in tasks(make_policy("p12"), "2026-09-29 00:00", "2026-10-03 00:00")
        if t[0].startswith("forward")
    ]
    # 29 and 30 September 2026 are workdays; 1 and 2 October are National Day holidays.
    assert found == [
        ("forward_calls_on_holiday", "2026-10-01T08:00:00+08:00"),
        ("forward_calls_on_holiday", "2026-10-02T08:00:00+08:00"),
    ]


def with_duty(on: str) -> Policy:
    data = shipped_pack_data("p12")
    data["id"] = "p12"
    duty = {
        "type": "duty",
        "what": "check_in",
        "title": "签到",
        "recurrence": {"every": "day", "at": "09:00", "on": on},
    }
    data["clauses"] = [{"id": "p12.99", "kind": ["duty"], "title": "签到", "text": "签到。", "rules": [duty]}]
    data["parameters"] = {}
    return make_policy(Pack.model_validate(data))


# A made-up week: Monday 4 May a holiday, Saturday 9 May a worked weekend day (调休).
WEEK = WorkCalendar([YearArrangement(2026, holidays={dt.date(2026, 5, 4)}, workdays={dt.date(2026, 5, 9)})])


def test_a_workday_duty_skips_holidays_and_falls_on_worked_weekends() -> None:
    found = tasks(with_duty("workdays"), "2026-05-04 00:00", "2026-05-11 00:00", WEEK)
    assert [due[:10] for _what, due in found] == [
        "2026-05-05",
        "2026-05-06",
        "2026-05-07",
        "2026-05-08",
        "2026-05-09",
    ]


def test_a_holiday_duty_falls_on_rest_days_only() -> None:
    found = tasks(with_duty("holidays"), "2026-05-04 00:00", "2026-05-11 00:00", WEEK)
    assert [due[:10] for _what, due in found] == ["2026-05-04", "2026-05-10"]


def test_an_any_day_duty_ignores_the_calendar() -> None:
    assert len(tasks(with_duty("any"), "2026-05-04 00:00", "2026-05-11 00:00", WEEK)) == 7


def test_a_calendar_duty_in_a_year_not_known_yet_fails_naming_the_year() -> None:
    with pytest.raises(CalendarYearUnknown, match="2099"):
        tasks(with_duty("workdays"), "2099-05-04 00:00", "2099-05-05 00:00")
