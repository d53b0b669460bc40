"""The facts the engine judges: employees and the sixteen event types as slots dataclasses, the Event
union of them and Facts, the parsed input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import ConfigDict

from fuwu.policy.fact_fields import (
    Clock,
    Count,
    Date,
    Days,
    Flag,
    Moment,
    Openings,
    OptionalClock,
    OptionalMoment,
    OptionalMoney,
    OptionalText,
    Ref,
    Run,
    Score,
    Seed,
    SequenceNumber,
    ShiftEnd,
    Tags,
    Text,
    one_of,
)

_FORBID = ConfigDict(extra="forbid")


@dataclass(slots=True)
class Employee:
    """A person facts are about; ``daily_wage`` is always set after parsing (monthly ÷ 21.75 if absent)."""

    __pydantic_config__ = _FORBID
    id: Text
    daily_wage: OptionalMoney = None
    monthly_wage: OptionalMoney = None
    manager: OptionalText = None
    full_attendance_bonus: OptionalMoney = None
    # Opening balances of counters that span months (decision 0011): incidents of each clause recorded
    # before the input (p04.8's repeat escalation), and damage compensation still to be taken from the
    # first month of the input on (the carried-forward part above the 20 % cap).
    opening_incidents: Openings = None
    opening_carry: OptionalMoney = None
    # Consecutive absent scheduled shifts that end the history before the input (p01.3.3, p04.9 runs).
    opening_absence_run: Run = 0


@dataclass(slots=True)
class Attendance:
    """One scheduled shift of an employee; times are minutes of the local day, None = no clock."""

    __pydantic_config__ = _FORBID
    type: Literal["attendance"]
    employee: Text
    date: Date
    shift_start: Clock
    shift_end: ShiftEnd
    clock_in: OptionalClock = None
    clock_out: OptionalClock = None

    ref: Ref = None


@dataclass(slots=True)
class Leave:
    __pydantic_config__ = _FORBID
    type: Literal["leave"]
    employee: Text
    leave_type: Annotated[str, one_of("personal", "sick")]
    start: Date
    days: Days
    notified_at: Moment

    ref: Ref = None


@dataclass(slots=True)
class Incident:
    __pydantic_config__ = _FORBID
    type: Literal["incident"]
    employee: Text
    clause: Text
    at: Moment
    amount: OptionalMoney = None
    cost: OptionalMoney = None
    concealed: Flag = False
    manager_on_duty: OptionalText = None

    ref: Ref = None


@dataclass(slots=True)
class OrderCreated:
    __pydantic_config__ = _FORBID
    type: Literal["work_order.created"]
    order: Text
    at: Moment
    tags: Tags = frozenset()
    appointment: OptionalMoment = None
    rework_of: OptionalText = None

    ref: Ref = None


@dataclass(slots=True)
class OrderArrived:
    __pydantic_config__ = _FORBID
    type: Literal["work_order.arrived"]
    order: Text
    at: Moment

    ref: Ref = None


@dataclass(slots=True)
class OrderCompleted:
    __pydantic_config__ = _FORBID
    type: Literal["work_order.completed"]
    order: Text
    at: Moment

    ref: Ref = None


@dataclass(slots=True)
class ReturnVisit:
    __pydantic_config__ = _FORBID
    type: Literal["return_visit"]
    order: Text
    at: Moment
    channel: Annotated[str, one_of("visit", "phone", "intercom")]
    score: Score

    ref: Ref = None


@dataclass(slots=True)
class BatchReceived:
    __pydantic_config__ = _FORBID
    type: Literal["batch_repair.received"]
    batch: Text
    at: Moment
    units: Count

    ref: Ref = None


@dataclass(slots=True)
class BatchDelivered:
    __pydantic_config__ = _FORBID
    type: Literal["batch_repair.delivered"]
    batch: Text
    at: Moment

    ref: Ref = None


@dataclass(slots=True)
class CustomerContact:
    __pydantic_config__ = _FORBID
    type: Literal["customer.contact"]
    customer: Text
    at: Moment
    reason: Annotated[str, one_of("vehicle_dropoff", "vehicle_pickup", "consultation")]

    ref: Ref = None


@dataclass(slots=True)
class FollowUpCall:
    __pydantic_config__ = _FORBID
    type: Literal["follow_up.call"]
    customer: Text
    at: Moment
    sequence: SequenceNumber
    emergency: Flag = False

    ref: Ref = None


@dataclass(slots=True)
class Campaign:
    __pydantic_config__ = _FORBID
    type: Literal["campaign"]
    campaign: Text
    date: Date

    ref: Ref = None


@dataclass(slots=True)
class MoveIn:
    __pydantic_config__ = _FORBID
    type: Literal["move_in"]
    household: Text
    date: Date

    ref: Ref = None


@dataclass(slots=True)
class StorageDeposit:
    __pydantic_config__ = _FORBID
    type: Literal["storage.deposit"]
    item: Text
    at: Moment

    ref: Ref = None


@dataclass(slots=True)
class Visitor:
    __pydantic_config__ = _FORBID
    type: Literal["visitor"]
    employee: Text
    start: Moment
    end: Moment
    approved: Flag

    ref: Ref = None


@dataclass(slots=True)
class Period:
    __pydantic_config__ = _FORBID
    type: Literal["period"]
    start: Moment
    end: Moment
    seed: Seed = 0

    ref: Ref = None


Event = (
    Attendance
    | Leave
    | Incident
    | OrderCreated
    | OrderArrived
    | OrderCompleted
    | ReturnVisit
    | BatchReceived
    | BatchDelivered
    | CustomerContact
    | FollowUpCall
    | Campaign
    | MoveIn
    | StorageDeposit
    | Visitor
    | Period
)

# Events that happen to a subject other than an employee: (subject kind, the field naming the subject).
SUBJECT_FIELD: dict[str, tuple[str, str]] = {
    "work_order.created": ("order", "order"),
    "work_order.arrived": ("order", "order"),
    "work_order.completed": ("order", "order"),
    "return_visit": ("order", "order"),
    "batch_repair.received": ("batch", "batch"),
    "batch_repair.delivered": ("batch", "batch"),
    "customer.contact": ("customer", "customer"),
    "follow_up.call": ("customer", "customer"),
    "campaign": ("campaign", "campaign"),
    "move_in": ("household", "household"),
    "storage.deposit": ("item", "item"),
}


@dataclass(slots=True)
class Facts:
    """Parsed input: employees by id and events in input order."""

    employees: dict[str, Employee]
    events: list[Event]
