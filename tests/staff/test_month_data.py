"""What a chunk's reconcile reads its quick ways is what the ORM reads: the shifts read as text and parsed
once per value, the entries that stand worked out from the rows (reversals and the reversed left out),
and ids put into a statement as they are."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from fuwu.regulations.calendars import work_calendar
from fuwu.staff.models import AttendanceDay, Employee, LedgerEntry
from fuwu.staff.month_data import MonthsLoaded, _standing, listed, read_shifts
from fuwu.staff.services.reconcile import reconcile_months
from tests.staff.base import SHANGHAI, StaffTestCase

MARCH, APRIL = dt.date(2026, 3, 1), dt.date(2026, 4, 1)
FIELDS = ("pk", "employee_id", "day", "shift_start", "shift_end", "clock_in", "clock_out")


class ReadShiftsTests(StaffTestCase):
    def test_the_shifts_read_as_text_are_those_the_orm_reads(self) -> None:
        self.shift_day(dt.date(2026, 3, 2), "08:55", "18:05")
        self.shift_day(dt.date(2026, 3, 3), None, None)
        AttendanceDay.objects.create(  # a night shift, clocked to the microsecond
            employee=self.worker,
            day=dt.date(2026, 3, 4),
            shift_start=dt.time(22),
            shift_end=dt.time(6),
            clock_in=dt.datetime(2026, 3, 4, 21, 58, 13, 250000, SHANGHAI),
            clock_out=dt.datetime(2026, 3, 5, 6, 2, tzinfo=SHANGHAI),
        )
        self.shift_day(dt.date(2026, 4, 1), "09:00", "18:00")  # after the range
        found = list(read_shifts([self.worker.pk], MARCH, APRIL))
        stored = AttendanceDay.objects.filter(employee=self.worker, day__lt=APRIL)
        expected = list(stored.order_by("employee_id", "day", "shift_start").values_list(*FIELDS))
        self.assertEqual([tuple(row) for row in found], expected)
        self.assertEqual(len(found), 3)
        moments = [moment for row in found for moment in (row.clock_in, row.clock_out) if moment]
        self.assertTrue(all(moment.utcoffset() is not None for moment in moments))
        self.assertEqual(found[2].clock_in, dt.datetime(2026, 3, 4, 21, 58, 13, 250000, SHANGHAI))


class StandingTests(StaffTestCase):
    def test_the_entries_that_stand_are_those_neither_reversing_nor_reversed(self) -> None:
        late = self.shift_day(dt.date(2026, 3, 2), "09:45", "18:00")
        self.shift_day(dt.date(2026, 3, 3), "09:12", "18:00")
        with transaction.atomic():
            reconcile_months([(self.worker, MARCH)], by=self.admin)
        # The first lateness corrected to 12 minutes: its entry is reversed and a new one made.
        AttendanceDay.objects.filter(pk=late.pk).update(
            clock_in=dt.datetime(2026, 3, 2, 9, 12, tzinfo=SHANGHAI)
        )
        with transaction.atomic():
            reconcile_months([(self.worker, MARCH)], by=self.admin)
        self.assertTrue(LedgerEntry.objects.filter(employee=self.worker, reverses__isnull=False).exists())
        loaded = MonthsLoaded([self.worker], {MARCH}, work_calendar())
        orm = LedgerEntry.objects.filter(
            employee=self.worker, period=MARCH, reverses__isnull=True, reversed_by__isnull=True
        )
        standing = loaded.standing[(self.worker.pk, MARCH)]
        self.assertEqual({key: entry.pk for key, entry in standing.items()}, {e.key: e.pk for e in orm})
        self.assertEqual({entry.amount for entry in standing.values()}, {e.amount for e in orm})

    def test_a_row_reversed_by_another_of_them_does_not_stand(self) -> None:
        rows = [(1, "a", None), (2, "b", None), (3, "a-reversed", 1), (4, "c", None)]
        self.assertEqual(_standing(rows), [(2, "b"), (4, "c")])


class ListedTests(StaffTestCase):
    def test_ids_put_in_as_they_are_find_what_a_list_finds(self) -> None:
        everyone = list(Employee.objects.values_list("pk", flat=True))
        chosen = [everyone[0], everyone[-1]]
        self.assertEqual(
            set(Employee.objects.filter(pk__in=listed(chosen)).values_list("pk", flat=True)), set(chosen)
        )
        self.assertFalse(Employee.objects.filter(pk__in=listed([])).exists())
