"""Key customers by the 80 / 20 rule (p05.core) and their care plans (p14.3.4.8): the smallest set reaching
80 % of revenue, at the edge; revenue from purchases and service records in the period; each key customer's
care-plan task of the year for their manager, done once the plan is made, moving with the customer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fuwu.core.errors import Conflict
from fuwu.core.roles import Role
from fuwu.customers.models import Customer, Purchase, ServiceRecord
from fuwu.customers.services.customers import assign_manager
from fuwu.followup.services import standins
from fuwu.managers.models import KeyCustomer
from fuwu.managers.services.assignments import assign_customers
from fuwu.managers.services.key_customers import ItemIn, care_item_done, make_care_plan, review_core
from fuwu.regulations.models import Obligation
from tests.managers.base import ManagersTestCase

START, END, YEAR = dt.date(2026, 1, 1), dt.date(2026, 6, 30), 2026
SHANGHAI = ZoneInfo("Asia/Shanghai")


def bought(customer: Customer, amount: str, on: dt.date = dt.date(2026, 3, 1)) -> None:
    Purchase.objects.create(customer=customer, product="空调", purchased_on=on, amount=Decimal(amount))


def served(customer: Customer, amount: str, on: dt.date = dt.date(2026, 4, 1)) -> None:
    ServiceRecord.objects.create(customer=customer, day=on, work="保养", amount=Decimal(amount))


class CoreCustomerTests(ManagersTestCase):
    def setUp(self) -> None:
        self.a, self.b, self.c, self.d = self.customers_a
        for customer in (self.a, self.b):
            assign_manager(customer, self.cm, by=self.supervisor)
        assign_manager(self.c, self.cm2, by=self.supervisor)

    def chosen(self) -> list[Customer]:
        review = review_core(site=self.site_a, start=START, end=END, year=YEAR, by=self.supervisor)
        return [row.customer for row in review.chosen.order_by("rank")]

    def test_exactly_80_percent_is_reached_by_the_first_two(self) -> None:
        bought(self.a, "400.00")
        served(self.a, "100.00")
        bought(self.b, "300.00")
        bought(self.c, "150.00")
        bought(self.d, "50.00")
        bought(self.d, "9999.00", on=dt.date(2025, 12, 31))  # before the period: not counted
        self.assertEqual(self.chosen(), [self.a, self.b])

    def test_a_yuan_short_of_80_percent_takes_the_third(self) -> None:
        bought(self.a, "500.00")
        bought(self.b, "299.00")
        bought(self.c, "151.00")
        bought(self.d, "50.00")
        self.assertEqual(self.chosen(), [self.a, self.b, self.c])

    def test_the_review_keeps_the_clause_the_revenue_and_who_managed_them(self) -> None:
        bought(self.a, "800.00")
        bought(self.c, "200.00")
        review = review_core(site=self.site_a, start=START, end=END, year=YEAR, by=self.supervisor)
        self.assertEqual(
            (
                review.clause,
                review.pack_version,
                review.share,
                review.revenue,
                review.total,
                review.customers,
            ),
            ("p05.core", 1, Decimal("0.8000"), Decimal("800.00"), Decimal("1000.00"), 2),
        )
        row = KeyCustomer.objects.get(review=review)
        self.assertEqual(
            (row.customer, row.rank, row.revenue, row.manager), (self.a, 1, Decimal("800.00"), self.cm)
        )

    def test_only_the_sites_supervisor_or_the_general_manager_reviews(self) -> None:
        for who in (self.cm, self.by_role[Role.DISPATCHER], self.by_role[Role.HR_FINANCE]):
            with self.assertRaises(PermissionDenied):
                review_core(site=self.site_a, start=START, end=END, year=YEAR, by=who)


class CarePlanTests(ManagersTestCase):
    def setUp(self) -> None:
        self.a, self.b, self.c, _d = self.customers_a
        assign_manager(self.a, self.cm, by=self.supervisor)
        assign_manager(self.b, self.cm2, by=self.supervisor)
        bought(self.a, "600.00")
        bought(self.b, "300.00")
        bought(self.c, "100.00")
        review_core(site=self.site_a, start=START, end=END, year=YEAR, by=self.supervisor)

    def task(self, customer: Customer) -> Obligation:
        return Obligation.objects.get(subject_type="care_plan", subject_id=f"{customer.pk}:{YEAR}")

    def test_each_key_customer_owes_a_care_plan_task_of_the_year_to_their_manager(self) -> None:
        task = self.task(self.a)
        self.assertEqual(
            (task.kind, task.what, task.clause, task.state, task.assignee),
            ("task", "key_customer_care_plan", "p14.3.4.8", "open", self.cm),
        )
        self.assertEqual(task.due, dt.datetime(YEAR, 1, 1, 9, tzinfo=SHANGHAI))
        self.assertEqual(self.task(self.b).assignee, self.cm2)
        self.assertFalse(
            Obligation.objects.filter(subject_type="care_plan", subject_id=f"{self.c.pk}:{YEAR}").exists()
        )

    def test_a_stand_in_takes_the_care_plan_tasks_and_gives_them_back(self) -> None:
        this_year = timezone.localdate().year  # a stand-in follows the year it starts in
        review_core(site=self.site_a, start=START, end=END, year=this_year, by=self.supervisor)

        def holder() -> object:
            task = Obligation.objects.get(subject_type="care_plan", subject_id=f"{self.a.pk}:{this_year}")
            return task.assignee

        self.assertEqual(holder(), self.cm)
        standing_in = standins.start_stand_in(
            self.site_a, by=self.supervisor, absent=self.cm, substitute=self.cm2
        )
        self.assertEqual(holder(), self.cm2)
        standins.end_stand_in(standing_in, by=self.supervisor)
        self.assertEqual(holder(), self.cm)

    def test_making_the_plan_does_the_task_and_its_items_are_done_by_whom_they_name(self) -> None:
        plan = make_care_plan(
            self.a,
            year=YEAR,
            needs="年底设备检修,希望优先上门",
            items=[
                ItemIn("上门检修", self.cm.pk, dt.date(YEAR, 12, 20)),
                ItemIn("节日问候", self.cm2.pk, dt.date(YEAR, 12, 31)),
            ],
            by=self.cm,
        )
        self.assertEqual((plan.clause, plan.pack_version), ("p14.3.4.8", 1))
        self.assertEqual(self.task(self.a).state, Obligation.State.VOID)
        second = plan.items.get(who=self.cm2)
        with self.assertRaises(PermissionDenied):
            care_item_done(second, by=self.by_role[Role.DISPATCHER])
        done = care_item_done(second, by=self.cm2, note="已电话问候")
        self.assertIsNotNone(done.done_at)
        with self.assertRaises(Conflict):
            care_item_done(second, by=self.cm2)
        with self.assertRaises(Conflict):
            make_care_plan(
                self.a,
                year=YEAR,
                needs="再做",
                items=[ItemIn("x", self.cm.pk, dt.date(YEAR, 5, 1))],
                by=self.cm,
            )

    def test_only_a_key_customer_gets_a_plan_and_only_from_their_manager_or_a_supervisor(self) -> None:
        with self.assertRaises(Conflict):
            make_care_plan(
                self.c,
                year=YEAR,
                needs="需求",
                items=[ItemIn("x", self.cm.pk, dt.date(YEAR, 5, 1))],
                by=self.supervisor,
            )
        with self.assertRaises(PermissionDenied):
            make_care_plan(
                self.a,
                year=YEAR,
                needs="需求",
                items=[ItemIn("x", self.cm.pk, dt.date(YEAR, 5, 1))],
                by=self.cm2,
            )

    def test_the_task_moves_with_the_customer_and_goes_when_they_are_no_longer_key(self) -> None:
        assign_customers(manager=self.manager2, customers=[self.a], by=self.supervisor, reason="调整")
        self.assertEqual(self.task(self.a).assignee, self.cm2)
        bought(self.c, "5000.00", on=dt.date(2026, 5, 1))
        review_core(site=self.site_a, start=START, end=END, year=YEAR, by=self.supervisor)
        self.assertEqual(self.task(self.a).state, Obligation.State.VOID)
        self.assertEqual(self.task(self.c).state, Obligation.State.OPEN)
