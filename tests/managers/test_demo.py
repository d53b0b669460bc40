"""`fuwu demo`'s customer managers: certified and at their levels (one raise waiting for the department
head), the fleet customer handed over with its history, this month's appraisals weighed by the pack with
their behaviour points in the staff ledger, the store's key customers by the 80/20 rule with care plans; a
second run adds nothing. The whole demo runs once for the class (it takes a while)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db.models import Model
from django.test import TestCase
from django.urls import reverse

from fuwu.core.models import AuditEntry, Notification, OutboxMessage, Site
from fuwu.customers.models import Customer, ManagerAssignment
from fuwu.managers.clauses import local_today
from fuwu.managers.models import (
    Appraisal,
    AppraisalPlan,
    CareItem,
    CarePlan,
    CoreReview,
    Eligibility,
    KeyCustomer,
    Level,
    LevelChange,
    Manager,
    QualificationCheck,
    Selection,
)
from fuwu.managers.selectors.income import income_of
from fuwu.regulations.models import Obligation
from fuwu.staff.models import Incident, LedgerEntry, MonthClose

TABLES: tuple[type[Model], ...] = (
    Manager,
    Eligibility,
    LevelChange,
    QualificationCheck,
    Appraisal,
    AppraisalPlan,
    Selection,
    CoreReview,
    KeyCustomer,
    CarePlan,
    CareItem,
    ManagerAssignment,
    Incident,
    LedgerEntry,
    Obligation,
    OutboxMessage,
    AuditEntry,
)


def _counts() -> dict[str, int]:
    return {table.__name__: table._default_manager.count() for table in TABLES}


class ManagersDemoTests(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        out = StringIO()
        call_command("demo", stdout=out)
        cls.output = out.getvalue()

    def test_the_managers_hold_their_levels_and_one_raise_waits_for_the_department_head(self) -> None:
        levels = dict(Manager.objects.values_list("user__username", "level"))
        self.assertEqual(levels, {"cm1": Level.FIRST, "cm2": Level.TRAINEE, "cm3": Level.SENIOR})
        self.assertFalse(Eligibility.objects.exclude(state=Eligibility.State.APPROVED).exists())
        for manager in Manager.objects.exclude(level=Level.TRAINEE):
            # Raised from 见习 once every qualification the pack lists for the level was checked as met.
            raised = manager.changes.get(to_level=manager.level)
            self.assertEqual((raised.from_level, raised.state), (Level.TRAINEE, LevelChange.State.CONFIRMED))
            checks = manager.checks.filter(level=manager.level)
            self.assertTrue(checks.exists())
            self.assertFalse(checks.filter(met=False).exists())
        waiting = LevelChange.objects.get(state=LevelChange.State.PROPOSED)
        self.assertEqual(
            (waiting.manager.user.username, waiting.from_level, waiting.to_level),
            ("cm2", Level.TRAINEE, Level.SECOND),
        )
        link = reverse("managers:manager", args=[waiting.manager_id])
        self.assertTrue(Notification.objects.filter(recipient__username="supervisor2", url=link).exists())

    def test_the_fleet_customer_moved_to_the_senior_manager_and_the_history_keeps_the_first(self) -> None:
        customer = Customer.objects.get(name="杭州顺达物流有限公司")
        rows = list(customer.assignments.order_by("starts_at", "pk"))
        self.assertEqual([row.manager.username for row in rows], ["cm2", "cm3"])
        self.assertIsNotNone(rows[0].ends_at)
        self.assertIsNone(rows[1].ends_at)
        self.assertTrue(rows[1].reason)
        self.assertEqual(customer.manager.username if customer.manager else None, "cm3")
        # Every customer of both sites has a manager of that site.
        self.assertFalse(Customer.objects.filter(manager__isnull=True).exists())

    def test_this_months_appraisals_weigh_performance_most_and_pay_the_behaviour_points(self) -> None:
        store = Site.objects.get(code="binjiang")
        month = local_today(store).replace(day=1)
        self.assertEqual(AppraisalPlan.objects.filter(year=month.year).count(), 2)
        appraisals = list(Appraisal.objects.filter(month=month, kind=Appraisal.Kind.REGULAR))
        self.assertEqual(len(appraisals), 3)
        for appraisal in appraisals:
            weights = {name: Decimal(weight) for name, weight in appraisal.weights.items()}
            self.assertEqual(max(weights, key=lambda name: weights[name]), "绩效")
            weighed = sum(
                (Decimal(appraisal.marks[name]) * weight for name, weight in weights.items()), Decimal(0)
            )
            self.assertEqual(appraisal.score, weighed.quantize(Decimal("0.01")))
            self.assertEqual(appraisal.behaviour_points, appraisal.marks["行为"])
            # The points became an approved p05.income reward in an open payroll month.
            incident = appraisal.income_incident
            assert incident is not None
            self.assertEqual(incident.state, Incident.State.APPROVED)
            entry = LedgerEntry.objects.get(ref=f"incident:{incident.pk}")
            self.assertEqual(
                (entry.kind, entry.clause, entry.amount, entry.month),
                ("reward", "p05.income", Decimal(appraisal.behaviour_points) * 10, month),
            )
            self.assertFalse(MonthClose.objects.filter(site=entry.site, month=entry.month).exists())
            [line] = income_of(appraisal.manager, [month])
            self.assertEqual(line.behaviour, entry.amount)
            self.assertEqual(line.performance, appraisal.performance_pay)

    def test_the_key_customers_are_the_fewest_bringing_eighty_percent_of_the_revenue(self) -> None:
        review = CoreReview.objects.get(site__code="binjiang")
        chosen = list(review.chosen.order_by("rank"))
        share = review.total * Decimal("0.80")
        self.assertGreaterEqual(review.revenue, share)
        self.assertLess(review.revenue - chosen[-1].revenue, share)
        self.assertEqual(sum(key.revenue for key in chosen), review.revenue)
        plans = CarePlan.objects.filter(customer__in=[key.customer_id for key in chosen])
        self.assertEqual(plans.count(), 2)
        self.assertEqual(CareItem.objects.filter(plan__in=plans).count(), 4)
        self.assertEqual(CareItem.objects.filter(plan__in=plans, done_at__isnull=False).count(), 1)
        # The key customers without a plan owe one: their task is open; the planned ones' are done.
        owed = Obligation.objects.filter(subject_type="care_plan", state=Obligation.State.OPEN)
        self.assertEqual(owed.count(), len(chosen) - 2)

    def test_a_second_run_adds_nothing(self) -> None:
        before = _counts()
        out = StringIO()
        call_command("demo", stdout=out)
        self.assertEqual(_counts(), before)
        self.assertIn("\n  managers: 3 managers appointed, 1 customers reassigned, ", self.output)
        self.assertIn(
            "\n  managers: 0 managers appointed, 0 customers reassigned, 0 appraisal plans, 0 appraisals",
            out.getvalue(),
        )
