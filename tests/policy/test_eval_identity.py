"""Decision identity and judging at a moment: refs come back, keys are stable and unique, deadlines say
who met them and when, and ``as_of`` turns what is overdue into a breach."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from fuwu.policy.cli import main
from fuwu.policy.decisions import decisions_json
from fuwu.policy.engine import evaluate
from fuwu.policy.facts import InputError, parse_facts
from fuwu.policy.policy import Policy
from tests.policy.conftest import E1, at, decide, make_policy, of_kind, shift

P01 = make_policy("p01")
P09_P10 = make_policy("p09", "p10")
P10 = make_policy("p10")
P16 = make_policy("p16")


def created(order: str, when: str, tags: list[str], ref: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "work_order.created", "order": order, "at": at(when), "tags": tags}
    return event if ref is None else {**event, "ref": ref}


def happened(kind: str, order: str, when: str, ref: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": f"work_order.{kind}", "order": order, "at": at(when)}
    return event if ref is None else {**event, "ref": ref}


def judge(policy: Policy, events: list[dict[str, Any]], as_of: str | None = None) -> list[dict[str, Any]]:
    facts = parse_facts({"employees": [E1], "events": events}, policy)
    moment = None if as_of is None else dt.datetime.fromisoformat(at(as_of))
    return decisions_json(evaluate(policy, facts, as_of=moment))["decisions"]


def only(decisions: list[dict[str, Any]], what: str) -> dict[str, Any]:
    (found,) = [d for d in of_kind(decisions, "deadline") if d["what"] == what]
    return found


# ---------------------------------------------------------------- refs and keys


def test_a_ref_comes_back_on_the_decisions_of_its_event_and_makes_their_key() -> None:
    decisions = decide(P01, [shift("2026-03-02", "09:25", ref="att-2026-03-02")])
    (fine,) = of_kind(decisions, "fine")
    assert fine["ref"] == "att-2026-03-02"
    assert fine["key"] == "fine|E1|p01.3.1|att-2026-03-02"
    assert list(fine)[-2:] == ["ref", "key"]  # additive: after every field of the contract


def test_without_a_ref_there_is_no_ref_field_and_the_key_counts_the_subject_events() -> None:
    decisions = decide(P01, [shift("2026-03-02", "09:25"), shift("2026-03-03", "09:25")])
    fines = of_kind(decisions, "fine")
    assert all("ref" not in fine for fine in fines)
    assert [fine["key"] for fine in fines] == ["fine|E1|p01.3.1|#0", "fine|E1|p01.3.1|#1"]


def test_two_days_of_the_same_lateness_have_two_keys() -> None:
    events = [shift("2026-03-02", "09:25", ref="a"), shift("2026-03-03", "09:25", ref="b")]
    fines = of_kind(decide(P01, events), "fine")
    assert fines[0]["because"] == fines[1]["because"]
    assert fines[0]["key"] != fines[1]["key"]


def test_late_and_early_on_one_day_are_two_keys_from_one_event() -> None:
    decisions = decide(P01, [shift("2026-03-02", "09:05", "17:50", ref="d1")])
    assert [f["key"] for f in of_kind(decisions, "fine")] == [
        "fine|E1|p01.3.1|d1",
        "fine|E1|p01.3.1|d1|early",
    ]


def test_keys_are_unique_within_an_evaluation() -> None:
    events = [
        created("W1", "2026-03-02 10:00", ["emergency", "small"], "c"),
        happened("arrived", "W1", "2026-03-02 10:30", "a"),
        {"type": "period", "start": at("2026-03-01 00:00"), "end": at("2026-04-01 00:00"), "ref": "month"},
    ]
    keys = [d["key"] for d in judge(make_policy("p09", "p10", "p15"), events)]
    assert len(keys) == len(set(keys))


def test_a_ref_longer_than_200_characters_is_malformed() -> None:
    with pytest.raises(InputError, match=r"events\[0\]\.ref"):
        parse_facts({"employees": [E1], "events": [shift("2026-03-02", "09:00", ref="x" * 201)]}, P01)


def test_a_deadline_keeps_the_key_of_the_event_that_started_it_when_a_tighter_clause_binds() -> None:
    # p10.3.2e (small: 24 h from the request) starts the completion deadline; arriving starts p09.2b
    # (2 h from arrival), which is earlier and binds: clause and due change, the key does not.
    alone = only(judge(P09_P10, [created("W1", "2026-03-02 10:00", ["small"], "c1")]), "completion")
    events = [
        created("W1", "2026-03-02 10:00", ["small"], "c1"),
        happened("arrived", "W1", "2026-03-02 10:20", "a1"),
        happened("completed", "W1", "2026-03-02 12:30", "d1"),
    ]
    later = only(judge(P09_P10, events), "completion")
    assert (alone["clause"], later["clause"]) == ("p10.3.2e", "p09.2b")
    assert alone["due"] != later["due"]
    assert alone["key"] == later["key"] == "deadline|W1|completion|c1"
    assert later["ref"] == "c1"


def test_an_emergency_and_a_general_arrival_deadline_share_the_form_of_their_key() -> None:
    emergency = only(judge(P09_P10, [created("W1", "2026-03-02 10:00", ["emergency"], "c")]), "arrival")
    general = only(judge(P09_P10, [created("W1", "2026-03-02 10:00", ["general"], "c")]), "arrival")
    assert (emergency["clause"], general["clause"]) == ("p10.3.7", "p09.2a")
    assert emergency["key"] == general["key"] == "deadline|W1|arrival|c"


# ---------------------------------------------------------------- met, breached, as of


def test_a_met_deadline_names_the_event_and_time_that_met_it() -> None:
    events = [
        created("W1", "2026-03-02 10:00", ["general"], "c"),
        happened("arrived", "W1", "2026-03-02 10:20", "a"),
    ]
    arrival = only(judge(P09_P10, events), "arrival")
    assert (arrival["status"], arrival["met_by"], arrival["met_at"]) == (
        "met",
        "a",
        "2026-03-02T10:20:00+08:00",
    )
    assert "breached_at" not in arrival


def test_a_deadline_met_late_is_breached_at_its_due_time_and_met_at_the_late_time() -> None:
    events = [
        created("W1", "2026-03-02 10:00", ["general"], "c"),
        happened("arrived", "W1", "2026-03-02 10:40", "a"),
    ]
    arrival = only(judge(P09_P10, events), "arrival")
    assert arrival["status"] == "breached"
    assert arrival["breached_at"] == arrival["due"] == "2026-03-02T10:25:00+08:00"
    assert (arrival["met_at"], arrival["met_by"]) == ("2026-03-02T10:40:00+08:00", "a")


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (None, "open"),
        ("2026-03-02 10:24", "open"),
        ("2026-03-02 10:25", "open"),
        ("2026-03-02 10:26", "breached"),
    ],
)
def test_as_of_breaches_an_open_deadline_whose_due_time_has_passed(as_of: str | None, status: str) -> None:
    arrival = only(judge(P09_P10, [created("W1", "2026-03-02 10:00", ["general"], "c")], as_of), "arrival")
    assert arrival["status"] == status
    assert arrival.get("breached_at") == ("2026-03-02T10:25:00+08:00" if status == "breached" else None)
    assert "met_at" not in arrival


def test_as_of_in_another_offset_is_the_same_moment() -> None:
    facts = parse_facts(
        {"employees": [E1], "events": [created("W1", "2026-03-02 10:00", ["general"])]}, P09_P10
    )
    moment = dt.datetime(2026, 3, 2, 2, 26, tzinfo=dt.UTC)  # 10:26 in Shanghai
    (arrival,) = [d for d in evaluate(P09_P10, facts, as_of=moment) if d.what == "arrival"]
    assert arrival.status == "breached"


def test_as_of_must_be_aware() -> None:
    facts = parse_facts({"employees": [E1], "events": []}, P09_P10)
    with pytest.raises(ValueError, match="aware"):
        evaluate(P09_P10, facts, as_of=dt.datetime(2026, 3, 2, 10, 0))


# ---------------------------------------------------------------- windows


def appointed(when: str, appointment: str) -> dict[str, Any]:
    return {**created("W1", when, ["general"], "c"), "appointment": at(appointment)}


@pytest.mark.parametrize(
    ("arrival", "state", "breached_at"),
    [
        ("2026-03-02 13:58", "met", None),
        ("2026-03-02 13:50", "breached", "2026-03-02T13:50:00+08:00"),
        ("2026-03-02 14:10", "breached", "2026-03-02T14:02:00+08:00"),
    ],
)
def test_a_window_records_its_state_when_checked(arrival: str, state: str, breached_at: str | None) -> None:
    events = [appointed("2026-03-02 10:00", "2026-03-02 14:00"), happened("arrived", "W1", arrival, "a")]
    (window,) = of_kind(judge(P10, events), "window")
    assert (window["state"], window.get("breached_at"), window["met_by"]) == (state, breached_at, "a")
    assert window["key"] == "window|W1|p10.3.2a|c"


@pytest.mark.parametrize(
    ("as_of", "state"), [(None, "open"), ("2026-03-02 14:02", "open"), ("2026-03-02 14:03", "breached")]
)
def test_an_unchecked_window_is_breached_once_as_of_is_past_its_end(as_of: str | None, state: str) -> None:
    (window,) = of_kind(judge(P10, [appointed("2026-03-02 10:00", "2026-03-02 14:00")], as_of), "window")
    assert window["state"] == state


# ---------------------------------------------------------------- the command line


def test_eval_as_of_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "facts.json"
    path.write_text(
        json.dumps({"employees": [], "events": [created("W1", "2026-03-02 10:00", ["general"], "c")]})
    )
    assert main(["eval", "--pack", "p09", "--as-of", "2026-03-02T11:00:00+08:00", str(path)]) == 0
    (arrival,) = json.loads(capsys.readouterr().out)["decisions"]
    assert (arrival["status"], arrival["breached_at"], arrival["ref"]) == (
        "breached",
        "2026-03-02T10:25:00+08:00",
        "c",
    )


@pytest.mark.parametrize("text", ["yesterday", "2026-03-02T11:00:00"])
def test_eval_refuses_an_as_of_without_offset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"employees": [], "events": []}))
    assert main(["eval", "--pack", "p09", "--as-of", text, str(path)]) == 2
    assert "--as-of" in capsys.readouterr().err
