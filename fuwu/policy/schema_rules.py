"""The rule models of a pack, one per ``type``: what each kind of clause says in numbers.

See ``schema`` for how rules sit in clauses and packs, and ``docs/pack-format.md`` for examples.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from fuwu.policy.schema_base import (
    CLAUSE_ID,
    DeadlineWhat,
    DurationOrParam,
    DurationText,
    EventType,
    Metric,
    Money,
    MoneyOrParam,
    Multiple,
    ParamRef,
    Role,
    Share,
    ShareOrParam,
    Strict,
    Tag,
    _check_clock,
    parse_duration,
)

# ---------------------------------------------------------------- conditions on a starting event


class When(Strict):
    """Conditions on the event that starts a deadline or window; all given ones must hold."""

    tags_any: list[Tag] | None = None  # at least one of these tags
    tags_none: list[Tag] | None = None  # none of these tags
    reasons: list[Literal["vehicle_dropoff", "vehicle_pickup", "consultation", "complaint"]] | None = None
    sequence: Literal[1, 2] | None = None  # follow_up.call
    score_at_most: int | None = Field(default=None, ge=1, le=5)  # return_visit
    # Inclusive local time-of-day bounds of the event (p10.3.7: 08:00 and 17:30 count, 07:59 and 17:31 don't).
    local_time_from: str | None = None
    local_time_until: str | None = None
    has_appointment: bool | None = None

    @field_validator("local_time_from", "local_time_until")
    @classmethod
    def clock(cls, value: str | None) -> str | None:
        return None if value is None else _check_clock(value)


class Satisfier(Strict):
    """The later event of the same subject that meets a deadline or is judged by a window."""

    event: EventType
    sequence: Literal[1, 2] | None = None  # for follow_up.call


# ---------------------------------------------------------------- rules, one model per type


class Fine(Strict):
    """penalty: a fixed amount per recorded incident of this clause."""

    type: Literal["fine"]
    amount: MoneyOrParam


class Reward(Strict):
    """reward: a fixed amount per recorded incident of this clause."""

    type: Literal["reward"]
    amount: MoneyOrParam


class LatenessTier(Strict):
    up_to: int = Field(ge=1)  # whole minutes, inclusive
    amount: Money


class LatenessTiers(Strict):
    """penalty: lateness / early leave by whole minutes; beyond the last tier the day is an absence."""

    type: Literal["lateness_tiers"]
    tiers: list[LatenessTier] = Field(min_length=1)
    beyond: Literal["absence"] = "absence"
    absence_clause: str = Field(pattern=CLAUSE_ID)  # the clause that judges the day as an absence

    @model_validator(mode="after")
    def tiers_ascend(self) -> LatenessTiers:
        bounds = [tier.up_to for tier in self.tiers]
        if bounds != sorted(set(bounds)):
            raise ValueError("tiers must be in strictly ascending order of up_to")
        return self


class JointLiability(Strict):
    who: Literal["manager_on_duty", "manager"]
    multiple: Multiple


class RecordedAmount(Strict):
    """penalty: the recorder sets the amount (at least ``minimum``); optional joint liability."""

    type: Literal["recorded_amount"]
    minimum: Money = Decimal("0")
    maximum: Money | None = None
    joint_liability: JointLiability | None = None


class Damage(Strict):
    """penalty: damage to company property: cost × multiple (reported vs concealed), as compensation."""

    type: Literal["damage"]
    reported_multiple: Multiple
    concealed_multiple: Multiple


class LeaveDeduction(Strict):
    """deduction: leave days × multiple × daily wage, by leave type; half days allowed."""

    type: Literal["leave_deduction"]
    multiples: dict[Literal["personal", "sick"], Multiple]


class AbsenceDeduction(Strict):
    """deduction: each absent scheduled day × multiple × daily wage."""

    type: Literal["absence_deduction"]
    multiple: Multiple


class FullAttendanceForfeit(Strict):
    """deduction: any lateness, early leave, leave or absence in a month forfeits the month's bonus, once."""

    type: Literal["full_attendance_forfeit"]
    amount: MoneyOrParam


class LeaveNotice(Strict):
    """deduction: leave not notified on an earlier calendar day than its first day counts as absence."""

    type: Literal["leave_notice"]
    absence_clause: str = Field(pattern=CLAUSE_ID)


class ConsecutiveAbsence(Strict):
    """status: N consecutive scheduled days of absence change the employee's status."""

    type: Literal["consecutive_absence"]
    days: int = Field(ge=1)
    status: Literal["auto_resignation", "removal"]
    needs_review: str | None = None  # a wage withholding the law forbids doing automatically


class RepeatEscalation(Strict):
    """status: the employee's incidents of this clause beyond ``allowed`` lead to a status proposal."""

    type: Literal["repeat_escalation"]
    allowed: int = Field(ge=0)
    status: Literal["dismissal_proposal"]
    needs_review: str | None = None


class Status(Strict):
    """status: a status change the application performs (levels, probation, stand-in); metadata only."""

    type: Literal["status"]
    statuses: list[str] = Field(min_length=1)
    needs_review: str | None = None


class Deadline(Strict):
    """deadline: ``what`` is due ``within`` after the starting event (or ``before`` a dated event)."""

    type: Literal["deadline"]
    what: DeadlineWhat
    trigger: EventType
    when: When | None = None
    within: DurationOrParam | None = None
    before: DurationText | None = None  # due this long before the event's date (p16.b6)
    per_units: int | None = Field(default=None, ge=1)  # within × ceil(units ÷ per_units) (p12.8)
    use_appointment: bool = False  # the appointment, when there is one, is the deadline (p09.2a)
    met_by: Satisfier | None = None

    @model_validator(mode="after")
    def one_anchor(self) -> Deadline:
        if (self.within is None) == (self.before is None):
            raise ValueError("a deadline needs exactly one of 'within' or 'before'")
        for value in (self.within, self.before):
            if isinstance(value, str):
                parse_duration(value)
        return self


class Window(Strict):
    """window: the satisfying event must fall in [anchor + earliest, anchor + latest] (both inclusive)."""

    type: Literal["window"]
    what: DeadlineWhat
    trigger: EventType
    when: When | None = None
    anchor: Literal["at", "appointment"] = "at"  # the starting event's time, or its appointment
    earliest: str  # signed duration from the anchor: -5m, 3d
    latest: str
    checked_by: Satisfier

    @field_validator("earliest", "latest")
    @classmethod
    def signed_duration(cls, value: str) -> str:
        parse_duration(value.lstrip("+-"))
        return value


class TimeRange(Strict):
    """Local times: ``from`` inclusive; end either ``before`` (exclusive) or ``until`` (inclusive)."""

    from_: str = Field(alias="from")
    before: str | None = None
    until: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def one_end(self) -> TimeRange:
        _check_clock(self.from_)
        if (self.before is None) == (self.until is None):
            raise ValueError("a time range needs exactly one of 'before' or 'until'")
        _check_clock(self.before or self.until or "")
        return self


class CallHours(Strict):
    """window: calls to owners only in the allowed local times, unless an emergency (p08.23)."""

    type: Literal["call_hours"]
    trigger: Literal["follow_up.call"]
    allowed: list[TimeRange] = Field(min_length=1)
    except_emergency: bool = True


class MaxDuration(Strict):
    """window: an event with a start and end may last at most ``within`` (p11.8 visitors)."""

    type: Literal["max_duration"]
    trigger: Literal["visitor"]
    within: DurationText

    @field_validator("within")
    @classmethod
    def duration(cls, value: str) -> str:
        parse_duration(value)
        return value


class Quota(Strict):
    """quota: a rate over a period compared with its target."""

    type: Literal["quota"]
    metric: Metric
    target: ShareOrParam
    compare: Literal[">=", ">", "<=", "<"]
    rings: int | None = Field(default=None, ge=1)  # answered_within_rings
    # rework_rate: a reopening or rework order this soon after completion counts as rework (p10.3.2c: 30d).
    rework_within: DurationOrParam | None = None
    # satisfaction_rate: a return visit scoring at least this is satisfied (p10.3.2d: 4, i.e. 4 or 5).
    satisfied_min_score: Annotated[int, Field(ge=1, le=5)] | ParamRef | None = None

    @model_validator(mode="after")
    def parameters_fit(self) -> Quota:
        if isinstance(self.rework_within, str):
            parse_duration(self.rework_within)
        if self.rework_within is not None and self.metric != "rework_rate":
            raise ValueError("'rework_within' belongs to metric rework_rate")
        if self.satisfied_min_score is not None and self.metric != "satisfaction_rate":
            raise ValueError("'satisfied_min_score' belongs to metric satisfaction_rate")
        return self


PERFORMANCE = "绩效"


class WeightedScore(Strict):
    """quota: a score as a weighted sum; weights sum to 1; ``largest`` names the weight that must dominate."""

    type: Literal["weighted_score"]
    metric: Literal["selection_score", "appraisal_score"]
    weights: dict[str, Share] = Field(min_length=1)
    largest: str | None = None

    @model_validator(mode="after")
    def weights_sum_to_one(self) -> WeightedScore:
        total = sum(self.weights.values(), Decimal(0))
        if total != Decimal(1):
            raise ValueError(f"weights must sum to 1, they sum to {total}")
        # p05.appraise: 绩效 must weigh most, whether or not the pack says so with ``largest``.
        largest = self.largest or (PERFORMANCE if self.metric == "appraisal_score" else None)
        if largest is not None:
            if largest not in self.weights:
                raise ValueError(f"{largest!r} must have the largest weight, but it has no weight")
            top = self.weights[largest]
            if any(w >= top for name, w in self.weights.items() if name != largest):
                raise ValueError(f"the weight of {largest!r} must be larger than every other weight")
        return self


class Sampling(Strict):
    """sampling: ceil(share × n) of the period's population, chosen reproducibly from a seed."""

    type: Literal["sampling"]
    population: Literal["completed_orders"]
    share: ShareOrParam
    what: Literal["return_visit"] = "return_visit"


class Pareto(Strict):
    """sampling: the smallest set of customers bringing ``revenue_share`` of revenue (p05.core)."""

    type: Literal["pareto"]
    revenue_share: Share


class Approval(Strict):
    """approval: an action that takes effect only when approved by ``by``."""

    type: Literal["approval"]
    by: Role
    action: str  # short description, Chinese
    above_amount: MoneyOrParam | None = None  # above this, ``escalate_to`` approves instead
    escalate_to: Role | None = None
    unapproved: Literal["violation", "costs_to_customer", "refused"] = "violation"


class Register(Strict):
    """register: a log or form that must be kept, with the fields it records."""

    type: Literal["register"]
    name: str  # Chinese name of the register/form
    fields: list[str] = Field(min_length=1)
    append_only: bool = False
    checklist: bool = False  # the fields are checklist items ticked per record


class Recurrence(Strict):
    """When a duty falls due. ``event``: on a happening, no calendar; ``shift``: per shift worked."""

    every: Literal["minutes", "day", "week", "month", "year", "shift", "event"]
    minutes: int | None = Field(default=None, ge=1)  # every: minutes
    at: str | None = None  # local HH:MM; default 09:00 for day/week/month/year
    weekday: int | None = Field(default=None, ge=1, le=7)  # every: week (1 = Monday; default 1)
    day: int | Literal["last"] | None = None  # every: month/year (default 1)
    month: int | None = Field(default=None, ge=1, le=12)  # every: year (default 1)
    times: int | None = Field(default=None, ge=1)  # every: shift
    starts: str | None = None  # every: minutes: local HH:MM window start (default 00:00)
    ends: str | None = None  # every: minutes: local HH:MM window end (default 24:00)
    # Which days by the Chinese work calendar (调休 honoured): any day, workdays only, or rest days only
    # (public holidays and weekends not worked; p12.7 forwards calls 放假期间).
    on: Literal["any", "workdays", "holidays"] = "any"

    @model_validator(mode="after")
    def fields_fit(self) -> Recurrence:
        if self.every == "minutes" and self.minutes is None:
            raise ValueError("'every: minutes' needs 'minutes'")
        for value in (self.at, self.starts, self.ends):
            if value is not None:
                _check_clock(value)
        if isinstance(self.day, int) and not 1 <= self.day <= 31:
            raise ValueError("'day' must be 1–31 or 'last'")
        return self


class Duty(Strict):
    """duty: a recurring obligation with a checklist and a record of who did it."""

    type: Literal["duty"]
    what: str = Field(pattern=r"^[a-z][a-z0-9_]*$")  # short English name, the task's ``what``
    title: str  # Chinese
    recurrence: Recurrence
    checklist: list[str] = Field(default_factory=list)
    role: Role | None = None
