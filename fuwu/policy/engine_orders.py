"""The engine's judgement of happenings: deadlines that start and are met, windows that open and are kept.

A deadline belongs to a group per (subject, what): the earliest due binds, and the group keeps the
identity (ref, source) of the event that started it. A meeting event closes it as met or breached and
names itself (``met_by``, ``met_at``); a group still open at the end is open, or breached when its due
time is before ``as_of``. A window records its state the same way.
"""

from __future__ import annotations

import datetime as dt

from fuwu.policy.compiled import ALWAYS, DEADLINE_LABEL, UNIT_LABEL, DeadlineRule, WindowRule
from fuwu.policy.engine_state import END_OF_DAY, Candidate, Group, OpenWindow, State, span
from fuwu.policy.fact_types import SUBJECT_FIELD, Event, OrderCompleted, OrderCreated, ReturnVisit

_NO_ORDER: tuple[frozenset[str], dt.datetime | None] = (frozenset(), None)
DATED = frozenset({"campaign", "move_in"})  # events with a date and no time: judged by local calendar days
WINDOW_LABEL = {"arrival": "到达", "call": "跟踪电话", "visit": "走访", "return_visit": "回访"}


class OrdersJudge(State):
    """Judges the events about orders, batches, customers, households, items and campaigns."""

    def happening(self, event: Event) -> None:
        kind_of = event.type
        kind, name = SUBJECT_FIELD[kind_of]
        subject = (kind, getattr(event, name))
        day: dt.date | None = event.date if kind_of in DATED else None  # type: ignore[union-attr]
        at: dt.datetime = self.local(day, 0) if day is not None else event.at  # type: ignore[union-attr]
        local = at.astimezone(self.zone)
        if kind == "order":
            self.record(event, at)
        sequence = getattr(event, "sequence", None)
        self.satisfy(self.groups.get(subject), kind_of, sequence, at)
        if kind_of == "return_visit":  # a return visit may name a repaired batch (p12.9) as its order
            self.satisfy(self.groups.get(("batch", subject[1])), kind_of, sequence, at)
        windows = self.windows.get(subject)
        if windows:
            for window in [w for w in windows if w.rule.checked_by[0] == kind_of]:
                if window.rule.checked_by[1] is None or window.rule.checked_by[1] == sequence:
                    windows.remove(window)
                    self.judge_window(subject[1], window, at)
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
                self.start_deadline(subject, deadline, event, at, day, appointment)
        for rule in window_rules or ():
            if rule.when.holds(event, tags, appointment, minute):
                self.open_window(subject, rule, at, appointment)
        if calls:
            emergency = getattr(event, "emergency", False)
            for hours in calls:
                if emergency and hours.except_emergency:  # p08.23: 在非紧急情况下
                    continue
                if not any(low <= minute <= high for low, high in hours.allowed):
                    because = f"{local:%H:%M}致电业主,不在允许的通话时段"
                    self.emit("violation", subject[1], hours.cite, because, what="call")

    def satisfy(
        self, groups: list[Group] | None, kind_of: str, sequence: int | None, at: dt.datetime
    ) -> None:
        """Close the open deadlines this event meets: met at or before the due time, else breached."""
        if not groups:
            return
        for group in [g for g in groups if g.met_by is not None and g.met_by[0] == kind_of]:
            if group.met_by[1] is None or group.met_by[1] == sequence:  # type: ignore[index]
                group.status = "met" if at <= group.binding.due else "breached"
                group.met_at, group.met_source = at, self.source
                groups.remove(group)
                self.close(group)

    def close(self, group: Group) -> None:
        self.closed.append(group)
        if group.what == "return_visit":
            self.visit_deadlines.setdefault(group.subject[1], []).append(group)
        self.out.append(group.to_decision(self.zone, self.as_of))

    def record(self, event: Event, at: dt.datetime) -> None:
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

    def start_deadline(
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
        candidate = Candidate(rule, due, because)
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
        groups.append(
            Group(subject, rule.what, rule.met_by, at, self.serial, candidate, self.ref, self.source)
        )

    def open_window(
        self, subject: tuple[str, str], rule: WindowRule, at: dt.datetime, appointment: dt.datetime | None
    ) -> None:
        anchor = appointment if rule.from_appointment else at
        if anchor is None:
            return
        earliest, latest = anchor + rule.earliest, anchor + rule.latest
        label = WINDOW_LABEL.get(rule.what, rule.what)
        because = f"{label}时间窗{span(rule.earliest, signed=True)}至{span(rule.latest, signed=True)}"
        decision = self.emit(
            "window",
            subject[1],
            rule.cite,
            because,
            what=rule.what,
            earliest=earliest.astimezone(self.zone),
            latest=latest.astimezone(self.zone),
            state="open",
        )
        window = OpenWindow(rule, anchor, earliest, latest, decision)
        self.windows.setdefault(subject, []).append(window)

    def judge_window(self, subject: str, window: OpenWindow, at: dt.datetime) -> None:
        rule = window.rule
        decision = window.decision
        decision.met_at, decision.met_by = at.astimezone(self.zone), self.source
        if window.earliest <= at <= window.latest:
            decision.state = "met"
            return
        decision.state = "breached"
        decision.breached_at = min(at, window.latest).astimezone(self.zone)
        if rule.from_appointment:
            offset = at - window.anchor
            because = f"提前{span(-offset)}到达" if offset < dt.timedelta(0) else f"迟到{span(offset)}"
        elif at < window.earliest:
            because = f"{WINDOW_LABEL.get(rule.what, rule.what)}早于时间窗{span(window.earliest - at)}"
        else:
            because = f"{WINDOW_LABEL.get(rule.what, rule.what)}晚于时间窗{span(at - window.latest)}"
        self.emit("violation", subject, rule.cite, because, what=rule.what)

    def close_windows(self) -> None:
        """After the last event: a window never checked is breached once ``as_of`` is past its end."""
        if self.as_of is None:
            return
        for windows in self.windows.values():
            for window in windows:
                if window.latest < self.as_of:
                    window.decision.state = "breached"
                    window.decision.breached_at = window.latest.astimezone(self.zone)
