"""The engine's judgement of a period: duty tasks, return-visit samples and KPIs.

Duties fall on the local days of the period by their recurrence; a duty marked ``on: workdays`` or
``on: holidays`` follows the Chinese work calendar (public holidays and 调休). Samples are chosen
reproducibly from the period's seed; KPIs are computed over the facts of the input with the parameters
the packs give (p10.3.2c's rework window, p10.3.2d's satisfied score).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction

from fuwu.policy.compiled import Cite, RulesInForce, minute_of
from fuwu.policy.engine_state import State, month_length, percent
from fuwu.policy.fact_types import Period
from fuwu.policy.schema import Duty, Quota, WeightedScore

RATE = Decimal("0.0001")
# Used only when a pack's quota does not state them (packs written before these became pack data).
DEFAULT_REWORK_WITHIN = dt.timedelta(days=30)
DEFAULT_SATISFIED = 4
METRIC_LABEL = {
    "on_time_rate": "及时率",
    "rework_rate": "返修率",
    "satisfaction_rate": "满意率",
    "return_visit_rate": "回访率",
    "answered_within_rings": "响铃接听率",
    "selection_score": "选聘评分",
    "appraisal_score": "考核评分",
}


class PeriodJudge(State):
    """Judges ``period`` events after every happening of the input has been judged."""

    def period(self, period: Period) -> None:
        start, end = period.start, period.end
        first_day = start.astimezone(self.zone).date()
        self.duty_tasks(start, end)
        rules = self.rules.on(first_day)
        completed = self.completed_in(start, end)
        self.sample(period, rules, completed)
        for cite, rule, target in rules.quotas:
            self.kpi(cite, rule, target, start, end, completed, rules)

    def duty_tasks(self, start: dt.datetime, end: dt.datetime) -> None:
        tasks: list[tuple[dt.datetime, int, Cite, Duty]] = []
        day = start.astimezone(self.zone).date()
        # The end is excluded: a period ending at local midnight asks nothing of that day (nor of the
        # calendar, which may not know the next year yet).
        last = (end - dt.timedelta(microseconds=1)).astimezone(self.zone).date()
        while day <= last:
            for order, (cite, duty) in enumerate(self.rules.on(day).duties):
                for due in self.occurrences(duty, day):
                    if start <= due < end:
                        tasks.append((due, order, cite, duty))
            day += dt.timedelta(days=1)
        tasks.sort(key=lambda task: (task[0], task[1]))
        for due, _order, cite, duty in tasks:
            self.emit("task", duty.what, cite, duty.title, due.isoformat(), what=duty.what, due=due)

    def occurrences(self, duty: Duty, day: dt.date) -> Iterable[dt.datetime]:
        """Every moment on ``day`` (local) at which the duty falls due."""
        every = duty.recurrence
        if every.on != "any" and self.calendar.is_workday(day) != (every.on == "workdays"):
            return []  # the work calendar (holidays, 调休) decides which days such a duty falls on
        at = minute_of(every.at or "09:00")
        if every.every == "minutes":
            first, stop = minute_of(every.starts or "00:00"), minute_of(every.ends or "24:00")
            return [self.local(day, minute) for minute in range(first, stop, every.minutes or 1440)]
        if every.every == "day":
            return [self.local(day, at)]
        if every.every == "week":
            return [self.local(day, at)] if day.isoweekday() == (every.weekday or 1) else []
        if every.every in ("month", "year"):
            if every.every == "year" and day.month != (every.month or 1):
                return []
            last = month_length(day.year, day.month)
            wanted = last if every.day == "last" else min(every.day or 1, last)
            return [self.local(day, at)] if day.day == wanted else []
        return []  # per shift or per event: scheduled with shifts and happenings, not by the calendar

    def completed_in(self, start: dt.datetime, end: dt.datetime) -> dict[str, dt.datetime]:
        """Orders completed in [start, end), with their first completion in it, in completion order."""
        found: dict[str, dt.datetime] = {}
        for order, at in self.completions:
            if start <= at < end and order not in found:
                found[order] = at
        return found

    def sample(self, period: Period, rules: RulesInForce, completed: dict[str, dt.datetime]) -> None:
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
        because = f"回访抽样{percent(share)}:{count}/{size}单"
        for order, done in completed.items():
            if order in chosen:
                due = self.return_visit_due(order, done) or period.end
                self.emit("task", order, cite, because, what="return_visit", due=due.astimezone(self.zone))

    def return_visit_due(self, order: str, done: dt.datetime) -> dt.datetime | None:
        """The due time of the order's first return-visit deadline started at or after ``done``."""
        after = [group for group in self.visit_deadlines.get(order, ()) if group.started >= done]
        return min(after, key=lambda group: group.serial).binding.due if after else None

    def kpi(
        self,
        cite: Cite,
        rule: Quota | WeightedScore,
        target: Decimal | None,
        start: dt.datetime,
        end: dt.datetime,
        completed: dict[str, dt.datetime],
        rules: RulesInForce,
    ) -> None:
        metric = rule.metric
        label = METRIC_LABEL[metric]
        counts: tuple[int, int] | None = None
        if metric == "on_time_rate":
            orders: dict[str, bool] = {}
            for group in self.closed:
                # Timeliness of the repair itself: a return visit is owed only by sampled orders and is
                # measured by p15.r1's coverage, not by p10.3.2b (decision 0006).
                if (
                    group.subject[0] == "order"
                    and group.what != "return_visit"
                    and start <= group.binding.due < end
                ):
                    orders[group.subject[1]] = orders.get(group.subject[1], True) and group.status == "met"
            counts = (sum(orders.values()), len(orders))
        elif metric == "rework_rate":
            within = rules.rework_within or DEFAULT_REWORK_WITHIN
            reworked = sum(self.reworked(order, done, within) for order, done in completed.items())
            counts = (reworked, len(completed))
        elif metric == "satisfaction_rate":
            satisfied = rules.satisfied_min_score or DEFAULT_SATISFIED
            scores = [score for _order, at, score in self.visits if start <= at < end]
            counts = (sum(score >= satisfied for score in scores), len(scores))
        elif metric == "return_visit_rate":
            visited = {
                order for order, at, _score in self.visits if order in completed and at >= completed[order]
            }
            counts = (len(visited), len(completed))
        if counts is None:
            self.emit(
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
            self.emit(
                "kpi", metric, cite, f"{label}:本期没有可计算的记录", value=None, target=target, holds=None
            )
            return
        value = (Decimal(hits) / Decimal(total)).quantize(RATE, ROUND_HALF_UP)
        holds = (
            None
            if target is None or not isinstance(rule, Quota)
            else _compare(Fraction(hits, total), rule, target)
        )
        self.emit("kpi", metric, cite, f"{label}{hits}/{total}", value=value, target=target, holds=holds)

    def reworked(self, order: str, done: dt.datetime, within: dt.timedelta) -> bool:
        limit = done + within
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
