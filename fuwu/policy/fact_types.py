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
    # How many times a clause priced per time or per point applies at once (p05.income: the month's
    # behaviour points); a fixed fine or reward is that many times its amount.
    quantity: Count = 1

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
    reason: Annotated[str, one_of("vehicle_dropoff", "vehicle_pickup", "consultation", "complaint")]

    ref: Ref = None


@dataclass(slots=True)
class CustomerFiled:
    """The customer's file was made (meets p16.b2's archive deadline)."""

    __pydantic_config__ = _FORBID
    type: Literal["customer.filed"]
    customer: Text
    at: Moment

    ref: Ref = None


@dataclass(slots=True)
class CustomerReplied:
    """The customer was answered (meets p14.4.1's reply deadline)."""

    __pydantic_config__ = _FORBID
    type: Literal["customer.replied"]
    customer: Text
    at: Moment

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
    # When the campaign was decided: it is judged then (its notices are owed before its date, and a notice
    # given after the decision meets them); without it, on its date.
    decided_at: OptionalMoment = None

    ref: Ref = None


@dataclass(slots=True)
class CampaignPhoned:
    """The campaign's customers were told by phone (meets p16.b6's call deadline)."""

    __pydantic_config__ = _FORBID
    type: Literal["campaign.phoned"]
    campaign: Text
    at: Moment

    ref: Ref = None


@dataclass(slots=True)
class CampaignMailed:
    """The campaign's letters were sent (meets p16.b6's letter deadline)."""

    __pydantic_config__ = _FORBID
    type: Literal["campaign.mailed"]
    campaign: Text
    at: Moment

    ref: Ref = None


@dataclass(slots=True)
class MoveIn:
    __pydantic_config__ = _FORBID
    type: Literal["move_in"]
    household: Text
    date: Date

    ref: Ref = None


@dataclass(slots=True)
class HouseholdVisited:
    """The new owner was visited (meets p08.5's visit deadline)."""

    __pydantic_config__ = _FORBID
    type: Literal["household.visited"]
    household: Text
    at: Moment

    ref: Ref = None


@dataclass(slots=True)
class StorageDeposit:
    __pydantic_config__ = _FORBID
    type: Literal["storage.deposit"]
    item: Text
    at: Moment

    ref: Ref = None


@dataclass(slots=True)
class StorageCollected:
    """The stored item was collected (meets p15.c3's collection deadline)."""

    __pydantic_config__ = _FORBID
    type: Literal["storage.collected"]
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
    | CustomerFiled
    | CustomerReplied
    | FollowUpCall
    | Campaign
    | CampaignPhoned
    | CampaignMailed
    | MoveIn
    | HouseholdVisited
    | StorageDeposit
    | StorageCollected
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
    "customer.filed": ("customer", "customer"),
    "customer.replied": ("customer", "customer"),
    "follow_up.call": ("customer", "customer"),
    "campaign": ("campaign", "campaign"),
    "campaign.phoned": ("campaign", "campaign"),
    "campaign.mailed": ("campaign", "campaign"),
    "move_in": ("household", "household"),
    "household.visited": ("household", "household"),
    "storage.deposit": ("item", "item"),
    "storage.collected": ("item", "item"),
}


@dataclass(slots=True)
class Facts:
    """Parsed input: employees by id and events in input order."""

    employees: dict[str, Employee]
    events: list[Event]
