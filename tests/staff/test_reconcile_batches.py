"""Reconciling many employees at once gives what one at a time gives: the run of absences each month
opens with is counted for a whole chunk in one call of the engine, per person on their own last shifts
(leave covering some of them), and a month's shifts are looked up, not filtered."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from fuwu.core.models import User
from fuwu.regulations.calendars import work_calendar
from fuwu.regulations.services import absence_runs
from fuwu.staff.facts import attendance_events, person_facts, subject_of
from fuwu.staff.models import Employee, Leave, LedgerEntry, Review
from fuwu.staff.month_data import MonthsLoaded
from fuwu.staff.services import employees
from fuwu.staff.services.reconcile import _opening_runs, reconcile_months
from tests.staff.base import SHANGHAI, StaffTestCase

MARCH, APRIL = dt.date(2026, 3, 1), dt.date(2026, 4, 1)
# The last workdays of March 2026: Thursday 26, Friday 27, Monday 30, Tuesday 31.
LAST_DAYS = [dt.date(2026, 3, 26), dt.date(2026, 3, 27), dt.date(2026, 3, 30), dt.date(2026, 3, 31)]


class ReconcileBatchTests(StaffTestCase):
    people: list[Employee]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.people = [cls.worker]
        for number in range(1, 5):
            user = User.objects.create(username=f"batch{number}", display_name=f"员工{number}")
            cls.people.append(
                employees.create_employee(
                    user=user,
                    site=cls.site_a,
                    shift=cls.day_shift,
                    monthly_wage=Decimal("4350.00"),
                    hired_on=dt.date(2025, 1, 1),
                    by=cls.admin,
                )
            )
        # How many of the last workdays each was absent, from the end: 3, 1, 0, 2 (one on leave), 4.
        absent = [3, 1, 0, 2, 4]
        for employee, missed in zip(cls.people, absent, strict=True):
            for day in [dt.date(2026, 3, 2), dt.date(2026, 3, 3), *LAST_DAYS]:
                away = day in LAST_DAYS[len(LAST_DAYS) - missed :]
                cls.stored(employee, day, None if away else "08:55", None if away else "18:05")
            for day in (dt.date(2026, 4, 1), dt.date(2026, 4, 2)):
                cls.stored(employee, day, None, None)
        Leave.objects.create(
            employee=cls.people[3],
            leave_type=Leave.Type.PERSONAL,
            start=dt.date(2026, 3, 31),
            days=Decimal("1"),
            status=Leave.Status.APPROVED,
        )

    @classmethod
    def stored(cls, employee: Employee, day: dt.date, clock_in: str | None, clock_out: str | None) -> None:
        def moment(text: str | None) -> dt.datetime | None:
            return None if text is None else dt.datetime.combine(day, dt.time.fromisoformat(text), SHANGHAI)

        employee.days.create(
            day=day,
            shift_start=dt.time(9),
            shift_end=dt.time(18),
            clock_in=moment(clock_in),
            clock_out=moment(clock_out),
        )

    def one_at_a_time(self, loaded: MonthsLoaded, employee: Employee, month: dt.date) -> int:
        """The run as it was counted before, one call of the engine per employee."""
        tail = loaded.tail_before(employee, month)
        events = attendance_events(employee, tail, SHANGHAI, loaded.covered_before(employee, month))
        if not events:
            return 0
        person = person_facts(employee, loaded.managers)
        return absence_runs(employee.site, events, employees=[person], calendar=loaded.calendar).get(
            subject_of(employee), 0
        )

    def test_the_runs_counted_for_a_chunk_are_each_persons_own(self) -> None:
        loaded = MonthsLoaded(self.people, {MARCH, APRIL}, work_calendar())
        asked = [(employee, month) for employee in self.people for month in (MARCH, APRIL)]
        together = _opening_runs(loaded, asked)
        alone = {
            (employee.pk, month): self.one_at_a_time(loaded, employee, month) for employee, month in asked
        }
        self.assertEqual({key: together.get(key, 0) for key in alone}, alone)
        # The leave on 31 March breaks nothing and counts nothing: the fourth person's run is the 30th alone.
        self.assertEqual([alone[(employee.pk, APRIL)] for employee in self.people], [3, 1, 0, 1, 4])

    def test_a_months_shifts_and_the_last_before_it_are_those_of_the_days(self) -> None:
        loaded = MonthsLoaded(self.people, {MARCH, APRIL}, work_calendar())
        for employee in self.people:
            every = loaded.days[employee.pk]
            self.assertEqual(loaded.days_in(employee, MARCH), [row for row in every if row.day < APRIL])
            self.assertEqual(loaded.days_in(employee, APRIL), [row for row in every if row.day >= APRIL])
            self.assertEqual(loaded.tail_before(employee, APRIL), [r for r in every if r.day < APRIL][-10:])
        self.assertEqual(loaded.days_in(self.worker, dt.date(2026, 5, 1)), [])

    def test_april_opens_with_the_run_march_ended_with(self) -> None:
        with transaction.atomic():
            reconcile_months([(employee, APRIL) for employee in self.people], by=self.admin)
        # p01.3.3: three absent shifts in a row are a status for HR. Two absences on 1–2 April make three
        # only for those whose March ended with one (a run of three or four had its status in March).
        statuses = Review.objects.filter(month=APRIL, kind="status", clause="p01.3.3")
        self.assertEqual(
            sorted(review.employee_id for review in statuses), [self.people[1].pk, self.people[3].pk]
        )
        self.assertEqual(LedgerEntry.objects.filter(period=APRIL, clause="p01.3.3").count(), 10)
