"""A closed month is locked: a corrected shift, an approved leave and an approved incident dated in it still
count, in the next open month, and the closed month's payroll does not change; 我的奖惩 and the API say so."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from fuwu.core.roles import Role
from fuwu.staff.models import LedgerEntry, MonthClose, PayrollLine
from fuwu.staff.services.corrections import correct_shift
from fuwu.staff.services.leave import decide_leave, request_leave
from fuwu.staff.services.reconcile import reconcile_months
from tests.core.base import PASSWORD
from tests.staff.base import SHANGHAI
from tests.staff.close_base import APRIL, MARCH, CloseTestCase

D = Decimal


class LockedMonthTests(CloseTestCase):
    def close_march(self) -> tuple[MonthClose, list[tuple[object, ...]]]:
        with transaction.atomic():
            reconcile_months([(self.worker, MARCH)], by=self.admin)  # as the import did
        close = self.close()
        return close, self.march_lines()

    def march_lines(self) -> list[tuple[object, ...]]:
        return list(PayrollLine.objects.filter(close__month=MARCH).values_list(*self.fields))

    fields = (
        "employee",
        "wage",
        "bonus",
        "fines",
        "deductions",
        "compensation",
        "rewards",
        "floor_relief",
        "net",
    )

    def after(self, close: MonthClose) -> list[LedgerEntry]:
        return list(LedgerEntry.objects.filter(at__gt=close.closed_at).order_by("pk"))

    def assert_march_unchanged(self, close: MonthClose, lines: list[tuple[object, ...]]) -> None:
        self.assertEqual(self.march_lines(), lines)
        fresh = MonthClose.objects.get(pk=close.pk)
        self.assertEqual((fresh.totals, fresh.employees), (close.totals, close.employees))
        march = LedgerEntry.objects.filter(month=MARCH).aggregate(total=Sum("amount"))["total"] or D(0)
        kinds = ("fines", "deductions", "compensation", "rewards")
        self.assertEqual(march, sum((D(close.totals[kind]) for kind in kinds), D(0)))

    def test_a_shift_corrected_after_the_close_counts_in_the_next_month(self) -> None:
        late = self.shift_day(dt.date(2026, 3, 2), "09:45", "18:05")
        self.month_of_workdays(MARCH + dt.timedelta(days=7))  # the week after, on time
        close, lines = self.close_march()
        self.assertEqual(self.line().fines, D("50.00"))
        at = dt.datetime(2026, 3, 2, 9, 12, tzinfo=SHANGHAI)
        correct_shift(late, clock_in=at, clock_out=late.clock_out, reason="打卡机故障", by=self.hr)
        later = self.after(close)
        self.assertTrue(later)
        self.assertEqual({(e.period, e.month) for e in later}, {(MARCH, APRIL)})
        # The 50 fine reversed and a 10 fine made; the bonus deduction's reason changed (45 → 12 minutes).
        fines = sorted(e.amount for e in later if e.kind == "fine")
        self.assertEqual(fines, [D("-50.00"), D("10.00")])
        self.assert_march_unchanged(close, lines)
        self.close(APRIL)
        april = self.line(APRIL)
        self.assertEqual((april.fines, april.deductions), (D("-40.00"), D("0.00")))
        self.assertEqual(april.net, D("4590.00"))  # 4,350 + the April bonus + the 40 given back

    def test_leave_approved_after_the_close_counts_in_the_next_month(self) -> None:
        self.month_of_workdays()
        close, lines = self.close_march()
        leave = request_leave(
            employee=self.worker,
            leave_type="personal",
            start=dt.date(2026, 3, 10),
            days=D(1),
            by=self.worker.user,
            notified_at=dt.datetime(2026, 3, 9, 10, tzinfo=SHANGHAI),
        )
        decide_leave(leave, by=self.by_role[Role.SUPERVISOR], approve=True)
        later = self.after(close)
        self.assertEqual(
            sorted((e.clause, e.amount, e.period, e.month) for e in later),
            [("p01.3", D("200.00"), MARCH, APRIL), ("p01.3.2", D("300.00"), MARCH, APRIL)],
        )
        self.assert_march_unchanged(close, lines)

    def test_an_incident_approved_after_the_close_counts_in_the_next_month(self) -> None:
        self.month_of_workdays()
        close, lines = self.close_march()
        self.incident("p01.1", dt.date(2026, 3, 20))
        later = self.after(close)
        self.assertEqual(
            [(e.clause, e.amount, e.period, e.month) for e in later], [("p01.1", D("10.00"), MARCH, APRIL)]
        )
        self.assert_march_unchanged(close, lines)
        self.close(APRIL)
        self.assertEqual(self.line(APRIL).fines, D("10.00"))

    def test_the_ledger_page_and_the_api_say_which_month_an_entry_belongs_to(self) -> None:
        self.month_of_workdays(late={dt.date(2026, 3, 3): "09:12"})
        close, _lines = self.close_march()
        self.incident("p01.1", dt.date(2026, 3, 20))
        self.client.login(username=self.worker.user.username, password=PASSWORD)
        april = self.client.get("/staff/ledger/", {"month": "2026-04"}).content.decode()
        self.assertIn("属于2026-03的更正，计入2026-04", april)
        self.assertIn("未月结", april)
        march = self.client.get("/staff/ledger/", {"month": "2026-03"}).content.decode()
        self.assertIn("已月结", march)
        self.assertIn(f"{close.closed_at.astimezone(SHANGHAI):%Y-%m-%d}", march)
        self.assertIn(f"实发：{self.line().net} 元", march)  # the person sees their pay …
        states = {
            (entry["month"], entry["state"])
            for entry in self.client.get("/api/v1/ledger", {"page_size": 100}).json()["results"]
        }
        self.assertEqual(states, {("2026-03", "closed"), ("2026-04", "open")})
        self.client.login(username=self.by_role[Role.SUPERVISOR].username, password=PASSWORD)
        seen = self.client.get("/staff/ledger/", {"month": "2026-03", "employee": str(self.worker.user_id)})
        self.assertIn("已月结", seen.content.decode())
        self.assertNotIn("实发", seen.content.decode())  # … their manager does not
