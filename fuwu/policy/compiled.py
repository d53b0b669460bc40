"""The rules in force on a date, compiled once into dispatch tables for the engine.

Each set of pack versions in force becomes a ``RulesInForce``: attendance and leave rules, incident rules by
clause id, deadlines and windows by the event type that starts them, call hours, visitor limits, duties,
samples and quotas, each with the ``Cite`` (clause, pack, version) its decisions carry. Parameters are
resolved and durations parsed here, so judging an event parses nothing. A rule whose fact another clause
wins (``Policy.yields_fact``) is left out.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from fuwu.policy.fact_types import Event
from fuwu.policy.policy import Policy
from fuwu.policy.schema import (
    AbsenceDeduction,
    Approval,
    CallHours,
    Clause,
    ConsecutiveAbsence,
    Damage,
    Deadline,
    Duty,
    Fine,
    FullAttendanceForfeit,
    LatenessTiers,
    LeaveDeduction,
    LeaveNotice,
    MaxDuration,
    Pack,
    ParamRef,
    Quota,
    RecordedAmount,
    RepeatEscalation,
    Reward,
    Sampling,
    Status,
    WeightedScore,
    When,
    Window,
    parse_clock,
    parse_duration,
)

CENT = Decimal("0.01")
_RECORDED = (Fine, Reward, RecordedAmount, Damage)
DEADLINE_LABEL = {
    "arrival": "到场",
    "completion": "完工",
    "response": "响应",
    "return_visit": "回访",
    "rectification": "整改",
    "archive": "建档",
    "call": "电话通知",
    "letter": "寄发信函",
    "visit": "走访",
    "collection": "领取",
    "reply": "答复",
}
UNIT_LABEL = {"m": "分钟", "h": "小时", "d": "天"}


@dataclass(slots=True, frozen=True)
class Cite:
    """The clause a decision stands on, in the pack version that decided it."""

    clause: str
    pack: str
    version: int
    title: str


# ---------------------------------------------------------------- compiled rules


@dataclass(slots=True)
class Lateness:
    """p01.3.1-style tiers: the fine for each whole minute late or early; beyond the list, an absence."""

    cite: Cite
    fines: list[Decimal | None]  # index = whole minutes; None at 0
    judge_late: bool
    judge_early: bool


@dataclass(slots=True)
class Condition:
    """The ``when`` of a deadline or window: every given condition must hold for the starting event."""

    tags_any: frozenset[str] | None
    tags_none: frozenset[str] | None
    reasons: frozenset[str] | None
    sequence: int | None
    score_at_most: int | None
    from_minute: int | None
    until_minute: int | None
    has_appointment: bool | None

    def holds(self, event: Event, tags: frozenset[str], appointment: dt.datetime | None, minute: int) -> bool:
        """True when the event (with its order's tags and appointment, at ``minute`` local) qualifies."""
        if self.tags_any is not None and not (self.tags_any & tags):
            return False
        if self.tags_none is not None and self.tags_none & tags:
            return False
        if self.reasons is not None and getattr(event, "reason", None) not in self.reasons:
            return False
        if self.sequence is not None and getattr(event, "sequence", None) != self.sequence:
            return False
        if self.score_at_most is not None and getattr(event, "score", 6) > self.score_at_most:
            return False
        if self.from_minute is not None and minute < self.from_minute:
            return False
        if self.until_minute is not None and minute > self.until_minute:
            return False
        return self.has_appointment is None or (appointment is not None) == self.has_appointment


ALWAYS = Condition(None, None, None, None, None, None, None, None)


@dataclass(slots=True)
class DeadlineRule:
    """A deadline ready to start: its durations parsed and its ``because`` written once."""

    cite: Cite
    what: str
    when: Condition
    within: dt.timedelta | None
    before: dt.timedelta | None
    span: tuple[int, str]  # the rule's number and unit (m/h/d), for ``because``
    because: str
    per_units: int | None
    use_appointment: bool
    met_by: tuple[str, int | None] | None


@dataclass(slots=True)
class WindowRule:
    """A window ready to open: signed offsets from its anchor and the event that is checked."""

    cite: Cite
    what: str
    when: Condition
    from_appointment: bool
    earliest: dt.timedelta
    latest: dt.timedelta
    checked_by: tuple[str, int | None]


@dataclass(slots=True)
class CallHoursRule:
    """Allowed local call times as inclusive minute ranges of the day."""

    cite: Cite
    allowed: list[tuple[int, int]]  # inclusive minute ranges of the local day
    except_emergency: bool


@dataclass(slots=True)
class VisitLimit:
    """The longest a personal visit may last, and whether it needs approval (p11.8)."""

    cite: Cite
    within: dt.timedelta
    needs_approval: bool


@dataclass(slots=True)
class RulesInForce:
    """Every rule in force on one date, by what it judges."""

    lateness: list[Lateness] = field(default_factory=list)
    absence: list[tuple[Cite, Decimal]] = field(default_factory=list)
    consecutive: list[tuple[Cite, ConsecutiveAbsence]] = field(default_factory=list)
    forfeit: list[tuple[Cite, Decimal]] = field(default_factory=list)
    leave: list[tuple[Cite, dict[str, Decimal]]] = field(default_factory=list)
    notice: list[tuple[Cite, Cite, Decimal]] = field(default_factory=list)  # (notice, absence clause, ×)
    incidents: dict[str, list[tuple[Cite, object]]] = field(default_factory=dict)
    deadlines: dict[str, list[DeadlineRule]] = field(default_factory=dict)
    windows: dict[str, list[WindowRule]] = field(default_factory=dict)
    call_hours: list[CallHoursRule] = field(default_factory=list)
    visits: list[VisitLimit] = field(default_factory=list)
    duties: list[tuple[Cite, Duty]] = field(default_factory=list)
    sampling: list[tuple[Cite, Decimal]] = field(default_factory=list)
    quotas: list[tuple[Cite, Quota | WeightedScore, Decimal | None]] = field(default_factory=list)
    rework_within: dt.timedelta | None = None  # p10.3.2c: a reopening this soon after completion is rework
    satisfied_min_score: int | None = None  # p10.3.2d: a return visit scoring this or more is satisfied


def minute_of(text: str) -> int:
    clock = parse_clock(text)
    return 1440 if clock is None else clock.hour * 60 + clock.minute


def _condition(when: When | None) -> Condition:
    if when is None:
        return ALWAYS
    return Condition(
        tags_any=None if when.tags_any is None else frozenset(when.tags_any),
        tags_none=None if when.tags_none is None else frozenset(when.tags_none),
        reasons=None if when.reasons is None else frozenset(when.reasons),
        sequence=when.sequence,
        score_at_most=when.score_at_most,
        from_minute=None if when.local_time_from is None else minute_of(when.local_time_from),
        until_minute=None if when.local_time_until is None else minute_of(when.local_time_until),
        has_appointment=when.has_appointment,
    )


def _signed(text: str) -> dt.timedelta:
    sign = -1 if text.startswith("-") else 1
    return sign * parse_duration(text.lstrip("+-"))


def _span_of(text: str) -> tuple[int, str]:
    text = text.strip()
    return int(text[:-1]), text[-1]


_CACHE_LOCK = threading.Lock()


def compiler_for(policy: Policy) -> Compiler:
    """Return the one Compiler of ``policy``, made on first use and kept on the policy itself.

    Safe across threads: the compiler is created under a lock, and its tables are only ever added to
    (compiling the same versions twice in a race yields equal tables; either is kept). A Policy must not
    be changed after its first evaluation — build a new one (the door caches one per site and versions).
    """
    compiler = policy._compiled
    if compiler is None:
        with _CACHE_LOCK:
            compiler = policy._compiled
            if compiler is None:
                compiler = Compiler(policy)
                object.__setattr__(policy, "_compiled", compiler)
    assert isinstance(compiler, Compiler)
    return compiler


class Compiler:
    """Turns the packs in force on a date into dispatch tables, once per set of pack versions."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.by_versions: dict[tuple[int, ...], RulesInForce] = {}
        self.by_date: dict[dt.date, RulesInForce] = {}
        self.lock = threading.Lock()

    def on(self, day: dt.date) -> RulesInForce:
        """The rules in force on the local date ``day``."""
        rules = self.by_date.get(day)
        if rules is None:
            with self.lock:
                packs = self.policy.packs_at(day)
                key = tuple(id(pack) for pack in packs)
                rules = self.by_versions.get(key)
                if rules is None:
                    rules = self.by_versions[key] = self._compile(packs)
                self.by_date[day] = rules
        return rules

    def _money(self, pack: Pack, value: Decimal | ParamRef) -> Decimal:
        return Decimal(str(self.policy.resolve(pack.id, value))).quantize(CENT, ROUND_HALF_UP)

    def _yields(self, clause: Clause, *facts: str) -> bool:
        return any(self.policy.yields_fact(clause.id, fact) for fact in facts)

    def _compile(self, packs: list[Pack]) -> RulesInForce:
        rules = RulesInForce()
        for pack in packs:
            for clause in pack.clauses:
                cite = Cite(clause.id, pack.id, pack.version, clause.title)
                for rule in clause.rules:
                    self._add(rules, pack, clause, cite, rule)
        return rules

    def _add(self, rules: RulesInForce, pack: Pack, clause: Clause, cite: Cite, rule: object) -> None:
        if isinstance(rule, LatenessTiers):
            late = not self._yields(clause, "attendance.lateness")
            early = not self._yields(clause, "attendance.early_leave")
            if late or early:
                fines: list[Decimal | None] = [None]
                for tier in rule.tiers:
                    fines.extend([tier.amount] * (tier.up_to - len(fines) + 1))
                rules.lateness.append(Lateness(cite, fines, late, early))
        elif isinstance(rule, AbsenceDeduction):
            if not self._yields(clause, "attendance.absence"):
                rules.absence.append((cite, rule.multiple))
        elif isinstance(rule, ConsecutiveAbsence):
            if not self._yields(clause, "attendance.consecutive_absence"):
                rules.consecutive.append((cite, rule))
        elif isinstance(rule, FullAttendanceForfeit):
            if not self._yields(clause, "attendance.full_attendance"):
                rules.forfeit.append((cite, self._money(pack, rule.amount)))
        elif isinstance(rule, LeaveDeduction):
            if not self._yields(clause, "leave"):
                rules.leave.append((cite, {str(kind): multiple for kind, multiple in rule.multiples.items()}))
        elif isinstance(rule, LeaveNotice):
            if not self._yields(clause, "leave.unnotified"):
                self._add_notice(rules, pack, cite, rule)
        elif isinstance(rule, Fine | Reward | RecordedAmount | Damage | RepeatEscalation):
            rules.incidents.setdefault(clause.id, []).append((cite, rule))
        elif isinstance(rule, Status) and any(isinstance(r, _RECORDED) for r in clause.rules):
            # A status that follows a recorded incident (p12.6) is proposed with it, for a person to decide.
            rules.incidents.setdefault(clause.id, []).append((cite, rule))
        elif isinstance(rule, Deadline):
            self._add_deadline(rules, pack, cite, rule)
        elif isinstance(rule, CallHours):
            allowed = []
            for span in rule.allowed:
                end = (
                    minute_of(span.until) if span.until is not None else minute_of(span.before or "24:00") - 1
                )
                allowed.append((minute_of(span.from_), end))
            rules.call_hours.append(CallHoursRule(cite, allowed, rule.except_emergency))
        elif isinstance(rule, MaxDuration):
            approval = any(isinstance(other, Approval) for other in clause.rules)
            rules.visits.append(VisitLimit(cite, parse_duration(rule.within), approval))
        elif isinstance(rule, Duty):
            rules.duties.append((cite, rule))
        elif isinstance(rule, Sampling):
            rules.sampling.append((cite, Decimal(str(self.policy.resolve(pack.id, rule.share)))))
        elif isinstance(rule, Quota):
            target = Decimal(str(self.policy.resolve(pack.id, rule.target)))
            rules.quotas.append((cite, rule, target))
            self._quota_parameters(rules, pack, rule)
        elif isinstance(rule, WeightedScore):
            rules.quotas.append((cite, rule, None))
        else:
            self._add_window(rules, cite, rule)

    def _quota_parameters(self, rules: RulesInForce, pack: Pack, rule: Quota) -> None:
        if rule.rework_within is not None:
            rules.rework_within = parse_duration(str(self.policy.resolve(pack.id, rule.rework_within)))
        if rule.satisfied_min_score is not None:
            rules.satisfied_min_score = int(str(self.policy.resolve(pack.id, rule.satisfied_min_score)))

    def _add_notice(self, rules: RulesInForce, pack: Pack, cite: Cite, rule: LeaveNotice) -> None:
        absence = pack.clause(rule.absence_clause)
        for other in absence.rules:
            if isinstance(other, AbsenceDeduction):
                absence_cite = Cite(absence.id, pack.id, pack.version, absence.title)
                rules.notice.append((cite, absence_cite, other.multiple))

    def _add_deadline(self, rules: RulesInForce, pack: Pack, cite: Cite, rule: Deadline) -> None:
        within_text = None if rule.within is None else str(self.policy.resolve(pack.id, rule.within))
        span_text = within_text if within_text is not None else (rule.before or "0m")
        met_by = None if rule.met_by is None else (rule.met_by.event, rule.met_by.sequence)
        compiled = DeadlineRule(
            cite=cite,
            what=rule.what,
            when=_condition(rule.when),
            within=None if within_text is None else parse_duration(within_text),
            before=None if rule.before is None else parse_duration(rule.before),
            span=_span_of(span_text),
            because=deadline_because(rule.what, rule.before is not None, _span_of(span_text)),
            per_units=rule.per_units,
            use_appointment=rule.use_appointment,
            met_by=met_by,
        )
        rules.deadlines.setdefault(rule.trigger, []).append(compiled)

    def _add_window(self, rules: RulesInForce, cite: Cite, rule: object) -> None:
        # Approvals, registers, statuses and Pareto samples are metadata: the application enforces them.
        if isinstance(rule, Window):
            compiled = WindowRule(
                cite=cite,
                what=rule.what,
                when=_condition(rule.when),
                from_appointment=rule.anchor == "appointment",
                earliest=_signed(rule.earliest),
                latest=_signed(rule.latest),
                checked_by=(rule.checked_by.event, rule.checked_by.sequence),
            )
            rules.windows.setdefault(rule.trigger, []).append(compiled)


def deadline_because(what: str, before: bool, span: tuple[int, str]) -> str:
    """The short Chinese reason of a deadline: 到场时限25分钟, 提前14天电话通知."""
    number, unit = span
    if before:
        return f"提前{number}{UNIT_LABEL[unit]}{DEADLINE_LABEL[what]}"
    return f"{DEADLINE_LABEL[what]}时限{number}{UNIT_LABEL[unit]}"
