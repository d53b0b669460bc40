"""What the engine keeps while judging one input, shared by its parts (people, orders, periods).

``State`` holds the facts, the compiled rules, the running counters of each person and subject, and the
event being judged (its ``ref`` and ``source``), so that every decision made while judging it carries
the same identity. The parts of the engine (``engine_people``, ``engine_orders``, ``engine_period``)
are mixins over ``State``; ``engine.evaluate`` puts them together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from fuwu.policy.calendar import WorkCalendar
from fuwu.policy.compiled import Cite, DeadlineRule, WindowRule, compiler_for
from fuwu.policy.decisions import Decision
from fuwu.policy.fact_types import Employee, Facts, Period
from fuwu.policy.policy import Policy

CENT = Decimal("0.01")
PAID_DAYS_A_MONTH = Decimal("21.75")
COMPENSATION_CAP = Decimal("0.20")  # 《工资支付暂行规定》第十六条: at most 20 % of the month's wage
MAX_CARRY_MONTHS = 120  # beyond ten years of carry-over the rest goes to a person, not to the ledger
END_OF_DAY = dt.time(23, 59, 59)


@dataclass(slots=True)
class Person:
    employee: Employee
    daily: Decimal
    monthly: Decimal
    run: int = 0  # consecutive absent shifts so far
    forfeited: set[tuple[str, int, int]] = field(default_factory=set)
    incidents: dict[str, int] = field(default_factory=dict)
    compensated: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    absence_amounts: dict[Decimal, Decimal] = field(default_factory=dict)


@dataclass(slots=True)
class Candidate:
    rule: DeadlineRule
    due: dt.datetime
    because: str


@dataclass(slots=True)
class Group:
    """Deadlines of one subject for the same thing: the earliest due binds.

    The group keeps the identity of the event that started it, so its key does not change when a
    tighter clause binds later."""

    subject: tuple[str, str]
    what: str
    met_by: tuple[str, int | None] | None
    started: dt.datetime
    serial: int
    binding: Candidate
    ref: str | None
    source: str
    status: str = "open"
    met_at: dt.datetime | None = None
    met_source: str | None = None

    def to_decision(self, zone: ZoneInfo, as_of: dt.datetime | None) -> Decision:
        """The deadline as it stands: met, breached (late, or still open past ``as_of``) or open."""
        cite = self.binding.rule.cite
        due = self.binding.due.astimezone(zone)  # every datetime leaves in the site's zone
        status = self.status
        if status == "open" and as_of is not None and due < as_of:
            status = "breached"
        return Decision(
            kind="deadline",
            subject=self.subject[1],
            clause=cite.clause,
            pack=cite.pack,
            version=cite.version,
            because=self.binding.because,
            what=self.what,
            due=due,
            status=status,
            met_at=None if self.met_at is None else self.met_at.astimezone(zone),
            met_by=self.met_source,
            breached_at=due if status == "breached" else None,
            ref=self.ref,
            key=f"deadline|{self.subject[1]}|{self.what}|{self.source}",
        )


@dataclass(slots=True)
class OpenWindow:
    rule: WindowRule
    anchor: dt.datetime
    earliest: dt.datetime
    latest: dt.datetime
    decision: Decision


class State:
    """The facts, the rules and everything counted so far while judging them."""

    def __init__(
        self,
        policy: Policy,
        facts: Facts,
        zone: ZoneInfo,
        as_of: dt.datetime | None = None,
        calendar: WorkCalendar | None = None,
    ) -> None:
        self.policy = policy
        self.facts = facts
        self.zone = zone
        self.as_of = as_of
        self.calendar = calendar if calendar is not None else WorkCalendar()
        self.rules = compiler_for(policy)
        self.out: list[Decision] = []
        self.people: dict[str, Person] = {}
        for employee in facts.employees.values():
            daily = employee.daily_wage if employee.daily_wage is not None else Decimal(0)
            monthly = (
                employee.monthly_wage if employee.monthly_wage is not None else daily * PAID_DAYS_A_MONTH
            )
            person = self.people[employee.id] = Person(employee, daily, monthly)
            person.incidents.update(employee.opening_incidents or {})
            person.run = employee.opening_absence_run
        self.orders: dict[str, tuple[frozenset[str], dt.datetime | None]] = {}
        self.groups: dict[tuple[str, str], list[Group]] = {}
        self.closed: list[Group] = []
        self.visit_deadlines: dict[str, list[Group]] = {}  # order → its return-visit deadlines
        self.windows: dict[tuple[str, str], list[OpenWindow]] = {}
        self.serial = 0
        self.completions: list[tuple[str, dt.datetime]] = []
        self.completed_at: dict[str, list[dt.datetime]] = {}
        self.rework_refs: dict[str, list[dt.datetime]] = {}
        self.visits: list[tuple[str, dt.datetime, int]] = []
        self.periods: list[tuple[Period, str | None, str]] = []
        # The event being judged: its ref (or None) and its source, the last part of every key it makes.
        self.ref: str | None = None
        self.source = ""

    def local(self, day: dt.date, minute: int) -> dt.datetime:
        """The moment ``minute`` minutes into the local day ``day``."""
        moment = dt.datetime.combine(day, dt.time(), tzinfo=self.zone)
        return moment if minute == 0 else (moment + dt.timedelta(minutes=minute)).astimezone(self.zone)

    def emit(
        self, kind: str, subject: str, cite: Cite, because: str, detail: str = "", **fields: object
    ) -> Decision:
        """Record a decision of the event being judged; ``detail`` tells apart two of one event."""
        key = f"{kind}|{subject}|{cite.clause}|{self.source}"
        decision = Decision(
            kind,  # type: ignore[arg-type]
            subject,
            cite.clause,
            cite.pack,
            cite.version,
            because,
            ref=self.ref,
            key=f"{key}|{detail}" if detail else key,
            **fields,  # type: ignore[arg-type]
        )
        self.out.append(decision)
        return decision

    def open_carry(self, first_month: tuple[int, int]) -> None:
        """Let each employee's ``opening_carry`` occupy the 20 % cap from ``first_month`` on, as the
        carried-forward compensation of earlier months does when those months are in the input."""
        for person in self.people.values():
            carry = person.employee.opening_carry
            if not carry:
                continue
            cap = (person.monthly * COMPENSATION_CAP).quantize(CENT, ROUND_HALF_UP)
            if cap <= 0:
                continue
            year, month = first_month
            for _step in range(MAX_CARRY_MONTHS):
                if carry <= 0:
                    break
                take = min(carry, cap)
                person.compensated[(year, month)] = take
                carry -= take
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def month_length(year: int, month: int) -> int:
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return (following - dt.timedelta(days=1)).day


def number(value: Decimal) -> str:
    """A Decimal without trailing zeros or exponent: 10, 1.5."""
    return f"{value.normalize():f}"


def percent(share: Decimal) -> str:
    return f"{number(share * 100)}%"


def span(delta: dt.timedelta, *, signed: bool = False) -> str:
    """A duration in Chinese: 3天, 2小时, 25分钟, 5分30秒 (with a sign when asked)."""
    sign = ""
    if delta < dt.timedelta(0):
        sign, delta = "-", -delta
    elif signed:
        sign = "+"
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{days}天" if days else "",
        f"{hours}小时" if hours else "",
        f"{minutes}分钟" if minutes else "",
    ]
    if secs:
        parts[-1] = f"{minutes}分" if minutes else ""
        parts.append(f"{secs}秒")
    return sign + ("".join(parts) or "0分钟")
