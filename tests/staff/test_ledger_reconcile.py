"""The ledger follows the engine on an employee's month: same facts, same entries; changed facts,
reversing entries; nothing ever updated or deleted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import DatabaseError, connection, transaction

from fuwu.core.models import AppendOnlyError, AuditEntry
from fuwu.staff.models import LedgerEntry
from fuwu.staff.selectors import standing
from fuwu.staff.services.ledger import total
from fuwu.staff.services.reconcile import reconcile_month
from tests.staff.base import StaffTestCase

MARCH = dt.date(2026, 3, 1)


class LedgerReconcileTests(StaffTestCase):
    def reconcile(self) -> tuple[int, int]:
        with transaction.atomic():
            change = reconcile_month(self.worker, MARCH, by=self.admin)
        return change.added, change.reversed

    def test_lateness_gives_fines_citing_their_clause_and_the_bonus_deduction(self) -> None:
        self.shift_day(dt.date(2026, 3, 2), "09:12", "18:01")
        self.shift_day(dt.date(2026, 3, 3), "09:45", "18:01")
        self.shift_day(dt.date(2026, 3, 4), "08:55", "18:02")
        self.reconcile()
        fines = LedgerEntry.objects.filter(kind="fine").order_by("amount")
        self.assertEqual(
            [(f.clause, f.amount, f.because) for f in fines],
            [
                ("p01.3.1", Decimal("10.00"), "迟到12分钟"),
                ("p01.3.1", Decimal("50.00"), "迟到45分钟"),
            ],
        )
        self.assertTrue(all(f.pack == "p01" and f.pack_version == 1 and f.clause_text for f in fines))
        self.assertEqual([f.day for f in fines], [dt.date(2026, 3, 2), dt.date(2026, 3, 3)])  # the late days
        self.assertTrue(LedgerEntry.objects.filter(kind="deduction", clause="p01.3").exists())
        self.assertEqual(AuditEntry.objects.filter(action="ledger.add").count(), LedgerEntry.objects.count())

    def test_the_same_facts_twice_add_nothing(self) -> None:
        self.shift_day(dt.date(2026, 3, 2), "09:12", "18:01")
        added, _ = self.reconcile()
        self.assertGreater(added, 0)
        self.assertEqual(self.reconcile(), (0, 0))

    def test_a_corrected_time_reverses_the_fine_and_a_new_one_stands(self) -> None:
        day = self.shift_day(dt.date(2026, 3, 2), "09:45", "18:01")
        self.reconcile()
        day.clock_in = day.clock_in.replace(minute=12) if day.clock_in else None
        day.save()
        # The fine changes, and so does the bonus deduction's reason (迟到45分钟 → 迟到12分钟).
        self.assertEqual(self.reconcile(), (2, 2))
        fines = standing(self.worker, MARCH)
        self.assertEqual(sorted(e.amount for e in fines.values() if e.kind == "fine"), [Decimal("10.00")])
        reversal = LedgerEntry.objects.get(reverses__isnull=False, kind="fine")
        self.assertEqual(reversal.amount, Decimal("-50.00"))
        # What the month takes: the standing entries and the pair that cancels add up alike.
        self.assertEqual(total(LedgerEntry.objects.filter(kind="fine")), Decimal("10.00"))

    def test_an_entry_cannot_be_changed_or_deleted_by_the_app_or_by_sql(self) -> None:
        self.shift_day(dt.date(2026, 3, 2), "09:45", "18:01")
        self.reconcile()
        entry = LedgerEntry.objects.first()
        assert entry is not None
        with self.assertRaises(AppendOnlyError):
            entry.save()
        with self.assertRaises(AppendOnlyError):
            entry.delete()
        with self.assertRaises(AppendOnlyError):
            LedgerEntry.objects.filter(pk=entry.pk).update(amount=0)
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE staff_ledgerentry SET amount = 0 WHERE id = %s", [entry.pk])
        self.assertEqual(LedgerEntry.objects.get(pk=entry.pk).amount, entry.amount)
