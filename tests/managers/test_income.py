"""Income lines (p05.income): a regular appraisal's behaviour points become one p05.income incident with
quantity = points; approved as incidents are, the reward lands in the staff ledger with its clause and pack
version, equal to the engine's amount for the same facts written by hand; the base wage and the
performance pay are lines beside it, not ledger entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from fuwu.core.roles import Role
from fuwu.managers.models import Appraisal
from fuwu.managers.selectors.income import income_of
from fuwu.managers.services.appraisals import record_appraisal
from fuwu.regulations.services import evaluate
from fuwu.staff.facts import person_facts, subject_of
from fuwu.staff.models import Incident, LedgerEntry
from fuwu.staff.services.incidents import approve_incident, reject_incident
from tests.core.base import PASSWORD
from tests.managers.base import ManagersTestCase

MONTH = dt.date(2026, 11, 1)
MARKS = {"绩效": 90, "行为": 80, "能力": 70}


class IncomeTests(ManagersTestCase):
    def test_the_behaviour_points_land_in_the_ledger_once_approved(self) -> None:
        appraisal = record_appraisal(
            self.manager, month=MONTH, marks=MARKS, performance_pay=Decimal("1200.00"), by=self.supervisor
        )
        self.assertEqual(appraisal.score, Decimal("82.50"))
        incident = appraisal.income_incident
        assert incident is not None
        self.assertEqual(
            (incident.clause, incident.state, incident.employee), ("p05.income", "recorded", self.employee)
        )
        self.assertEqual([p["amount"] for p in incident.proposed], ["800.00"])
        self.assertFalse(LedgerEntry.objects.filter(ref=f"incident:{incident.pk}").exists())
        approve_incident(incident, by=self.supervisor)
        entry = LedgerEntry.objects.get(ref=f"incident:{incident.pk}")
        self.assertEqual(
            (entry.kind, entry.amount, entry.clause, entry.pack_version, entry.employee_id, entry.month),
            ("reward", Decimal("800.00"), "p05.income", 1, self.employee.pk, MONTH),
        )
        self.assertIn("客户经理收入构成", entry.clause_text + entry.because)
        self.assertEqual(Appraisal.objects.get().behaviour_points, 80)
        [line] = income_of(self.manager, [MONTH])
        self.assertEqual(
            (line.base, line.performance, line.behaviour, line.total),
            (Decimal("5000.00"), Decimal("1200.00"), Decimal("800.00"), Decimal("7000.00")),
        )

    def test_the_ledger_holds_what_the_engine_gives_for_the_same_facts(self) -> None:
        appraisal = record_appraisal(
            self.manager, month=MONTH, marks={**MARKS, "行为": 73}, by=self.supervisor
        )
        assert appraisal.income_incident is not None
        approve_incident(appraisal.income_incident, by=self.supervisor)
        facts = [
            {
                "type": "incident",
                "employee": subject_of(self.employee),
                "clause": "p05.income",
                "at": appraisal.income_incident.at.isoformat(),
                "quantity": 73,
                "ref": "by-hand",
            }
        ]
        judged = evaluate(self.site_a, facts, employees=[person_facts(self.employee, {})])
        [reward] = [d for d in judged.decisions if d.kind == "reward"]
        entry = LedgerEntry.objects.get(ref=f"incident:{appraisal.income_incident.pk}")
        self.assertEqual(
            (entry.amount, entry.clause, entry.pack_version), (reward.amount, reward.clause, reward.version)
        )
        self.assertEqual(entry.amount, Decimal("730.00"))

    def test_no_points_or_no_staff_record_make_no_incident(self) -> None:
        none = record_appraisal(self.manager, month=MONTH, marks={**MARKS, "行为": 0}, by=self.supervisor)
        self.assertIsNone(none.income_incident)
        unpaid = record_appraisal(self.manager2, month=MONTH, marks=MARKS, by=self.supervisor)
        self.assertIsNone(unpaid.income_incident)
        self.assertEqual(unpaid.behaviour_points, 80)
        self.assertFalse(Incident.objects.exists())

    def test_a_rejected_incident_pays_nothing(self) -> None:
        appraisal = record_appraisal(self.manager, month=MONTH, marks=MARKS, by=self.supervisor)
        assert appraisal.income_incident is not None
        reject_incident(appraisal.income_incident, by=self.supervisor, note="评分有误")
        [line] = income_of(self.manager, [MONTH])
        self.assertEqual((line.behaviour, line.proposed), (None, None))


class IncomePageTests(ManagersTestCase):
    def test_the_manager_sees_their_income_with_clause_and_version_and_not_a_colleagues(self) -> None:
        appraisal = record_appraisal(self.manager, month=MONTH, marks=MARKS, by=self.supervisor)
        assert appraisal.income_incident is not None
        approve_incident(appraisal.income_incident, by=self.supervisor)
        self.client.login(username=self.cm.username, password=PASSWORD)
        page = self.client.get(reverse("managers:income", args=[self.manager.pk]), {"month": "2026-11"})
        self.assertContains(page, "800.00")
        self.assertContains(page, "p05.income v1")
        self.assertContains(page, "5000.00")
        self.assertEqual(
            self.client.get(reverse("managers:income", args=[self.manager2.pk])).status_code, 404
        )
        self.client.login(username=self.by_role[Role.DISPATCHER].username, password=PASSWORD)
        self.assertEqual(self.client.get(reverse("managers:income", args=[self.manager.pk])).status_code, 403)
