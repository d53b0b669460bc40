"""The incident pages: recording by clause (the form follows the clause), the list by scope with what waits
first, the incident's page with approval, the employee's appeal and its decision; 我的奖惩 links there."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fuwu.core.roles import Role
from fuwu.regulations.services import set_profile
from fuwu.staff.models import Appeal, Incident, LedgerEntry
from fuwu.staff.services.appeals import appeal_incident
from fuwu.staff.services.incidents import approve_incident, record_incident
from tests.core.base import PASSWORD
from tests.staff.test_incidents import AT, IncidentTestCase


class IncidentPageTestCase(IncidentTestCase):
    def as_user(self, user: Any) -> None:
        self.client.logout()
        self.client.login(username=user.username, password=PASSWORD)

    def fine(self, **values: Any) -> Incident:
        return record_incident(
            employee=values.pop("employee", self.worker), clause=values.pop("clause", "p01.1"), at=AT,
            note=values.pop("note", "仪容不整"), by=self.supervisor, **values,
        )  # fmt: skip


class RecordPageTests(IncidentPageTestCase):
    def test_a_supervisor_records_on_the_page_and_only_recorders_open_it(self) -> None:
        self.as_user(self.by_role[Role.DISPATCHER])
        self.assertEqual(self.client.get("/staff/incidents/new/").status_code, 403)
        self.assertEqual(self.client.get("/staff/incidents/new/fields/").status_code, 403)
        self.as_user(self.supervisor)
        page = self.client.get("/staff/incidents/new/")
        self.assertContains(page, "p01.3.8 与客人争吵")
        self.assertContains(
            page, "以客人不礼貌与客人争吵罚50元/次"
        )  # every clause's text, without JavaScript
        people = list(page.context["form"].fields["employee"].queryset)
        self.assertEqual(set(people), {self.worker, self.guard})  # never about oneself
        refused = self.client.post(
            "/staff/incidents/new/",
            {
                "employee": self.worker.pk,
                "clause": "p01.1",
                "at": "2026-03-05T10:30",
                "amount": "5",
                "note": "",
            },
        )
        self.assertEqual(refused.status_code, 422)
        self.assertEqual(set(refused.context["form"].errors), {"amount", "note"})  # every problem at once
        self.assertContains(refused, 'name="amount"', status_code=422)  # shown, with its problem
        sent = self.client.post(
            "/staff/incidents/new/",
            {"employee": self.worker.pk, "clause": "p01.3.8", "at": "2026-03-05T10:30", "note": "与业主争吵"},
        )
        incident = Incident.objects.get()
        self.assertRedirects(sent, f"/staff/incidents/{incident.pk}/")
        self.assertEqual((incident.clause, incident.at, incident.note), ("p01.3.8", AT, "与业主争吵"))

    def test_the_form_asks_what_the_chosen_clause_needs(self) -> None:
        set_profile(self.site_a, "store", by=None)
        self.as_user(self.supervisor)
        base = f"/staff/incidents/new/fields/?employee={self.worker.pk}&at=2026-03-05T10:30&clause="
        recorded = self.client.get(base + "p04.8")
        self.assertContains(recorded, 'name="amount"')
        self.assertContains(recorded, 'name="manager_on_duty"')
        self.assertNotContains(recorded, 'name="cost"')
        self.assertContains(recorded, "罚款20元起步")  # the clause's own text
        self.assertContains(recorded, "20.00")  # its minimum
        fixed = self.client.get(base + "p01.1")
        for name in ("amount", "cost", "manager_on_duty"):
            self.assertNotContains(fixed, f'name="{name}"')
        damage = self.client.get(base + "p01.3.11")
        self.assertContains(damage, 'name="cost"')
        self.assertContains(damage, 'name="concealed"')


class IncidentListTests(IncidentPageTestCase):
    def test_each_sees_their_scope_and_what_waits_comes_first(self) -> None:
        decided = approve_incident(self.fine(note="早先的"), by=self.supervisor)
        waiting = self.fine(note="待审批的")
        colleague = self.fine(employee=self.guard, note="保安的")
        self.as_user(self.worker.user)
        mine = self.client.get("/staff/incidents/")
        self.assertContains(mine, "早先的")
        self.assertNotContains(mine, "保安的")
        self.assertEqual(self.client.get(f"/staff/incidents/{colleague.pk}/").status_code, 404)
        self.as_user(self.outsider)
        self.assertNotContains(self.client.get("/staff/incidents/"), "早先的")
        self.assertEqual(self.client.get(f"/staff/incidents/{decided.pk}/").status_code, 404)
        self.as_user(self.supervisor)
        page = self.client.get("/staff/incidents/")
        shown = [line["incident"].pk for line in page.context["lines"]]
        self.assertEqual(shown[-1], decided.pk)  # approved and not appealed: after what waits
        self.assertEqual(set(shown[:2]), {waiting.pk, colleague.pk})
        approved = self.client.get("/staff/incidents/?state=approved")
        self.assertEqual([line["incident"].pk for line in approved.context["lines"]], [decided.pk])

    def test_the_lists_queries_do_not_grow_with_rows(self) -> None:
        self.as_user(self.supervisor)

        def counted() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get("/staff/incidents/").status_code, 200)
            return len(queries)

        self.fine()
        counted()  # the session's first read
        few = counted()
        for _ in range(6):
            approve_incident(self.fine(), by=self.supervisor)
        appeal_incident(Incident.objects.filter(state="approved").first(), reason="不服", by=self.worker.user)  # type: ignore[arg-type]
        self.assertEqual(counted(), few)


class IncidentPageTests(IncidentPageTestCase):
    def test_the_approver_approves_the_employee_appeals_on_a_phone_and_the_supervisor_upholds(self) -> None:
        incident = self.fine(clause="p01.3.8", note="与业主争吵")
        self.as_user(self.worker.user)
        page = self.client.get(f"/staff/incidents/{incident.pk}/")
        self.assertContains(page, "以客人不礼貌与客人争吵罚50元/次")
        self.assertNotContains(page, 'name="approve"')
        self.assertEqual(
            self.client.post(f"/staff/incidents/{incident.pk}/decide/", {"approve": "1"}).status_code, 403
        )
        self.as_user(self.by_role[Role.HR_FINANCE])
        self.assertNotContains(self.client.get(f"/staff/incidents/{incident.pk}/"), 'name="approve"')
        self.as_user(self.supervisor)
        self.assertContains(self.client.get(f"/staff/incidents/{incident.pk}/"), 'name="approve"')
        self.client.post(f"/staff/incidents/{incident.pk}/decide/", {"approve": "1"})
        self.assertEqual(LedgerEntry.objects.get().amount, Decimal("50.00"))
        again = self.client.post(f"/staff/incidents/{incident.pk}/decide/", {"approve": "1"}, follow=True)
        self.assertEqual([m.level_tag for m in again.context["messages"]][-1], "error")  # decided already
        self.assertEqual(LedgerEntry.objects.count(), 1)
        # 我的奖惩 links the entry to the incident, where the employee appeals.
        self.as_user(self.worker.user)
        ledger = self.client.get("/staff/ledger/?month=2026-03")
        self.assertContains(ledger, f'href="/staff/incidents/{incident.pk}/"')
        page = self.client.get(f"/staff/incidents/{incident.pk}/")
        self.assertContains(page, 'name="reason"')
        self.client.post(f"/staff/incidents/{incident.pk}/appeal/", {"reason": "是业主先动手"})
        appeal = Appeal.objects.get()
        self.assertNotContains(self.client.get(f"/staff/incidents/{incident.pk}/"), 'name="reason"')
        self.assertEqual(
            self.client.post(f"/staff/appeals/{appeal.pk}/decide/", {"upheld": "1"}).status_code, 403
        )
        self.as_user(self.outsider)
        self.assertEqual(
            self.client.post(f"/staff/appeals/{appeal.pk}/decide/", {"upheld": "1"}).status_code, 404
        )
        self.as_user(self.supervisor)
        self.assertContains(self.client.get(f"/staff/incidents/{incident.pk}/"), 'name="upheld"')
        self.client.post(f"/staff/appeals/{appeal.pk}/decide/", {"upheld": "1", "note": "监控属实"})
        incident.refresh_from_db()
        self.assertEqual(incident.state, Incident.State.WITHDRAWN)
        page = self.client.get(f"/staff/incidents/{incident.pk}/")
        self.assertContains(page, "-50.00")
        self.assertContains(page, "监控属实")

    def test_the_employee_sees_only_what_the_incident_gives_them(self) -> None:
        set_profile(self.site_a, "store", by=None)
        incident = approve_incident(self.fine(clause="p04.8", amount=Decimal("30.00")), by=self.supervisor)
        self.as_user(self.worker.user)
        page = self.client.get(f"/staff/incidents/{incident.pk}/")
        self.assertContains(page, "30.00")
        self.assertNotContains(page, "60.00")  # the manager's joint fine is the manager's
        self.as_user(self.supervisor)
        self.assertContains(self.client.get(f"/staff/incidents/{incident.pk}/"), "60.00")
