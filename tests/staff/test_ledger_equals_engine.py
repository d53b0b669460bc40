"""The ledger's totals equal the engine's decisions on the same facts.

A month of six people goes through the real paths — a DingTalk export imported, leave asked and approved,
incidents recorded and approved — and, separately, the same facts are written by hand in the evaluation
contract's own form and judged by the engine alone (``fuwu.policy``, no database). Each person's standing
entries, summed by kind, must equal the engine's money decisions about them, summed by kind.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from fuwu.core.roles import Role
from fuwu.core.services import users
from fuwu.policy.engine import evaluate
from fuwu.policy.facts import parse_facts
from fuwu.policy.loader import load_policy, shipped_profile
from fuwu.regulations.calendars import work_calendar
from fuwu.staff.facts import subject_of
from fuwu.staff.models import Employee, LedgerEntry
from fuwu.staff.samples import Day, dingtalk_workbook
from fuwu.staff.services.attendance import import_attendance
from fuwu.staff.services.employees import create_employee
from fuwu.staff.services.incidents import approve_incident, record_incident
from fuwu.staff.services.leave import decide_leave, request_leave
from tests.core.base import PASSWORD
from tests.staff.base import SHANGHAI, StaffTestCase

MARCH = [dt.date(2026, 3, 1) + dt.timedelta(days=n) for n in range(31)]
WAGES = ["4350.00", "6000.00", "3800.00", "5200.00", "8000.00", "4350.00"]
MONEY = ("fine", "reward", "compensation", "deduction")
ASKED = dt.datetime(2026, 2, 27, 10, tzinfo=SHANGHAI)


def _clock(draw: random.Random) -> tuple[str, str]:
    """A day at the clock: mostly on time; late by every tier, early, absent or a forgotten clock-out."""
    roll = draw.random()
    if roll < 0.06:
        return ("", "")
    if roll < 0.25:
        return (f"{9 + draw.randint(0, 1):02d}:{draw.randint(1, 59):02d}", "18:03")
    if roll < 0.3:
        return ("08:55", f"17:{draw.randint(0, 59):02d}")
    if roll < 0.33:
        return ("08:50", "")
    return (f"08:{draw.randint(40, 59):02d}", f"18:{draw.randint(0, 30):02d}")


class LedgerEqualsEngineTests(StaffTestCase):
    def test_each_persons_entries_by_kind_equal_the_engines_decisions_on_the_same_facts(self) -> None:
        draw = random.Random(20260301)
        calendar = work_calendar()
        people = [self.worker]
        for number, wage in enumerate(WAGES[1:], start=2):
            user = users.create_user(
                username=f"w{number}", password=PASSWORD, display_name=f"职员{number}",
                employee_no=f"9{number:03d}", roles=[Role.EMPLOYEE], by=self.admin,
            )  # fmt: skip
            people.append(
                create_employee(
                    user=user,
                    site=self.site_a,
                    shift=self.day_shift,
                    monthly_wage=Decimal(wage),
                    hired_on=dt.date(2025, 1, 1),
                    manager=self.by_role[Role.SUPERVISOR],
                    by=self.admin,
                )
            )
        clocks = {
            (person.pk, day): _clock(draw) for person in people for day in MARCH if calendar.is_workday(day)
        }
        export = [
            Day(person.user.employee_no, person.user.display_name, day, (clocks[(person.pk, day)],))
            for person in people
            for day in MARCH
            if calendar.is_workday(day)
        ]
        import_attendance(
            site=self.site_a,
            data=dingtalk_workbook(export),
            filename="三月.xlsx",
            by=self.by_role[Role.HR_FINANCE],
        )
        supervisor = self.by_role[Role.SUPERVISOR]
        # Leave on the 10th for the second person (personal, 1.5 days), the 17th for the third (sick, 1 day).
        leave = {
            people[1].pk: ("personal", dt.date(2026, 3, 10), "1.5"),
            people[2].pk: ("sick", dt.date(2026, 3, 17), "1"),
        }
        for person in people:
            if person.pk in leave:
                kind, start, days = leave[person.pk]
                asked = request_leave(
                    employee=person, leave_type=kind, start=start, days=Decimal(days), by=person.user,
                    notified_at=ASKED,
                )  # fmt: skip
                decide_leave(asked, by=supervisor, approve=True)
        incidents = [
            (people[0], "p01.1", dt.datetime(2026, 3, 4, 11, tzinfo=SHANGHAI), None),
            (people[3], "p01.r3", dt.datetime(2026, 3, 12, 15, tzinfo=SHANGHAI), None),
            (people[4], "p01.3.11", dt.datetime(2026, 3, 20, 9, tzinfo=SHANGHAI), Decimal("2500.00")),
            (people[5], "p01.3.15", dt.datetime(2026, 3, 25, 16, tzinfo=SHANGHAI), None),
        ]
        for person, clause, at, cost in incidents:
            recorded = record_incident(
                employee=person, clause=clause, at=at, note="记录", by=supervisor, cost=cost
            )
            approve_incident(recorded, by=supervisor)

        # The same facts, by hand, as the evaluation contract takes them.
        events: list[dict[str, Any]] = []
        for person in people:
            covered: set[dt.date] = set()
            if person.pk in leave:
                kind, start, days = leave[person.pk]
                owed = [d for d in MARCH if d >= start and calendar.is_workday(d)][
                    : int(Decimal(days) + Decimal("0.5"))
                ]
                covered = set(owed)
                events.append(
                    {
                        "type": "leave",
                        "employee": f"P{person.pk}",
                        "leave_type": kind,
                        "start": start.isoformat(),
                        "days": days,
                        "notified_at": ASKED.isoformat(),
                    }
                )
            for day in MARCH:
                if not calendar.is_workday(day) or day in covered:
                    continue
                came, left = clocks[(person.pk, day)]
                events.append(
                    {
                        "type": "attendance",
                        "employee": f"P{person.pk}",
                        "date": day.isoformat(),
                        "shift_start": "09:00",
                        "shift_end": "18:00",
                        "clock_in": came or None,
                        "clock_out": left or None,
                    }
                )
        for person, clause, at, cost in incidents:
            event: dict[str, Any] = {
                "type": "incident",
                "employee": f"P{person.pk}",
                "clause": clause,
                "at": at.isoformat(),
            }
            if cost is not None:
                event["cost"] = str(cost)
            events.append(event)
        employees = [{"id": f"P{person.pk}", "monthly_wage": str(person.monthly_wage)} for person in people]
        policy = load_policy(shipped_profile("demo"))
        facts = parse_facts({"employees": employees, "events": events}, policy)
        expected: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
        for decision in evaluate(policy, facts, calendar=calendar):
            if decision.kind in MONEY and decision.amount is not None:
                when = decision.due.date() if decision.due is not None else dt.date(2026, 3, 1)
                if when < dt.date(2026, 4, 1):  # compensation carried into April counts there
                    expected[(int(decision.subject[1:]), decision.kind)] += decision.amount

        found: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
        for entry in LedgerEntry.objects.filter(employee__in=people, month=dt.date(2026, 3, 1)):
            found[(entry.employee_id, entry.kind)] += entry.amount
        self.assertEqual({k: v for k, v in found.items() if v}, {k: v for k, v in expected.items() if v})
        self.assertGreater(len(expected), 8)  # fines, deductions, a reward and compensation, not nothing
        # And every standing entry names the subject the engine gave it.
        for entry in LedgerEntry.objects.filter(
            employee__in=people, reverses__isnull=True, reversed_by__isnull=True
        ):
            self.assertTrue(entry.key.split("|")[1] == subject_of(entry.employee_id), entry.key)
        self.assertEqual(Employee.objects.count(), len(people))
