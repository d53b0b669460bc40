"""The reports are the stored rows summed: the parts-cost report's flows and cost equal the month's
movements (a reversal counting with what it reverses), its workbook holds the same numbers, the summary
counts the month's complaints, replies and returns, the feedback lists the week's rows; each report is due
when the pack's duty says."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from django.db.models import Sum
from openpyxl import load_workbook  # type: ignore[import-untyped]

from fuwu.aftersales.models import AccountEntry, Complaint, Part, PartMovement
from fuwu.aftersales.reports.duties import FEEDBACK, PARTS_COST, SUMMARY, duties_in
from fuwu.aftersales.reports.feedback import weekly_feedback
from fuwu.aftersales.reports.parts_cost import parts_cost
from fuwu.aftersales.reports.summary import monthly_summary
from fuwu.aftersales.services import complaints, parts, registers, returns
from fuwu.approvals import services as approvals
from fuwu.approvals.models import ApprovalRequest
from fuwu.core.models import User
from fuwu.orders.services.intake import create_order
from tests.aftersales.base import AftersalesTestCase
from tests.core.base import PASSWORD

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH = dt.datetime(2026, 3, 1, tzinfo=SHANGHAI)
APRIL = dt.datetime(2026, 4, 1, tzinfo=SHANGHAI)


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=SHANGHAI)


class ReportTests(AftersalesTestCase):
    second: Part

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Every service dates what it does "now": March the 20th, so the month's rows are all in March.
        with mock.patch(
            "django.utils.timezone.now", return_value=dt.datetime(2026, 3, 20, 12, tzinfo=SHANGHAI)
        ):
            cls.march()

    @classmethod
    def march(cls) -> None:
        boss, desk = cls.by_role_user("supervisor"), cls.by_role_user("dispatcher")
        order = create_order(
            site=cls.site_a,
            location="3栋",
            description="空调",
            channel="phone",
            tags=["general"],
            by=desk,
            received_at=at(2),
        )
        cls.second = parts.create_part(cls.site_a, by=boss, code="YS-1", name="压缩机", unit="个")
        parts.stock_in(
            cls.part,
            by=boss,
            quantity=4,
            unit_cost=Decimal("2500.00"),
            at=dt.datetime(2026, 2, 20, tzinfo=SHANGHAI),
        )
        parts.stock_in(cls.second, by=boss, quantity=10, unit_cost=Decimal("333.33"), at=at(3))
        parts.issue(cls.second, by=desk, quantity=3, order=order, at=at(4))
        wrong = parts.issue(cls.second, by=desk, quantity=1, order=order, at=at(5))
        parts.reverse(wrong, by=boss, note="领错")
        quality = complaints.receive_complaint(
            cls.site_a,
            by=desk,
            customer=cls.customer,
            kind=Complaint.Kind.QUALITY,
            content="不制冷",
            received_at=at(9),
            purchase=cls.purchase,
        )
        complaints.reply(quality, by=desk, text="已上门", at=at(9, 15))
        complaints.receive_complaint(
            cls.site_a,
            by=desk,
            customer=cls.customer,
            kind=Complaint.Kind.OTHER,
            content="预约改期",
            received_at=at(10),
        )
        registers.log_call(cls.site_a, by=desk, at=at(10, 9), caller="李先生", content="空调清洗多少钱")
        request = returns.register_return(
            cls.site_a,
            by=desk,
            kind="return",
            customer=cls.customer,
            content="要求退货",
            amount=Decimal("6200.00"),
            purchase=cls.purchase,
            part=cls.part,
        )
        assert request.approval_id is not None
        chain = ApprovalRequest.objects.get(pk=request.approval_id)
        approvals.decide(chain, by=cls.by_role_user("general_manager"), approve=True, note="同意")
        approvals.decide(chain, by=cls.by_role_user("general_manager"), approve=True, note="办公会:同意")
        returns.carry_out(request, by=boss)

    @classmethod
    def by_role_user(cls, code: str) -> User:
        return next(user for role, user in cls.by_role.items() if role.value == code)

    def test_the_parts_cost_report_is_the_months_movements_summed(self) -> None:
        report = parts_cost(self.site_a, MARCH, APRIL)
        month = PartMovement.objects.filter(site=self.site_a, at__gte=MARCH, at__lt=APRIL)
        issued = month.filter(kind__in=("order", "exchange")).aggregate(t=Sum("amount"))["t"]
        reversed_issues = month.filter(reverses__kind__in=("order", "exchange")).aggregate(t=Sum("amount"))[
            "t"
        ]
        self.assertEqual(report.cost, -(issued + reversed_issues))
        self.assertEqual(report.cost, Decimal("999.99"))  # 3 of 3333.30 for 10, to the cent
        lines = {line.code: line for line in report.lines}
        self.assertEqual(
            (lines["YS-1"].opening.quantity, lines["YS-1"].closing.quantity, lines["YS-1"].closing.amount),
            (0, 7, Decimal("2333.31")),
        )
        self.assertEqual((lines["KT-35"].opening.quantity, lines["KT-35"].closing.quantity), (4, 5))
        self.assertEqual(lines["KT-35"].flows["return"].amount, Decimal("2500.00"))
        before = PartMovement.objects.filter(site=self.site_a, at__lt=MARCH).aggregate(t=Sum("amount"))["t"]
        everything = PartMovement.objects.filter(site=self.site_a, at__lt=APRIL).aggregate(t=Sum("amount"))[
            "t"
        ]
        self.assertEqual((report.opening_value, report.closing_value), (before, everything))
        self.assertEqual(len(report.movements), month.count())

    def test_the_parts_cost_workbook_holds_the_same_numbers(self) -> None:
        self.client.login(username="hr_finance", password=PASSWORD)
        response = self.client.get("/aftersales/reports/parts-cost.xlsx?site=a&month=2026-03")
        self.assertEqual(response.status_code, 200)
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        total = rows[-1]
        self.assertEqual(Decimal(str(total[-1])).quantize(Decimal("0.01")), Decimal("999.99"))
        self.assertEqual(
            len(list(book.worksheets[1].iter_rows(values_only=True))) - 2,
            PartMovement.objects.filter(at__gte=MARCH).count(),
        )

    def test_the_summary_counts_the_months_rows(self) -> None:
        summary = monthly_summary(self.site_a, MARCH, APRIL)
        self.assertEqual((summary.desk_calls, len(summary.complaints)), (1, 2))
        self.assertEqual((summary.replied_in_time, summary.replied_late_or_overdue), (1, 1))
        self.assertEqual(
            [(count, amount) for _s, count, amount in summary.returns_by_state if count],
            [(1, Decimal("6200.00"))],
        )
        self.assertEqual(summary.costs_to_customers, (0, Decimal("0.00")))
        self.assertEqual(summary.parts_cost, Decimal("999.99"))
        expense = AccountEntry.objects.filter(site=self.site_a, at__gte=MARCH, at__lt=APRIL).aggregate(
            t=Sum("expense")
        )
        self.assertEqual(summary.expense, expense["t"])
        self.assertEqual(summary.expense, Decimal("7199.99"))  # parts 999.99 + refund 6200

    def test_the_weekly_feedback_lists_the_weeks_rows(self) -> None:
        monday = dt.datetime(2026, 3, 9, tzinfo=SHANGHAI)
        feedback = weekly_feedback(self.site_a, monday, monday + dt.timedelta(days=7))
        self.assertEqual(
            (
                [c.content for c in feedback.quality],
                [c.content for c in feedback.problems],
                len(feedback.calls),
            ),
            (["不制冷"], ["预约改期"], 1),
        )

    def test_each_report_is_due_when_its_duty_says(self) -> None:
        due = duties_in(self.site_a, MARCH, APRIL)
        self.assertEqual(
            (due[PARTS_COST].due, due[PARTS_COST].clause, due[SUMMARY].clause),
            (dt.datetime(2026, 3, 31, 17, tzinfo=SHANGHAI), "p12.16b", "p12.5"),
        )
        week = duties_in(
            self.site_a, dt.datetime(2026, 3, 9, tzinfo=SHANGHAI), dt.datetime(2026, 3, 16, tzinfo=SHANGHAI)
        )
        self.assertEqual(
            (week[FEEDBACK].due, week[FEEDBACK].clause),
            (dt.datetime(2026, 3, 13, 17, tzinfo=SHANGHAI), "p12.10"),
        )
