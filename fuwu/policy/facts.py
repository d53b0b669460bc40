"""The facts the engine judges: the ``policy eval`` input, parsed and checked.

Input is ``{"employees": [...], "events": [...]}`` as in the digest's evaluation contract (the facts'
dataclasses are in ``fact_types``, their fields are parsed by ``fact_fields``). Parsing
validates the whole input in one pydantic pass straight into light slots dataclasses (no pydantic object
per event survives), then checks what needs the policy. The first problem found is raised as
``InputError`` whose message names the place in plain words, e.g.
``events[3].clock_in: expected a local time HH:MM, got '9点'``. Unknown fields are errors.

Beyond the digest, the input accepts these optional extensions:

* employee ``full_attendance_bonus``: this employee's 全勤奖, overriding the pack parameter of p01.3;
* employee ``monthly_wage`` next to ``daily_wage``: the base of the 20 % cap on damage compensation
  (without it the cap uses daily wage × 21.75);
* ``work_order.created`` ``rework_of``: the id of an earlier order this one reworks (for p10.3.2c);
* every event ``ref``: a text of at most 200 characters naming where the event came from; it comes back on
  the event's decisions and makes their ``key`` (decision 0011);
* employee ``opening_incidents`` ({clause id: count}), ``opening_carry`` (money) and
  ``opening_absence_run`` (count): counters that span months, as they stood before the input (0011);
* clock times (``shift_start``, ``shift_end``, ``clock_in``, ``clock_out``) accept ``HH:MM`` or
  ``HH:MM:SS``; seconds are dropped. ``shift_end`` may be ``24:00``.

Times of day are kept as minutes of the local day (``int``), dates as ``datetime.date`` and moments as
aware ``datetime``; money, days and units as ``Decimal``/``int``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError

from fuwu.policy.fact_fields import DEFAULT_TZ, LONGEST_PERIOD, _show
from fuwu.policy.fact_types import (
    SUBJECT_FIELD,
    Attendance,
    BatchDelivered,
    BatchReceived,
    Campaign,
    CustomerContact,
    Employee,
    Event,
    Facts,
    FollowUpCall,
    Incident,
    Leave,
    MoveIn,
    OrderArrived,
    OrderCompleted,
    OrderCreated,
    Period,
    ReturnVisit,
    StorageDeposit,
    Visitor,
)
from fuwu.policy.policy import Policy
from fuwu.policy.schema import Damage, Fine, RecordedAmount, Reward

# The fact types are defined in fact_types; they stay importable from here, where callers have always
# found them next to parse_facts.
__all__ = [
    "CENT",
    "PAID_DAYS_A_MONTH",
    "SUBJECT_FIELD",
    "Attendance",
    "BatchDelivered",
    "BatchReceived",
    "Campaign",
    "CustomerContact",
    "Employee",
    "Event",
    "Facts",
    "FollowUpCall",
    "Incident",
    "InputError",
    "Leave",
    "MoveIn",
    "OrderArrived",
    "OrderCompleted",
    "OrderCreated",
    "Period",
    "ReturnVisit",
    "StorageDeposit",
    "Visitor",
    "parse_facts",
]


class InputError(Exception):
    """The eval input is malformed; ``message`` names the event index and field in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(slots=True)
class _Input:
    __pydantic_config__ = ConfigDict(extra="forbid")
    employees: list[Employee]
    events: list[Annotated[Event, Field(discriminator="type")]]


_ADAPTER: TypeAdapter[_Input] = TypeAdapter(_Input)

# Daily wage from a monthly wage: the statutory 21.75 paid days a month.
PAID_DAYS_A_MONTH = Decimal("21.75")
CENT = Decimal("0.01")


def parse_facts(data: Any, policy: Policy, *, tz: str | ZoneInfo = DEFAULT_TZ) -> Facts:
    """Return the facts of ``data`` or raise InputError naming the first problem.

    ``tz`` is the site's zone: a clause must be in force on the event's local date there, whatever offset
    the input wrote its time with."""
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    if not isinstance(data, dict):
        raise InputError(
            f'input: expected an object {{"employees": [...], "events": [...]}}, got {_show(data)}'
        )
    try:
        parsed = _ADAPTER.validate_python(data)
    except ValidationError as error:
        raise InputError(_first_problem(error)) from None
    employees: dict[str, Employee] = {}
    for index, employee in enumerate(parsed.employees):
        where = f"employees[{index}]"
        if employee.id in employees:
            raise InputError(f"{where}.id: employee {employee.id!r} is listed twice")
        if employee.daily_wage is None:
            if employee.monthly_wage is None:
                raise InputError(f"{where}: needs daily_wage or monthly_wage")
            employee.daily_wage = (employee.monthly_wage / PAID_DAYS_A_MONTH).quantize(CENT)
        for clause in employee.opening_incidents or {}:
            if not policy.knows_clause(clause):
                raise InputError(f"{where}.opening_incidents: {clause!r} is not a clause of the loaded packs")
        employees[employee.id] = employee
    for index, event in enumerate(parsed.events):
        _check_event(index, event, employees, policy, zone)
    return Facts(employees=employees, events=parsed.events)


def _check_event(
    index: int, event: Event, employees: dict[str, Employee], policy: Policy, zone: ZoneInfo
) -> None:
    where = f"events[{index}]"
    person = getattr(event, "employee", None)
    if person is not None and person not in employees:
        raise InputError(f"{where}.employee: no employee {person!r} in employees")
    if isinstance(event, Attendance):
        if event.shift_end == event.shift_start:
            raise InputError(f"{where}.shift_end: the shift must not end when it starts")
    elif isinstance(event, Incident):
        if event.manager_on_duty is not None and event.manager_on_duty not in employees:
            # A fine of joint liability must fall on a known person with a wage, never on a stray name.
            raise InputError(f"{where}.manager_on_duty: no employee {event.manager_on_duty!r} in employees")
        _check_incident(where, event, policy, event.at.astimezone(zone).date())
    elif isinstance(event, OrderCreated):
        if event.appointment is not None and event.appointment < event.at:
            raise InputError(f"{where}.appointment: must not be before the order is created ({event.at})")
    elif isinstance(event, Visitor | Period) and event.end < event.start:
        raise InputError(f"{where}.end: must not be before start")
    elif isinstance(event, Period) and event.end - event.start > LONGEST_PERIOD:
        raise InputError(f"{where}.end: a period may last at most {LONGEST_PERIOD.days} days")


def _check_incident(where: str, event: Incident, policy: Policy, day: dt.date) -> None:
    if not policy.knows_clause(event.clause):
        raise InputError(f"{where}.clause: {event.clause!r} is not a clause of the loaded packs")
    found = policy.clause_at(event.clause, day)
    if found is None:
        raise InputError(f"{where}.clause: {event.clause} is not in force on {day} (local date)")
    _pack, clause = found
    recordable = [rule for rule in clause.rules if isinstance(rule, Fine | Reward | RecordedAmount | Damage)]
    if not recordable:
        raise InputError(f"{where}.clause: {event.clause} is not a penalty or reward clause for incidents")
    for rule in recordable:
        if isinstance(rule, RecordedAmount):
            if event.amount is None:
                raise InputError(f"{where}.amount: {event.clause} needs the amount the recorder sets")
            if event.amount < rule.minimum:
                raise InputError(
                    f"{where}.amount: {event.clause} needs at least {rule.minimum}, got {event.amount}"
                )
            if rule.maximum is not None and event.amount > rule.maximum:
                raise InputError(
                    f"{where}.amount: {event.clause} allows at most {rule.maximum}, got {event.amount}"
                )
        elif isinstance(rule, Damage) and event.cost is None:
            raise InputError(f"{where}.cost: {event.clause} needs the cost of the damage")
    if event.quantity != 1 and not any(isinstance(rule, Fine | Reward) for rule in recordable):
        raise InputError(f"{where}.quantity: {event.clause} has no amount per time to repeat")


def _place(loc: tuple[int | str, ...]) -> str:
    parts = list(loc)
    # A discriminated union puts the event type into the path (events, 3, attendance, clock_in): drop it.
    if len(parts) > 2 and parts[0] == "events" and isinstance(parts[1], int) and isinstance(parts[2], str):
        del parts[2]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "input"


def _first_problem(error: ValidationError) -> str:
    problem = error.errors(include_url=False)[0]
    kind, loc, given = problem["type"], tuple(problem["loc"]), problem.get("input")
    place = _place(loc)
    if kind == "value_error":
        return f"{place}: {str(problem['msg']).removeprefix('Value error, ')}"
    if kind == "missing" or kind == "missing_argument":
        return f"{place}: required field is missing"
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        return f"{place}: unknown field"
    if kind == "union_tag_not_found":
        return f"{place}.type: required field is missing"
    if kind == "union_tag_invalid":
        tag = given.get("type") if isinstance(given, dict) else given
        return f"{place}.type: unknown event type {_show(tag)}"
    if kind in ("list_type", "dict_type", "dataclass_type", "model_type"):
        wanted = "a list" if kind == "list_type" else "an object"
        return f"{place}: expected {wanted}, got {_show(given)}"
    if kind == "literal_error":
        return f"{place}: {str(problem['msg']).replace('Input should be', 'expected')}, got {_show(given)}"
    return f"{place}: {problem['msg']}, got {_show(given)}"
