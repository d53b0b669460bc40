"""The engine: facts in, decisions out, each citing the clause (and pack version) that decided it.

``evaluate`` judges events in time order (stable by input order) under the pack versions in force on each
event's local date, following the digest's common semantics and evaluation contract. Rules are compiled
once per set of pack versions into dispatch tables by event type, so judging an event is a few dict
lookups; Decimal is used only where money is made.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from fuwu.policy.compiled import (
    ALWAYS,
    DEADLINE_LABEL,
    UNIT_LABEL,
    Cite,
    Compiler,
    DeadlineRule,
    RulesInForce,
    WindowRule,
    minute_of,
)
from fuwu.policy.decisions import Decision
from fuwu.policy.facts import (
    SUBJECT_FIELD,
    Attendance,
    Campaign,
    Employee,
    Event,
    Facts,
    Incident,
    Leave,
    MoveIn,
    OrderCompleted,
    OrderCreated,
    Period,
    ReturnVisit,
    Visitor,
)
from fuwu.policy.policy import Policy
from fuwu.policy.schema import (
    Damage,
    Duty,
    Fine,
    Quota,
    RecordedAmount,
    RepeatEscalation,
    Reward,
    WeightedScore,
)

CENT = Decimal("0.01")
RATE = Decimal("0.0001")
PAID_DAYS_A_MONTH = Decimal("21.75")
COMPENSATION_CAP = Decimal("0.20")  # 《工资支付暂行规定》第十六条: at most 20 % of the month's wage
MAX_CARRY_MONTHS = 120  # beyond ten years of carry-over the rest goes to a person, not to the ledger
DEFAULT_TZ = "Asia/Shanghai"
END_OF_DAY = dt.time(23, 59, 59)
_NO_ORDER: tuple[frozenset[str], dt.datetime | None] = (frozenset(), None)
DATED = frozenset({"campaign", "move_in"})  # events with a date and no time: judged by local calendar days

WINDOW_LABEL = {"arrival": "到达", "call": "跟踪电话", "visit": "走访", "return_visit": "回访"}
LEAVE_LABEL = {"personal": "事假", "sick": "病假"}
METRIC_LABEL = {
    "on_time_rate": "及时率",
    "rework_rate": "返修率",
    "satisfaction_rate": "满意率",
    "return_visit_rate": "回访率",
    "answered_within_rings": "响铃接听率",
    "selection_score": "选聘评分",
    "appraisal_score": "考核评分",
}


# ---------------------------------------------------------------- state while judging


@dataclass(slots=True)
class _Person:
    employee: Employee
    daily: Decimal
    monthly: Decimal
    run: int = 0  # consecutive absent shifts so far
    forfeited: set[tuple[str, int, int]] = field(default_factory=set)
    incidents: dict[str, int] = field(default_factory=dict)
    compensated: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    absence_amounts: dict[Decimal, Decimal] = field(default_factory=dict)


@dataclass(slots=True)
class _Candidate:
    rule: DeadlineRule
    due: dt.datetime
    because: str


@dataclass(slots=True)
class _Group:
    """Deadlines of one subject for the same thing: the earliest due binds."""

    subject: tuple[str, str]
    what: str
    met_by: tuple[str, int | None] | None
    started: dt.datetime
    serial: int
    binding: _Candidate
    status: str = "open"

    def to_decision(self) -> Decision:
        cite = self.binding.rule.cite
        return Decision(
            kind="deadline",
            subject=self.subject[1],
            clause=cite.clause,
            pack=cite.pack,
            version=cite.version,
            because=self.binding.because,
            what=self.what,
            due=self.binding.due,
            status=self.status,
        )


@dataclass(slots=True)
class _OpenWindow:
    rule: WindowRule
    anchor: dt.datetime
    earliest: dt.datetime
    latest: dt.datetime


# ---------------------------------------------------------------- evaluation


def evaluate(policy: Policy, facts: Facts, *, tz: str | ZoneInfo = DEFAULT_TZ) -> list[Decision]:
    """Return every decision the policy makes on the facts, in the order the facts were judged."""
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    # Judging makes many small acyclic objects; the cycle collector would rescan all facts again and again
    # (a third of the time on 100,000 orders) while finding nothing, so it pauses for the call.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Judge(policy, facts, zone).run()
    finally:
        if collecting:
            gc.enable()


class _Judge:
    def __init__(self, policy: Policy, facts: Facts, zone: ZoneInfo) -> None:
        self.policy = policy
        self.facts = facts
        self.zone = zone
        self.rules = Compiler(policy)
        self.out: list[Decision] = []
        self.people: dict[str, _Person] = {}
        for employee in facts.employees.values():
            daily = employee.daily_wage if employee.daily_wage is not None else Decimal(0)
            monthly = (
                employee.monthly_wage if employee.monthly_wage is not None else daily * PAID_DAYS_A_MONTH
            )
            self.people[employee.id] = _Person(employee, daily, monthly)
        self.orders: dict[str, tuple[frozenset[str], dt.datetime | None]] = {}
        self.groups: dict[tuple[str, str], list[_Group]] = {}
        self.closed: list[_Group] = []
        self.visit_deadlines: dict[str, list[_Group]] = {}  # order → its return-visit deadlines
        self.windows: dict[tuple[str, str], list[_OpenWindow]] = {}
        self.serial = 0
        self.completions: list[tuple[str, dt.datetime]] = []
        self.completed_at: dict[str, list[dt.datetime]] = {}
        self.rework_refs: dict[str, list[dt.datetime]] = {}
        self.visits: list[tuple[str, dt.datetime, int]] = []
        self.periods: list[Period] = []

    # ------------------------------------------------------------ order of judgement

    def _order(self) -> list[int]:
        """Event indexes by time (UTC), stable by input order."""
        starts: dict[tuple[dt.date, int], float] = {}
        keys: list[float] = []
        append = keys.append
        for event in self.facts.events:
            cls = event.__class__
            if cls is Attendance:
                slot = (event.date, event.shift_start)  # type: ignore[union-attr]
                key = starts.get(slot)
                if key is None:
                    key = starts[slot] = self._local(slot[0], slot[1]).timestamp()
                append(key)
            elif cls is Leave:
                append(self._local(event.start, 0).timestamp())  # type: ignore[union-attr]
            elif cls is Campaign or cls is MoveIn:
                append(self._local(event.date, 0).timestamp())  # type: ignore[union-attr]
            elif cls is Visitor or cls is Period:
                append(event.start.timestamp())  # type: ignore[union-attr]
            else:
                append(event.at.timestamp())  # type: ignore[union-attr]
        return sorted(range(len(keys)), key=keys.__getitem__)

    def _local(self, day: dt.date, minute: int) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(), tzinfo=self.zone)
        return moment if minute == 0 else (moment + dt.timedelta(minutes=minute)).astimezone(self.zone)

    def run(self) -> list[Decision]:
        events = self.facts.events
        people = self.people
        rules_on = self.rules.on
        by_date = self.rules.by_date
        for index in self._order():
            event = events[index]
            cls = event.__class__
            if cls is Attendance:
                rules = by_date.get(event.date) or rules_on(event.date)  # type: ignore[union-attr]
                self._attendance(event, people[event.employee], rules)  # type: ignore[arg-type,union-attr]
            elif cls is Leave:
                self._leave(event, people[event.employee])  # type: ignore[arg-type,union-attr]
            elif cls is Incident:
                self._incident(event, people[event.employee])  # type: ignore[arg-type,union-attr]
            elif cls is Visitor:
                self._visitor(event)  # type: ignore[arg-type]
            elif cls is Period:
                self.periods.append(event)  # type: ignore[arg-type]
            else:
                self._happening(event)
        leftover = [group for groups in self.groups.values() for group in groups]
        leftover.sort(key=lambda group: (group.binding.due, group.serial))
        for group in leftover:
            self._close(group)
        for period in self.periods:
            self._period(period)
        return self.out

    def _emit(self, kind: str, subject: str, cite: Cite, because: str, **fields: object) -> None:
        self.out.append(
            Decision(kind, subject, cite.clause, cite.pack, cite.version, because, **fields)  # type: ignore[arg-type]
        )

    # ------------------------------------------------------------ attendance, leave, absence

    def _attendance(self, event: Attendance, person: _Person, rules: RulesInForce) -> None:
        start, end, clock_in = event.shift_start, event.shift_end, event.clock_in
        if clock_in is None:
            self._absence(event.employee, person, rules, "旷工")
            self._forfeit(event.employee, event.date, person, rules, "旷工")
            return
        clock_out = event.clock_out
        if end <= start:  # an overnight shift: times before the start belong to the next day
            end += 1440
            if clock_in < start - 720:
                clock_in += 1440
            if clock_out is not None and clock_out < start:
                clock_out += 1440
        late = clock_in - start
        early = end - clock_out if clock_out is not None else 0
        if late <= 0 and early <= 0:
            person.run = 0
            return
        reasons = []
        if late > 0:
            reasons.append(f"迟到{late}分钟")
        if early > 0:
            reasons.append(f"早退{early}分钟")
        beyond = False
        fines: list[tuple[Cite, Decimal, str]] = []
        for tiers in rules.lateness:
            limit = len(tiers.fines) - 1
            if tiers.judge_late and late > 0:
                if late > limit:
                    beyond = True
                else:
                    fines.append((tiers.cite, tiers.fines[late], reasons[0]))  # type: ignore[arg-type]
            if tiers.judge_early and early > 0:
                if early > limit:
                    beyond = True
                else:
                    fines.append((tiers.cite, tiers.fines[early], reasons[-1]))  # type: ignore[arg-type]
        reason = "、".join(reasons)
        if beyond:
            self._absence(event.employee, person, rules, f"{reason},按旷工处理")
        else:
            person.run = 0
            for cite, amount, because in fines:
                self.out.append(
                    Decision(
                        "fine", event.employee, cite.clause, cite.pack, cite.version, because, amount=amount
                    )
                )
        if rules.forfeit:
            self._forfeit(event.employee, event.date, person, rules, reason)

    def _absence(self, employee: str, person: _Person, rules: RulesInForce, because: str) -> None:
        for cite, multiple in rules.absence:
            amount = person.absence_amounts.get(multiple)
            if amount is None:
                amount = person.absence_amounts[multiple] = (multiple * person.daily).quantize(
                    CENT, ROUND_HALF_UP
                )
            self._emit("deduction", employee, cite, because, amount=amount)
        person.run += 1
        for cite, rule in rules.consecutive:
            if person.run == rule.days:
                self._emit("status", employee, cite, f"连续旷工{rule.days}天", status=rule.status)
                if rule.needs_review:
                    self._emit("needs_review", employee, cite, rule.needs_review)

    def _forfeit(
        self, employee: str, day: dt.date, person: _Person, rules: RulesInForce, reason: str
    ) -> None:
        for cite, amount in rules.forfeit:
            month = (cite.clause, day.year, day.month)
            if month in person.forfeited:
                continue
            person.forfeited.add(month)
            bonus = person.employee.full_attendance_bonus
            because = f"{day.year}年{day.month}月全勤奖:{reason}"
            self._emit("deduction", employee, cite, because, amount=bonus if bonus is not None else amount)

    def _leave(self, event: Leave, person: _Person) -> None:
        rules = self.rules.on(event.start)
        days = event.days
        label = f"{LEAVE_LABEL[event.leave_type]}{days}天"
        notified_late = event.notified_at.astimezone(self.zone).date() >= event.start
        if rules.notice and notified_late:
            for _notice, absence, multiple in rules.notice:
                amount = (days * multiple * person.daily).quantize(CENT, ROUND_HALF_UP)
                because = f"{label}未提前一天通知,按旷工{days}天处理"
                self._emit("deduction", event.employee, absence, because, amount=amount)
        else:
            for cite, multiples in rules.leave:
                rate = multiples.get(event.leave_type)
                if rate is not None:
                    amount = (days * rate * person.daily).quantize(CENT, ROUND_HALF_UP)
                    self._emit("deduction", event.employee, cite, label, amount=amount)
        self._forfeit(event.employee, event.start, person, rules, label)

    # ------------------------------------------------------------ incidents

    def _incident(self, event: Incident, person: _Person) -> None:
        local = event.at.astimezone(self.zone)
        entries = self.rules.on(local.date()).incidents.get(event.clause, [])
        count = person.incidents[event.clause] = person.incidents.get(event.clause, 0) + 1
        for cite, rule in entries:
            if isinstance(rule, Fine):
                amount = Decimal(str(self.policy.resolve(cite.pack, rule.amount))).quantize(CENT)
                self._emit("fine", event.employee, cite, cite.title, amount=amount)
            elif isinstance(rule, Reward):
                amount = Decimal(str(self.policy.resolve(cite.pack, rule.amount))).quantize(CENT)
                self._emit("reward", event.employee, cite, cite.title, amount=amount)
            elif isinstance(rule, RecordedAmount) and event.amount is not None:
                self._emit("fine", event.employee, cite, cite.title, amount=event.amount)
                liability = rule.joint_liability
                if liability is not None:
                    # The recorder may not name who was on duty; the employee's own manager answers then.
                    who = (
                        event.manager_on_duty or person.employee.manager
                        if liability.who == "manager_on_duty"
                        else person.employee.manager
                    )
                    if who is not None:
                        amount = (event.amount * liability.multiple).quantize(CENT, ROUND_HALF_UP)
                        because = f"连带责任:{event.employee}违规,罚{_number(liability.multiple)}倍"
                        self._emit("fine", who, cite, because, amount=amount)
            elif isinstance(rule, RepeatEscalation) and count > rule.allowed:
                because = f"第{count}次违反{cite.clause}"
                self._emit("status", event.employee, cite, because, status=rule.status)
                if rule.needs_review:
                    self._emit("needs_review", event.employee, cite, rule.needs_review)
            elif isinstance(rule, Damage) and event.cost is not None:
                self._damage(event, person, cite, rule, local)

    def _damage(self, event: Incident, person: _Person, cite: Cite, rule: Damage, local: dt.datetime) -> None:
        multiple = rule.concealed_multiple if event.concealed else rule.reported_multiple
        total = (event.cost * multiple).quantize(CENT, ROUND_HALF_UP)  # type: ignore[operator]
        base = f"隐瞒不报,按成本{_number(multiple)}倍赔偿" if event.concealed else "损坏公物照价赔偿"
        cap = (person.monthly * COMPENSATION_CAP).quantize(CENT, ROUND_HALF_UP)
        if cap <= 0:  # no wage to take 20 % of: the whole amount is owed, recorded once
            self._emit("compensation", event.employee, cite, base, amount=total)
            return
        year, month = local.year, local.month
        origin = f"{year}年{month}月"
        remaining = total
        for step in range(MAX_CARRY_MONTHS):
            if remaining <= 0:
                return
            used = person.compensated.get((year, month), Decimal(0))
            take = min(remaining, cap - used)
            if take > 0:
                person.compensated[(year, month)] = used + take
                remaining -= take
                if step == 0:
                    self._emit("compensation", event.employee, cite, base, amount=take)
                else:
                    due = dt.datetime(year, month, 1, tzinfo=self.zone)
                    because = f"{base},超过当月工资20%的部分结转自{origin}"
                    self._emit("compensation", event.employee, cite, because, amount=take, due=due)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if remaining > 0:
            self._emit("needs_review", event.employee, cite, f"{base},结转十年后仍余{remaining}元未扣")

    def _visitor(self, event: Visitor) -> None:
        for limit in self.rules.on(event.start.astimezone(self.zone).date()).visits:
            stay = event.end - event.start
            if stay > limit.within:
                because = f"私人来访{_span(stay)},超过{_span(limit.within)}"
                self._emit("violation", event.employee, limit.cite, because)
            if limit.needs_approval and not event.approved:
                self._emit("violation", event.employee, limit.cite, "私人来访未经批准")

    # ------------------------------------------------------------ deadlines and windows

    def _happening(self, event: Event) -> None:
        kind_of = event.type
        kind, name = SUBJECT_FIELD[kind_of]
        subject = (kind, getattr(event, name))
        day: dt.date | None = event.date if kind_of in DATED else None  # type: ignore[union-attr]
        at: dt.datetime = self._local(day, 0) if day is not None else event.at  # type: ignore[union-attr]
        local = at.astimezone(self.zone)
        if kind == "order":
            self._record(event, at)
        sequence = getattr(event, "sequence", None)
        self._satisfy(self.groups.get(subject), kind_of, sequence, at)
        if kind_of == "return_visit":  # a return visit may name a repaired batch (p12.9) as its order
            self._satisfy(self.groups.get(("batch", subject[1])), kind_of, sequence, at)
        windows = self.windows.get(subject)
        if windows:
            for window in [w for w in windows if w.rule.checked_by[0] == kind_of]:
                if window.rule.checked_by[1] is None or window.rule.checked_by[1] == sequence:
                    windows.remove(window)
                    self._judge_window(subject[1], window, at)
        rules = self.rules.on(local.date())
        deadlines = rules.deadlines.get(kind_of)
        window_rules = rules.windows.get(kind_of)
        calls = rules.call_hours if kind_of == "follow_up.call" else None
        if not deadlines and not window_rules and not calls:
            return
        tags, appointment = self.orders.get(subject[1], _NO_ORDER) if kind == "order" else _NO_ORDER
        minute = local.hour * 60 + local.minute
        for deadline in deadlines or ():
            if deadline.when is ALWAYS or deadline.when.holds(event, tags, appointment, minute):
                self._start_deadline(subject, deadline, event, at, day, appointment)
        for rule in window_rules or ():
            if rule.when.holds(event, tags, appointment, minute):
                self._open_window(subject, rule, at, appointment)
        if calls and not getattr(event, "emergency", False):
            for hours in calls:
                if not any(low <= minute <= high for low, high in hours.allowed):
                    because = f"{local:%H:%M}致电业主,不在允许的通话时段"
                    self._emit("violation", subject[1], hours.cite, because, what="call")

    def _satisfy(
        self, groups: list[_Group] | None, kind_of: str, sequence: int | None, at: dt.datetime
    ) -> None:
        """Close the open deadlines this event meets: met at or before the due time, else breached."""
        if not groups:
            return
        for group in [g for g in groups if g.met_by is not None and g.met_by[0] == kind_of]:
            if group.met_by[1] is None or group.met_by[1] == sequence:  # type: ignore[index]
                group.status = "met" if at <= group.binding.due else "breached"
                groups.remove(group)
                self._close(group)

    def _close(self, group: _Group) -> None:
        self.closed.append(group)
        if group.what == "return_visit":
            self.visit_deadlines.setdefault(group.subject[1], []).append(group)
        decision = group.to_decision()
        decision.due = group.binding.due.astimezone(self.zone)  # every datetime leaves in the site's zone
        self.out.append(decision)

    def _record(self, event: Event, at: dt.datetime) -> None:
        """Keep what period reports need: order tags, completions, rework links, return visits."""
        cls = event.__class__
        if cls is OrderCreated:
            self.orders[event.order] = (event.tags, event.appointment)  # type: ignore[union-attr]
            if event.rework_of is not None:  # type: ignore[union-attr]
                self.rework_refs.setdefault(event.rework_of, []).append(at)  # type: ignore[union-attr]
        elif cls is OrderCompleted:
            self.completions.append((event.order, at))  # type: ignore[union-attr]
            self.completed_at.setdefault(event.order, []).append(at)  # type: ignore[union-attr]
        elif cls is ReturnVisit:
            self.visits.append((event.order, at, event.score))  # type: ignore[union-attr]

    def _start_deadline(
        self,
        subject: tuple[str, str],
        rule: DeadlineRule,
        event: Event,
        at: dt.datetime,
        day: dt.date | None,
        appointment: dt.datetime | None,
    ) -> None:
        because = rule.because
        if rule.use_appointment and appointment is not None:
            due, because = appointment, f"按预约时间{DEADLINE_LABEL[rule.what]}"
        elif rule.before is not None:
            if day is not None:
                due = dt.datetime.combine(
                    day - dt.timedelta(days=rule.before.days), END_OF_DAY, tzinfo=self.zone
                )
            else:
                due = at - rule.before
        else:
            within = rule.within or dt.timedelta(0)
            if rule.per_units is not None:
                number, unit = rule.span
                times = -(-getattr(event, "units", 1) // rule.per_units)
                within = within * times
                because = f"{DEADLINE_LABEL[rule.what]}时限{number * times}{UNIT_LABEL[unit]}"
            if day is not None:
                due = dt.datetime.combine(day + dt.timedelta(days=within.days), END_OF_DAY, tzinfo=self.zone)
            else:
                due = at + within
        candidate = _Candidate(rule, due, because)
        groups = self.groups.get(subject)
        if groups is None:
            groups = self.groups[subject] = []
        else:
            for group in groups:
                if group.what == rule.what and group.met_by == rule.met_by:
                    if due < group.binding.due:
                        group.binding = candidate
                    return
        self.serial += 1
        groups.append(_Group(subject, rule.what, rule.met_by, at, self.serial, candidate))

    def _open_window(
        self, subject: tuple[str, str], rule: WindowRule, at: dt.datetime, appointment: dt.datetime | None
    ) -> None:
        anchor = appointment if rule.from_appointment else at
        if anchor is None:
            return
        window = _OpenWindow(rule, anchor, anchor + rule.earliest, anchor + rule.latest)
        self.windows.setdefault(subject, []).append(window)
        label = WINDOW_LABEL.get(rule.what, rule.what)
        because = f"{label}时间窗{_span(rule.earliest, signed=True)}至{_span(rule.latest, signed=True)}"
        self._emit(
            "window",
            subject[1],
            rule.cite,
            because,
            what=rule.what,
            earliest=window.earliest.astimezone(self.zone),
            latest=window.latest.astimezone(self.zone),
        )

    def _judge_window(self, subject: str, window: _OpenWindow, at: dt.datetime) -> None:
        rule = window.rule
        if window.earliest <= at <= window.latest:
            return
        if rule.from_appointment:
            offset = at - window.anchor
            because = f"提前{_span(-offset)}到达" if offset < dt.timedelta(0) else f"迟到{_span(offset)}"
        elif at < window.earliest:
            because = f"{WINDOW_LABEL.get(rule.what, rule.what)}早于时间窗{_span(window.earliest - at)}"
        else:
            because = f"{WINDOW_LABEL.get(rule.what, rule.what)}晚于时间窗{_span(at - window.latest)}"
        self._emit("violation", subject, rule.cite, because, what=rule.what)

    # ------------------------------------------------------------ a period: tasks, samples, KPIs

    def _period(self, period: Period) -> None:
        start, end = period.start, period.end
        first_day = start.astimezone(self.zone).date()
        self._duty_tasks(start, end)
        rules = self.rules.on(first_day)
        completed = self._completed_in(start, end)
        self._sample(period, rules, completed)
        for cite, rule, target in rules.quotas:
            self._kpi(cite, rule, target, start, end, completed)

    def _duty_tasks(self, start: dt.datetime, end: dt.datetime) -> None:
        tasks: list[tuple[dt.datetime, int, Cite, Duty]] = []
        day = start.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        while day <= last:
            for order, (cite, duty) in enumerate(self.rules.on(day).duties):
                for due in self._occurrences(duty, day):
                    if start <= due < end:
                        tasks.append((due, order, cite, duty))
            day += dt.timedelta(days=1)
        tasks.sort(key=lambda task: (task[0], task[1]))
        for due, _order, cite, duty in tasks:
            self._emit("task", duty.what, cite, duty.title, what=duty.what, due=due)

    def _occurrences(self, duty: Duty, day: dt.date) -> Iterable[dt.datetime]:
        """Every moment on ``day`` (local) at which the duty falls due."""
        every = duty.recurrence
        at = minute_of(every.at or "09:00")
        if every.every == "minutes":
            first, stop = minute_of(every.starts or "00:00"), minute_of(every.ends or "24:00")
            return [self._local(day, minute) for minute in range(first, stop, every.minutes or 1440)]
        if every.every == "day":
            return [self._local(day, at)]
        if every.every == "week":
            return [self._local(day, at)] if day.isoweekday() == (every.weekday or 1) else []
        if every.every in ("month", "year"):
            if every.every == "year" and day.month != (every.month or 1):
                return []
            last = _month_length(day.year, day.month)
            wanted = last if every.day == "last" else min(every.day or 1, last)
            return [self._local(day, at)] if day.day == wanted else []
        return []  # per shift or per event: scheduled with shifts and happenings, not by the calendar

    def _completed_in(self, start: dt.datetime, end: dt.datetime) -> dict[str, dt.datetime]:
        """Orders completed in [start, end), with their first completion in it, in completion order."""
        found: dict[str, dt.datetime] = {}
        for order, at in self.completions:
            if start <= at < end and order not in found:
                found[order] = at
        return found

    def _sample(self, period: Period, rules: RulesInForce, completed: dict[str, dt.datetime]) -> None:
        if not rules.sampling:
            return
        cite, share = rules.sampling[0]
        for other, other_share in rules.sampling[1:]:
            if other_share > share:
                cite, share = other, other_share
        size = len(completed)
        count = int((share * size).to_integral_value(ROUND_CEILING))
        ranked = sorted(
            completed, key=lambda order: hashlib.sha256(f"{period.seed}:{order}".encode()).hexdigest()
        )
        chosen = set(ranked[:count])
        because = f"回访抽样{_percent(share)}:{count}/{size}单"
        for order, done in completed.items():
            if order in chosen:
                due = self._return_visit_due(order, done) or period.end
                self._emit("task", order, cite, because, what="return_visit", due=due.astimezone(self.zone))

    def _return_visit_due(self, order: str, done: dt.datetime) -> dt.datetime | None:
        """The due time of the order's first return-visit deadline started at or after ``done``."""
        after = [group for group in self.visit_deadlines.get(order, ()) if group.started >= done]
        return min(after, key=lambda group: group.serial).binding.due if after else None

    def _kpi(
        self,
        cite: Cite,
        rule: Quota | WeightedScore,
        target: Decimal | None,
        start: dt.datetime,
        end: dt.datetime,
        completed: dict[str, dt.datetime],
    ) -> None:
        metric = rule.metric
        label = METRIC_LABEL[metric]
        counts: tuple[int, int] | None = None
        if metric == "on_time_rate":
            orders: dict[str, bool] = {}
            for group in self.closed:
                if group.subject[0] == "order" and start <= group.binding.due < end:
                    orders[group.subject[1]] = orders.get(group.subject[1], True) and group.status == "met"
            counts = (sum(orders.values()), len(orders))
        elif metric == "rework_rate":
            counts = (sum(self._reworked(order, done) for order, done in completed.items()), len(completed))
        elif metric == "satisfaction_rate":
            scores = [score for _order, at, score in self.visits if start <= at < end]
            counts = (sum(score >= 4 for score in scores), len(scores))
        elif metric == "return_visit_rate":
            visited = {
                order for order, at, _score in self.visits if order in completed and at >= completed[order]
            }
            counts = (len(visited), len(completed))
        if counts is None:
            self._emit(
                "kpi",
                metric,
                cite,
                f"{label}:输入中没有计算所需的数据",
                value=None,
                target=target,
                holds=None,
            )
            return
        hits, total = counts
        if total == 0:
            self._emit(
                "kpi", metric, cite, f"{label}:本期没有可计算的记录", value=None, target=target, holds=None
            )
            return
        value = (Decimal(hits) / Decimal(total)).quantize(RATE, ROUND_HALF_UP)
        holds = (
            None
            if target is None or not isinstance(rule, Quota)
            else _compare(Fraction(hits, total), rule, target)
        )
        self._emit("kpi", metric, cite, f"{label}{hits}/{total}", value=value, target=target, holds=holds)

    def _reworked(self, order: str, done: dt.datetime) -> bool:
        limit = done + dt.timedelta(days=30)
        again = any(done < at <= limit for at in self.completed_at.get(order, ()))
        return again or any(done < at <= limit for at in self.rework_refs.get(order, ()))


def _compare(value: Fraction, rule: Quota, target: Decimal) -> bool:
    goal = Fraction(target)
    return {
        ">=": value >= goal,
        ">": value > goal,
        "<=": value <= goal,
        "<": value < goal,
    }[rule.compare]


def _month_length(year: int, month: int) -> int:
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _number(value: Decimal) -> str:
    """A Decimal without trailing zeros or exponent: 10, 1.5."""
    return f"{value.normalize():f}"


def _percent(share: Decimal) -> str:
    return f"{_number(share * 100)}%"


def _span(delta: dt.timedelta, *, signed: bool = False) -> str:
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
