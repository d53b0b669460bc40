"""What reconcile brings from outside the month it evaluates: the run of absences the month before ended
with, the compensation carried over the 20 % cap, the months already closed, and status proposals as
HR's reviews."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from fuwu.core.roles import Role
from fuwu.staff.models import Incident, LedgerEntry, MonthClose, Review
from fuwu.staff.services.reconcile import reconcile_months
from tests.staff.base import SHANGHAI, StaffTestCase

MARCH, APRIL, MAY = dt.date(2026, 3, 1), dt.date(2026, 4, 1), dt.date(2026, 5, 1)


class ReconcileHistoryTests(StaffTestCase):
    def reconcile(self, *months: dt.date) -> None:
        with transaction.atomic():
            reconcile_months([(self.worker, month) for month in months], by=self.admin)

    def damage(self, cost: str, at: dt.datetime) -> Incident:
        return Incident.objects.create(
            employee=self.worker,
            site=self.site_a,
            clause="p01.3.11",
            at=at,
            cost=Decimal(cost),
            concealed=False,
            note="打碎玻璃门",
            state=Incident.State.APPROVED,
            recorded_by=self.by_role[Role.SUPERVISOR],
            approver_role="supervisor",
        )

    def test_a_run_of_absences_crossing_the_month_end_proposes_the_status_in_the_next_month(self) -> None:
        self.shift_day(dt.date(2026, 3, 30), None, None)
        self.shift_day(dt.date(2026, 3, 31), None, None)
        self.shift_day(dt.date(2026, 4, 1), None, None)
        self.reconcile(MARCH, APRIL)
        review = Review.objects.get(kind="status")
        self.assertEqual((review.month, review.clause, review.status), (APRIL, "p01.3.3", "auto_resignation"))
        self.assertEqual(review.state, Review.State.OPEN)
        self.assertTrue(Review.objects.filter(kind="needs_review", month=APRIL).exists())
        # Reconciling April alone again finds the same run (from March's last shifts): nothing new.
        self.reconcile(APRIL)
        self.assertEqual(Review.objects.count(), 2)

    def test_a_review_whose_decision_is_gone_becomes_void(self) -> None:
        days = [self.shift_day(dt.date(2026, 3, d), None, None) for d in (2, 3, 4)]
        self.reconcile(MARCH)
        self.assertEqual(Review.objects.filter(state=Review.State.OPEN).count(), 2)
        days[1].clock_in = dt.datetime(2026, 3, 3, 9, 0, tzinfo=SHANGHAI)
        days[1].clock_out = dt.datetime(2026, 3, 3, 18, 0, tzinfo=SHANGHAI)
        days[1].save()
        self.reconcile(MARCH)
        self.assertEqual(Review.objects.filter(state=Review.State.VOID).count(), 2)

    def test_a_change_to_a_closed_month_lands_in_the_next_open_month(self) -> None:
        day = self.shift_day(dt.date(2026, 3, 2), "09:45", "18:00")
        self.reconcile(MARCH)
        MonthClose.objects.create(site=self.site_a, month=MARCH, closed_by=self.admin)
        day.clock_in = dt.datetime(2026, 3, 2, 9, 12, tzinfo=SHANGHAI)
        day.save()
        self.reconcile(MARCH)
        reversal = LedgerEntry.objects.get(kind="fine", reverses__isnull=False)
        fresh = LedgerEntry.objects.get(kind="fine", reverses__isnull=True, reversed_by__isnull=True)
        self.assertEqual(
            (reversal.period, reversal.month, reversal.amount), (MARCH, APRIL, Decimal("-50.00"))
        )
        self.assertEqual((fresh.period, fresh.month, fresh.amount), (MARCH, APRIL, Decimal("10.00")))
        # What March's payroll counted is untouched.
        march = LedgerEntry.objects.filter(month=MARCH, kind="fine")
        self.assertEqual([e.amount for e in march], [Decimal("50.00")])

    def test_compensation_over_the_cap_counts_in_the_months_it_is_due(self) -> None:
        # 4350.00 a month: at most 870.00 a month; 2000.00 of damage is 870 + 870 + 260.
        self.damage("2000.00", dt.datetime(2026, 3, 10, 10, tzinfo=SHANGHAI))
        self.reconcile(MARCH)
        entries = LedgerEntry.objects.filter(kind="compensation").order_by("month")
        self.assertEqual(
            [(e.period, e.month, e.amount) for e in entries],
            [
                (MARCH, MARCH, Decimal("870.00")),
                (MARCH, APRIL, Decimal("870.00")),
                (MARCH, MAY, Decimal("260.00")),
            ],
        )

    def test_new_damage_in_a_month_shares_its_cap_with_what_was_carried_into_it(self) -> None:
        self.damage("1000.00", dt.datetime(2026, 3, 10, 10, tzinfo=SHANGHAI))  # 870 in March, 130 in April
        self.damage("1000.00", dt.datetime(2026, 4, 8, 10, tzinfo=SHANGHAI))  # 740 left in April's cap
        self.reconcile(MARCH, APRIL)
        april = LedgerEntry.objects.filter(kind="compensation", month=APRIL).order_by("amount")
        self.assertEqual(
            [(e.period, e.amount) for e in april], [(MARCH, Decimal("130.00")), (APRIL, Decimal("740.00"))]
        )
        self.assertEqual(
            LedgerEntry.objects.get(kind="compensation", month=MAY).amount, Decimal("260.00")
        )  # the rest of April's damage
        # April alone again: the carried 130.00 comes as the opening balance, and nothing changes.
        before = LedgerEntry.objects.count()
        self.reconcile(APRIL)
        self.assertEqual(LedgerEntry.objects.count(), before)
