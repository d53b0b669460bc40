"""The monthly close: the engine's month, the full-attendance bonus, the legal guardrail (compensation
capped and carried, the minimum-wage floor, withhold-all clauses as reviews), totals that add up, who may
close, and which months may close."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from fuwu.core.errors import Conflict
from fuwu.core.models import AuditEntry, OutboxMessage
from fuwu.core.roles import Role
from fuwu.staff.models import Employee, LedgerEntry, MonthClose, PayrollLine, Review
from fuwu.staff.services import employees
from fuwu.staff.services.close import COLUMNS, close_month
from fuwu.staff.services.reconcile import reconcile_months
from tests.staff.close_base import APRIL, FEBRUARY, MARCH, MAY, CloseTestCase

D = Decimal


class BonusTests(CloseTestCase):
    def test_a_month_on_time_pays_the_full_attendance_bonus(self) -> None:
        self.month_of_workdays()
        close = self.close()
        line = self.line()
        self.assertEqual((line.wage, line.bonus, line.deductions, line.fines), (D("4350"), D("200"), 0, 0))
        self.assertEqual(line.net, D("4550.00"))
        self.assertEqual((close.employees, close.needs_review), (1, 0))

    def test_a_late_day_forfeits_the_bonus_as_a_deduction_of_p01_3(self) -> None:
        self.month_of_workdays(late={dt.date(2026, 3, 3): "09:12"})
        self.close()
        line = self.line()
        self.assertEqual((line.bonus, line.fines, line.deductions), (D("200"), D("10"), D("200")))
        self.assertEqual(line.net, D("4340.00"))
        forfeit = LedgerEntry.objects.get(kind="deduction", month=MARCH)
        self.assertEqual((forfeit.clause, forfeit.amount), ("p01.3", D("200.00")))

    def test_the_persons_own_bonus_is_paid_and_forfeited_instead_of_the_sites(self) -> None:
        Employee.objects.filter(pk=self.worker.pk).update(full_attendance_bonus=D("300.00"))
        self.month_of_workdays(late={dt.date(2026, 3, 3): "09:12"})
        self.close()
        line = self.line()
        self.assertEqual((line.bonus, line.deductions, line.net), (D("300"), D("300"), D("4340.00")))


class GuardrailTests(CloseTestCase):
    def test_compensation_over_a_fifth_of_the_wage_is_carried_into_the_next_months(self) -> None:
        self.month_of_workdays()
        self.incident("p01.3.11", dt.date(2026, 3, 10), cost=D("2000.00"))  # reported: cost × 1
        self.close()
        cap = D("870.00")  # 20 % of 4,350
        self.assertEqual(self.line().compensation, cap)
        carried = LedgerEntry.objects.filter(kind="compensation").order_by("month")
        self.assertEqual(
            [(e.period, e.month, e.amount) for e in carried],
            [(MARCH, MARCH, cap), (MARCH, APRIL, cap), (MARCH, MAY, D("260.00"))],
        )
        self.close(APRIL)
        self.assertEqual(self.line(APRIL).compensation, cap)
        self.close(MAY)
        self.assertEqual(self.line(MAY).compensation, D("260.00"))

    def test_the_pay_never_falls_below_the_minimum_wage_and_hr_reviews_what_was_kept_back(self) -> None:
        # Three days absent, not in a row: 3 × 600 absence deductions and the 200 bonus forfeited.
        for day, clock in ((2, None), (3, "08:55"), (4, None), (5, "08:55"), (6, None)):
            self.shift_day(dt.date(2026, 3, day), clock, clock and "18:05")
        close = self.close()
        line = self.line()
        self.assertEqual((line.deductions, line.floor_relief, line.net), (D("2000"), D("140"), D("2690.00")))
        self.assertEqual(line.net, self.site_a.minimum_monthly_wage)
        floor = Review.objects.get(kind="floor")
        self.assertEqual(
            (floor.key, floor.state, floor.month), (f"floor|employee:{self.worker.pk}|2026-03", "open", MARCH)
        )
        self.assertIn("140.00", floor.because)
        self.assertEqual((line.needs_review, close.needs_review), (1, 1))
        self.assertEqual(close.totals["floor_relief"], "140.00")

    def test_the_floor_gives_back_only_what_was_taken(self) -> None:
        Employee.objects.filter(pk=self.worker.pk).update(monthly_wage=D("2000.00"), full_attendance_bonus=0)
        self.shift_day(dt.date(2026, 3, 2), "09:12", "18:05")  # a 10 yuan fine
        self.close()
        line = self.line()
        self.assertEqual((line.fines, line.floor_relief, line.net), (D("10"), D("10"), D("2000.00")))

    def test_three_absences_in_a_row_are_reviews_for_hr_and_no_wage_is_withheld(self) -> None:
        for day in (2, 3, 4):
            self.shift_day(dt.date(2026, 3, day), None, None)
        self.shift_day(dt.date(2026, 3, 5), "08:55", "18:05")
        close = self.close()
        reviews = {(r.kind, r.clause, r.status) for r in Review.objects.filter(month=MARCH)}
        self.assertEqual(
            reviews,
            {
                ("status", "p01.3.3", "auto_resignation"),
                ("needs_review", "p01.3.3", ""),
                ("floor", "minimum_wage", ""),
            },
        )
        line = self.line()
        # Each absence deducts three days' wage (p01.3.3) and the bonus goes; 不发放任何工资 takes nothing.
        self.assertEqual(line.deductions, D("2000.00"))
        self.assertEqual(line.net, D("2690.00"))
        self.assertEqual((line.needs_review, close.needs_review), (3, 3))
        self.worker.refresh_from_db()
        self.assertEqual(self.worker.status, Employee.Status.ACTIVE)  # nothing happens to the person


class TotalsAndTrailTests(CloseTestCase):
    def test_totals_are_the_lines_sums_and_each_line_adds_up(self) -> None:
        other = employees.create_employee(
            user=self.by_role[Role.GUARD], site=self.site_a, shift=self.day_shift, monthly_wage=D("3000.00"),
            hired_on=dt.date(2025, 6, 1), by=self.admin,
        )  # fmt: skip
        self.month_of_workdays(late={dt.date(2026, 3, 4): "09:45"})
        self.shift_day(dt.date(2026, 3, 2), "08:50", "18:00", employee=other)
        self.incident("p01.3.11", dt.date(2026, 3, 11), cost=D("100.00"), employee=other)
        close = self.close()
        lines = list(PayrollLine.objects.filter(close=close))
        self.assertEqual(len(lines), 2)
        for name in COLUMNS:
            self.assertEqual(D(close.totals[name]), sum((getattr(line, name) for line in lines), D(0)), name)
        for line in lines:
            self.assertEqual(
                line.net,
                line.wage
                + line.bonus
                + line.rewards
                - line.fines
                - line.deductions
                - line.compensation
                + line.floor_relief,
            )
        self.assertTrue(
            all(isinstance(value, str) and value.count(".") == 1 for value in close.totals.values())
        )

    def test_the_close_is_audited_and_hr_and_the_general_manager_are_told(self) -> None:
        self.month_of_workdays()
        close = self.close()
        self.assertEqual(AuditEntry.objects.filter(action="month.close", object_pk=str(close.pk)).count(), 1)
        self.assertEqual(AuditEntry.objects.filter(action="payroll.line").count(), 1)
        told = set(
            OutboxMessage.objects.filter(idempotency_key__isnull=False).values_list("recipient_id", flat=True)
        )
        self.assertTrue({self.hr.pk, self.gm.pk} <= told, told)

    def test_progress_is_reported_in_employees(self) -> None:
        self.month_of_workdays()
        seen: list[tuple[int, int]] = []
        close_month(self.site_a, MARCH, by=self.hr, progress=lambda done, of: seen.append((done, of)))
        self.assertEqual(seen, [(1, 1)])


class WhoAndWhenTests(CloseTestCase):
    def test_only_hr_of_the_site_or_the_general_manager_close_it(self) -> None:
        self.month_of_workdays()
        for role in (Role.DISPATCHER, Role.SUPERVISOR, Role.EMPLOYEE):
            with self.assertRaises(PermissionDenied):
                self.close(by=self.by_role[role])
        with self.assertRaises(PermissionDenied):
            self.close(by=self.hr_b)
        self.assertFalse(MonthClose.objects.exists())
        self.close(by=self.gm)
        self.assertTrue(MonthClose.objects.filter(site=self.site_a, month=MARCH).exists())

    def test_a_month_is_closed_once(self) -> None:
        self.close()
        with self.assertRaises(Conflict) as caught:
            self.close()
        self.assertIn("已经月结", caught.exception.message)
        self.assertEqual(PayrollLine.objects.count(), 1)

    def test_a_month_not_yet_over_cannot_be_closed(self) -> None:
        this_month = timezone.localdate().replace(day=1)
        with self.assertRaises(Conflict) as caught:
            self.close(this_month)
        self.assertIn("才能月结", caught.exception.message)

    def test_an_open_month_before_with_entries_must_be_closed_first(self) -> None:
        self.shift_day(dt.date(2026, 2, 2), "09:45", "18:00")
        with transaction.atomic():
            reconcile_months([(self.worker, FEBRUARY)], by=self.admin)
        with self.assertRaises(Conflict) as caught:
            self.close()
        self.assertIn("2026-02", caught.exception.message)
        self.close(FEBRUARY)
        self.close()
        self.assertEqual(MonthClose.objects.count(), 2)

    def test_people_hired_after_the_month_or_gone_before_it_are_not_paid(self) -> None:
        later = employees.create_employee(
            user=self.by_role[Role.GUARD], site=self.site_a, shift=self.day_shift, monthly_wage=D("3000.00"),
            hired_on=APRIL, by=self.admin,
        )  # fmt: skip
        gone = employees.create_employee(
            user=self.by_role[Role.TECHNICIAN], site=self.site_a, shift=self.day_shift,
            monthly_wage=D("3000.00"), hired_on=dt.date(2025, 1, 1), by=self.admin,
        )  # fmt: skip
        left_in_march = employees.create_employee(
            user=self.by_role[Role.CUSTOMER_MANAGER], site=self.site_a, shift=self.day_shift,
            monthly_wage=D("3000.00"), hired_on=dt.date(2025, 1, 1), by=self.admin,
        )  # fmt: skip
        Employee.objects.filter(pk__in=[gone.pk, left_in_march.pk]).update(status=Employee.Status.LEFT)
        self.shift_day(dt.date(2026, 3, 2), "08:55", "18:00", employee=left_in_march)
        close = self.close()
        paid = set(PayrollLine.objects.filter(close=close).values_list("employee_id", flat=True))
        self.assertEqual(paid, {self.worker.pk, left_in_march.pk})
        self.assertNotIn(later.pk, paid)


class CommandTests(CloseTestCase):
    def test_the_command_closes_with_a_progress_bar_and_says_why_it_cannot(self) -> None:
        self.month_of_workdays()
        out = io.StringIO()
        call_command(
            "close", "month", "--site", "a", "--month", "2026-03", "--by", self.hr.username, stdout=out
        )
        self.assertIn("1 / 1", out.getvalue())
        self.assertIn("a 2026-03 closed: 1 people, pay 4550.00", out.getvalue())
        with self.assertRaisesMessage(CommandError, "已经月结"):
            call_command(
                "close", "month", "--site", "a", "--month", "2026-03", "--by", self.hr.username, stdout=out
            )
        with self.assertRaises(CommandError):
            call_command(
                "close", "month", "--site", "a", "--month", "2026-3", "--by", self.hr.username, stdout=out
            )
