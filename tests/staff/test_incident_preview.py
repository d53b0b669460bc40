"""What an incident being recorded would give: its decisions, and the joint liability it brings."""

from __future__ import annotations

from decimal import Decimal

from fuwu.regulations.services import set_profile
from fuwu.staff.models import Incident
from fuwu.staff.services.reconcile import evaluate_month
from tests.staff.test_incidents import AT, MARCH, IncidentTestCase


class UnsavedIncidentTests(IncidentTestCase):
    def test_an_unsaved_incident_is_judged_under_incident_new_with_its_joint_liability(self) -> None:
        set_profile(self.site_a, "store", by=None)
        unsaved = Incident(
            employee=self.worker, site=self.site_a, clause="p04.8", at=AT, amount=Decimal("30.00"),
            manager_on_duty=self.guard, note="x", recorded_by=self.supervisor, approver_role="supervisor",
        )  # fmt: skip
        judged = evaluate_month(self.worker, MARCH, extra=[unsaved])
        self.assertEqual(
            sorted((d.subject, str(d.amount), d.ref) for d in judged.decisions),
            [(f"employee:{self.worker.pk}", "30.00", "incident:new"),
             (f"employee:{self.guard.pk}", "60.00", "incident:new")],
        )  # fmt: skip
