"""Malformed eval input is refused with one message naming the event index and field in plain words."""

from __future__ import annotations

from typing import Any

import pytest

from fuwu.policy.facts import InputError, parse_facts
from tests.policy.conftest import E1, make_policy

POLICY = make_policy("p01", "p09")
SHIFT = {
    "type": "attendance",
    "employee": "E1",
    "date": "2026-03-02",
    "shift_start": "09:00",
    "shift_end": "18:00",
    "clock_in": "09:00",
    "clock_out": "18:00",
}


def refusal(data: Any) -> str:
    with pytest.raises(InputError) as raised:
        parse_facts(data, POLICY)
    return raised.value.message


def with_event(index: int, **change: Any) -> dict[str, Any]:
    events: list[dict[str, Any]] = [dict(SHIFT) for _ in range(index + 1)]
    events[index].update(change)
    return {"employees": [E1], "events": events}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"clock_in": "9点"}, "events[3].clock_in: expected a local time HH:MM, got '9点'"),
        ({"clock_in": "25:00"}, "events[3].clock_in: expected a local time HH:MM, got '25:00'"),
        ({"clock_in": 900}, "events[3].clock_in: expected a local time HH:MM, got 900"),
        ({"date": "2026/03/02"}, "events[3].date: expected a date YYYY-MM-DD, got '2026/03/02'"),
        ({"date": "2026-02-30"}, "events[3].date: expected a date YYYY-MM-DD, got '2026-02-30'"),
        ({"employee": "E9"}, "events[3].employee: no employee 'E9' in employees"),
        ({"colour": "red"}, "events[3].colour: unknown field"),
        ({"type": "lunch"}, "events[3].type: unknown event type 'lunch'"),
    ],
)
def test_a_wrong_attendance_field_is_named_with_its_event_index(change: dict[str, Any], message: str) -> None:
    assert refusal(with_event(3, **change)) == message


def test_a_missing_field_is_named() -> None:
    data = with_event(0)
    del data["events"][0]["shift_start"]
    assert refusal(data) == "events[0].shift_start: required field is missing"


def test_an_event_without_a_type_is_refused() -> None:
    assert (
        refusal({"employees": [E1], "events": [{"employee": "E1"}]})
        == "events[0].type: required field is missing"
    )


def test_a_datetime_without_offset_is_refused() -> None:
    event = {"type": "work_order.created", "order": "W1", "at": "2026-03-02T10:00:00", "tags": []}
    message = refusal({"employees": [], "events": [event]})
    assert message.startswith("events[0].at: expected a datetime with its offset")


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            {
                "type": "work_order.created",
                "order": "W1",
                "at": "2026-03-02T10:00:00+08:00",
                "tags": ["urgent"],
            },
            "events[0].tags: expected tags among",
        ),
        (
            {
                "type": "leave",
                "employee": "E1",
                "leave_type": "annual",
                "start": "2026-03-02",
                "days": 1,
                "notified_at": "2026-03-01T10:00:00+08:00",
            },
            "events[0].leave_type: expected one of personal, sick, got 'annual'",
        ),
        (
            {
                "type": "leave",
                "employee": "E1",
                "leave_type": "sick",
                "start": "2026-03-02",
                "days": 0.3,
                "notified_at": "2026-03-01T10:00:00+08:00",
            },
            "events[0].days: expected a positive number of days in halves",
        ),
        (
            {
                "type": "return_visit",
                "order": "W1",
                "at": "2026-03-02T10:00:00+08:00",
                "channel": "visit",
                "score": 6,
            },
            "events[0].score: expected a score from 1 to 5, got 6",
        ),
        (
            {"type": "follow_up.call", "customer": "K1", "at": "2026-03-02T10:00:00+08:00", "sequence": 3},
            "events[0].sequence: expected 1 or 2, got 3",
        ),
        (
            {"type": "batch_repair.received", "batch": "B1", "at": "2026-03-02T10:00:00+08:00", "units": 0},
            "events[0].units: expected a whole number from 1 to 1000000, got 0",
        ),
        (
            {
                "type": "incident",
                "employee": "E1",
                "clause": "p01.1",
                "at": "2026-03-02T10:00:00+08:00",
                "concealed": "yes",
            },
            "events[0].concealed: expected true or false, got 'yes'",
        ),
        (
            {
                "type": "work_order.created",
                "order": "W1",
                "at": "2026-03-02T10:00:00+08:00",
                "appointment": "2026-03-02T09:00:00+08:00",
            },
            "events[0].appointment: must not be before the order is created",
        ),
        (
            {"type": "period", "start": "2026-03-02T10:00:00+08:00", "end": "2026-03-01T10:00:00+08:00"},
            "events[0].end: must not be before start",
        ),
    ],
)
def test_a_wrong_field_of_another_event_type_is_named(event: dict[str, Any], message: str) -> None:
    assert refusal({"employees": [E1], "events": [event]}).startswith(message)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "input: expected an object"),
        ({"employees": [E1]}, "events: required field is missing"),
        ({"employees": [E1], "events": {}}, "events: expected a list, got {}"),
        ({"employees": [E1], "events": [], "site": "x"}, "site: unknown field"),
        ({"employees": [{"id": "E1"}], "events": []}, "employees[0]: needs daily_wage or monthly_wage"),
        ({"employees": [E1, E1], "events": []}, "employees[1].id: employee 'E1' is listed twice"),
        (
            {"employees": [{"id": "E1", "daily_wage": "-1"}], "events": []},
            "employees[0].daily_wage: expected",
        ),
        (
            {"employees": [{"id": "E1", "daily_wage": "1.234"}], "events": []},
            "employees[0].daily_wage: expected",
        ),
    ],
)
def test_the_input_as_a_whole_is_checked(data: Any, message: str) -> None:
    assert refusal(data).startswith(message)


def test_the_first_problem_is_reported() -> None:
    data = with_event(2, clock_in="x")
    data["events"][1]["clock_out"] = "y"
    assert refusal(data).startswith("events[1].clock_out")


def test_clock_times_accept_seconds_and_keep_whole_minutes() -> None:
    facts = parse_facts(with_event(0, clock_in="09:20:59", shift_end="24:00"), POLICY)
    shift = facts.events[0]
    assert (shift.clock_in, shift.shift_end) == (9 * 60 + 20, 24 * 60)  # type: ignore[union-attr]
