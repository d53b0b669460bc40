"""The engine's judgement of people: attendance, leave, absence, incidents, damage and visitors.

Amounts come from the rules in force on the event's local date; money is Decimal rounded half up to
cents. Counters that span months (p04.8 incidents, the carried 20 % remainder) start from the employee's
opening balances (decision 0011).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from fuwu.policy.compiled import Cite, RulesInForce
from fuwu.policy.engine_state import (
    CENT,
    COMPENSATION_CAP,
    MAX_CARRY_MONTHS,
    Person,
    State,
    number,
    span,
)
from fuwu.policy.fact_types import Attendance, Incident, Leave, Visitor
from fuwu.policy.schema import Damage, Fine, RecordedAmount, RepeatEscalation, Reward, Status

LEAVE_LABEL = {"personal": "事假", "sick": "病假"}


class PeopleJudge(State):
    """Judges the events about employees."""

    def attendance(self, event: Attendance, person: Person, rules: RulesInForce) -> None:
        start, end, clock_in = event.shift_start, event.shift_end, event.clock_in
        if clock_in is None:
            self.absence(event.employee, person, rules, "旷工")
            self.forfeit(event.employee, event.date, person, rules, "旷工")
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
        fines: list[tuple[Cite, Decimal, str, str]] = []
        for tiers in rules.lateness:
            limit = len(tiers.fines) - 1
            if tiers.judge_late and late > 0:
                if late > limit:
                    beyond = True
                else:
                    fines.append((tiers.cite, tiers.fines[late], reasons[0], ""))  # type: ignore[arg-type]
            if tiers.judge_early and early > 0:
                if early > limit:
                    beyond = True
                else:
                    fines.append((tiers.cite, tiers.fines[early], reasons[-1], "early"))  # type: ignore[arg-type]
        reason = "、".join(reasons)
        if beyond:
            self.absence(event.employee, person, rules, f"{reason},按旷工处理")
        else:
            person.run = 0
            for cite, amount, because, detail in fines:
                self.emit("fine", event.employee, cite, because, detail, amount=amount)
        if rules.forfeit:
            self.forfeit(event.employee, event.date, person, rules, reason)

    def absence(self, employee: str, person: Person, rules: RulesInForce, because: str) -> None:
        for cite, multiple in rules.absence:
            amount = person.absence_amounts.get(multiple)
            if amount is None:
                amount = person.absence_amounts[multiple] = (multiple * person.daily).quantize(
                    CENT, ROUND_HALF_UP
                )
            self.emit("deduction", employee, cite, because, amount=amount)
        person.run += 1
        for cite, rule in rules.consecutive:
            if person.run == rule.days:
                self.emit("status", employee, cite, f"连续旷工{rule.days}天", status=rule.status)
                if rule.needs_review:
                    self.emit("needs_review", employee, cite, rule.needs_review)

    def forfeit(self, employee: str, day: dt.date, person: Person, rules: RulesInForce, reason: str) -> None:
        for cite, amount in rules.forfeit:
            month = (cite.clause, day.year, day.month)
            if month in person.forfeited:
                continue
            person.forfeited.add(month)
            bonus = person.employee.full_attendance_bonus
            because = f"{day.year}年{day.month}月全勤奖:{reason}"
            self.emit("deduction", employee, cite, because, amount=bonus if bonus is not None else amount)

    def leave(self, event: Leave, person: Person) -> None:
        rules = self.rules.on(event.start)
        days = event.days
        label = f"{LEAVE_LABEL[event.leave_type]}{days}天"
        notified_late = event.notified_at.astimezone(self.zone).date() >= event.start
        if rules.notice and notified_late:
            for _notice, absence, multiple in rules.notice:
                amount = (days * multiple * person.daily).quantize(CENT, ROUND_HALF_UP)
                because = f"{label}未提前一天通知,按旷工{days}天处理"
                self.emit("deduction", event.employee, absence, because, amount=amount)
        else:
            for cite, multiples in rules.leave:
                rate = multiples.get(event.leave_type)
                if rate is not None:
                    amount = (days * rate * person.daily).quantize(CENT, ROUND_HALF_UP)
                    self.emit("deduction", event.employee, cite, label, amount=amount)
        self.forfeit(event.employee, event.start, person, rules, label)

    # ------------------------------------------------------------ incidents

    def incident(self, event: Incident, person: Person) -> None:
        local = event.at.astimezone(self.zone)
        entries = self.rules.on(local.date()).incidents.get(event.clause, [])
        count = person.incidents[event.clause] = person.incidents.get(event.clause, 0) + 1
        for cite, rule in entries:
            if isinstance(rule, Fine | Reward):
                each = Decimal(str(self.policy.resolve(cite.pack, rule.amount))).quantize(CENT)
                times = event.quantity
                because = cite.title if times == 1 else f"{cite.title}({times}次)"
                kind = "fine" if isinstance(rule, Fine) else "reward"
                self.emit(kind, event.employee, cite, because, amount=each * times)
            elif isinstance(rule, RecordedAmount) and event.amount is not None:
                self.emit("fine", event.employee, cite, cite.title, amount=event.amount)
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
                        because = f"连带责任:{event.employee}违规,罚{number(liability.multiple)}倍"
                        self.emit("fine", who, cite, because, amount=amount)
            elif isinstance(rule, Status):
                # The company decides (p12.6: probation or dismissal); the engine proposes, for review.
                proposal = "_or_".join(rule.statuses) + "_proposal"
                self.emit("status", event.employee, cite, cite.title, status=proposal)
                self.emit("needs_review", event.employee, cite, rule.needs_review or cite.title)
            elif isinstance(rule, RepeatEscalation) and count > rule.allowed:
                because = f"第{count}次违反{cite.clause}"
                self.emit("status", event.employee, cite, because, status=rule.status)
                if rule.needs_review:
                    self.emit("needs_review", event.employee, cite, rule.needs_review)
            elif isinstance(rule, Damage) and event.cost is not None:
                self.damage(event, person, cite, rule, local)

    def damage(self, event: Incident, person: Person, cite: Cite, rule: Damage, local: dt.datetime) -> None:
        multiple = rule.concealed_multiple if event.concealed else rule.reported_multiple
        total = (event.cost * multiple).quantize(CENT, ROUND_HALF_UP)  # type: ignore[operator]
        base = f"隐瞒不报,按成本{number(multiple)}倍赔偿" if event.concealed else "损坏公物照价赔偿"
        cap = (person.monthly * COMPENSATION_CAP).quantize(CENT, ROUND_HALF_UP)
        if cap <= 0:  # no wage to take 20 % of: the whole amount is owed, recorded once
            self.emit("compensation", event.employee, cite, base, amount=total)
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
                    self.emit("compensation", event.employee, cite, base, amount=take)
                else:
                    due = dt.datetime(year, month, 1, tzinfo=self.zone)
                    because = f"{base},超过当月工资20%的部分结转自{origin}"
                    self.emit(
                        "compensation",
                        event.employee,
                        cite,
                        because,
                        f"{year}-{month:02d}",
                        amount=take,
                        due=due,
                    )
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if remaining > 0:
            self.emit("needs_review", event.employee, cite, f"{base},结转十年后仍余{remaining}元未扣")

    def visitor(self, event: Visitor) -> None:
        for limit in self.rules.on(event.start.astimezone(self.zone).date()).visits:
            stay = event.end - event.start
            if stay > limit.within:
                because = f"私人来访{span(stay)},超过{span(limit.within)}"
                self.emit("violation", event.employee, limit.cite, because)
            if limit.needs_approval and not event.approved:
                self.emit("violation", event.employee, limit.cite, "私人来访未经批准")
