"""The follow-up pages: who may open each (a role without follow-up gets 403, another manager's customer
or another site's row 404), what each shows, the forms that write through the services, and the
worklist's queries constant in its rows."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.customers.models import Substitution
from fuwu.customers.services.customers import create_customer
from fuwu.customers.services.households import household_create
from fuwu.followup.models import Call, CallRequest, Campaign, ContactPlan, HouseholdVisit, Letter, ServiceTask
from fuwu.followup.services import care, occasions
from fuwu.followup.services.calls import record_call
from tests.core.base import PASSWORD
from tests.followup.base import FollowupTestCase, days_ago, days_on, local


class PageTestCase(FollowupTestCase):
    def as_user(self, user: User) -> None:
        self.client.logout()
        self.assertTrue(self.client.login(username=user.username, password=PASSWORD))

    def page(self, url: str, user: User, status: int = 200) -> str:
        self.as_user(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, url)
        return response.content.decode()


class WorklistPageTests(PageTestCase):
    def test_a_manager_sees_their_work_a_supervisor_a_colleagues_and_others_are_refused(self) -> None:
        self.pickup(timezone.now() - dt.timedelta(days=4))
        text = self.page("/followup/", self.manager)
        self.assertIn("赵先生", text)
        self.assertIn("p16.b4", text)
        self.assertNotIn("钱女士", text)
        self.assertIn("赵先生", self.page(f"/followup/?manager={self.manager.pk}", self.supervisor))
        self.page(f"/followup/?manager={self.manager.pk}", self.colleague, 404)
        self.page("/followup/", self.by_role[Role.TECHNICIAN], 403)
        self.page("/followup/", self.by_role[Role.HR_FINANCE], 403)

    def test_the_stand_in_sees_the_absent_managers_work_and_the_manager_is_told(self) -> None:
        self.pickup(timezone.now() - dt.timedelta(days=4))
        self.as_user(self.supervisor)
        response = self.client.post(
            "/followup/substitutions/",
            {
                "site": self.site_a.pk,
                "absent": self.manager.pk,
                "substitute": self.colleague.pk,
                "reason": "年假",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("赵先生", self.page("/followup/", self.colleague))
        self.assertIn("周经理", self.page("/followup/", self.manager))  # who stands in for them
        self.assertNotIn("赵先生", self.page("/followup/", self.manager))
        row = Substitution.objects.get()
        self.as_user(self.supervisor)
        self.client.post(f"/followup/substitutions/{row.pk}/end/")
        self.assertNotIn("赵先生", self.page("/followup/", self.colleague))
        self.assertIn("赵先生", self.page("/followup/", self.manager))
        self.page("/followup/substitutions/", self.manager, 403)
        self.as_user(self.manager)
        self.assertEqual(self.client.post(f"/followup/substitutions/{row.pk}/end/").status_code, 403)

    def test_queries_do_not_grow_with_the_rows(self) -> None:
        def add(count: int, start: int) -> None:
            for index in range(start, start + count):
                customer = create_customer(
                    site=self.site_a, name=f"客户{index}", manager=self.manager, by=self.admin
                )
                self.pickup(timezone.now() - dt.timedelta(days=4), customer)
                record_call(
                    customer, by=self.manager, at=local(days_ago(1), 10), direction="out",
                    purpose="planned_contact", requests="希望优惠",
                )  # fmt: skip

        add(1, 0)
        self.as_user(self.manager)
        self.client.get("/followup/")
        with CaptureQueriesContext(connection) as small:
            self.client.get("/followup/")
        add(6, 1)
        with CaptureQueriesContext(connection) as large:
            response = self.client.get("/followup/")
        self.assertContains(response, "客户6")
        self.assertEqual(len(small), len(large))


class CustomerPageTests(PageTestCase):
    def test_the_customer_page_shows_what_is_owed_and_records_a_call_plan_and_letter(self) -> None:
        collected = timezone.now() - dt.timedelta(days=5)
        self.pickup(collected)
        text = self.page(f"/followup/customers/{self.customer.pk}/", self.manager)
        self.assertIn("p16.b4", text)
        self.page(f"/followup/customers/{self.other.pk}/", self.manager, 404)
        self.page(f"/followup/customers/{self.other.pk}/", self.agent)  # the site's agents see every customer
        self.page(f"/followup/customers/{self.customer.pk}/", self.by_role[Role.GUARD], 403)
        form = self.page(f"/followup/customers/{self.customer.pk}/call/", self.manager)
        self.assertIn('value="first_follow_up" selected', form)
        at = (collected + dt.timedelta(days=3, hours=1)).astimezone().strftime("%Y-%m-%dT%H:%M")
        response = self.client.post(
            f"/followup/customers/{self.customer.pk}/call/",
            {
                "at": at,
                "direction": "out",
                "purpose": "first_follow_up",
                "points": "车况良好",
                "requests": "",
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        self.assertEqual(Call.objects.get().sequence, 1)
        refused = self.client.post(
            f"/followup/customers/{self.customer.pk}/call/",
            {"at": at, "direction": "in", "purpose": "first_follow_up"},
        )
        self.assertEqual(refused.status_code, 422)
        planned = local(days_on(2), 12, 30).strftime("%Y-%m-%dT%H:%M")
        refused = self.client.post(
            f"/followup/customers/{self.customer.pk}/plan/",
            {"needs": "保养", "content": "提醒", "planned_at": planned},
        )
        self.assertContains(refused, "14:00", status_code=422)
        self.client.post(
            f"/followup/customers/{self.customer.pk}/plan/",
            {"needs": "保养", "content": "提醒", "planned_at": planned, "emergency": "on"},
        )
        plan = ContactPlan.objects.get()
        self.assertTrue(plan.emergency)
        self.client.post(f"/followup/plans/{plan.pk}/drop/")
        plan.refresh_from_db()
        self.assertEqual(plan.state, "dropped")
        self.client.post(
            f"/followup/customers/{self.customer.pk}/letter/",
            {"sent_on": str(days_ago(0)), "category": "notice", "summary": "保养通知"},
        )
        self.assertEqual(Letter.objects.get().summary, "保养通知")
        self.assertIn("保养通知", self.page("/followup/letters/", self.manager))
        self.assertIn("车况良好", self.page("/followup/calls/?view=record", self.manager))
        self.assertNotIn("车况良好", self.page("/followup/calls/?view=record", self.colleague))
        self.page("/followup/calls/", self.by_role[Role.EMPLOYEE], 403)


class RequestPageTests(PageTestCase):
    def test_a_request_is_studied_reported_solved_and_told_through_its_page(self) -> None:
        record_call(
            self.customer,
            by=self.manager,
            at=local(days_ago(1), 10),
            direction="out",
            purpose="planned_contact",
            requests="希望延长质保",
        )
        request = CallRequest.objects.get()
        url = f"/followup/requests/{request.pk}/"
        self.assertIn("希望延长质保", self.page("/followup/requests/", self.manager))
        self.page(url, self.colleague, 404)
        self.page(url, self.manager)
        self.client.post(f"{url}study/", {"note": "需主管批准"})
        self.client.post(f"{url}escalate/")
        self.assertIn("希望延长质保", self.page("/followup/requests/?state=escalated", self.supervisor))
        self.client.post(f"{url}solve/", {"solution": "延长半年"})
        self.client.post(
            f"{url}tell/", {"via": "call", "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
        )
        request.refresh_from_db()
        self.assertEqual(
            (request.study_note, request.state, request.solution), ("需主管批准", "told", "延长半年")
        )
        self.page(f"{url}nothing/", self.manager, 405)
        self.as_user(self.manager)
        self.assertEqual(self.client.post(f"{url}nothing/").status_code, 404)


class CampaignPageTests(PageTestCase):
    def test_a_supervisor_decides_and_the_list_is_told_by_phone_and_letter(self) -> None:
        self.page("/followup/campaigns/new/", self.manager, 403)
        self.page("/followup/campaigns/new/", self.supervisor)
        response = self.client.post(
            "/followup/campaigns/new/",
            {"site": self.site_a.pk, "title": "车主联谊会", "kind": "social", "date": str(days_on(20)),
             "owner": self.agent.pk, "letters": "on"},
        )  # fmt: skip
        campaign = Campaign.objects.get()
        self.assertRedirects(response, f"/followup/campaigns/{campaign.pk}/")
        found = self.page(f"/followup/campaigns/{campaign.pk}/?q=赵", self.agent)
        self.assertIn("赵先生", found)
        self.client.post(f"/followup/campaigns/{campaign.pk}/customers/", {"customer": [self.customer.pk]})
        self.client.post(f"/followup/campaigns/{campaign.pk}/phoned/", {"customer": self.customer.pk})
        self.client.post(f"/followup/campaigns/{campaign.pk}/letters/", {"summary": "联谊会邀请"})
        row = campaign.customers.get()
        self.assertIsNotNone(row.phoned_at)
        self.assertEqual(row.letter.summary, "联谊会邀请")  # type: ignore[union-attr]
        self.assertIn("p16.b6", self.page("/followup/campaigns/", self.manager))
        self.page(f"/followup/campaigns/{campaign.pk}/", self.outsider, 403)


class CarePageTests(PageTestCase):
    def test_the_services_page_lists_new_owners_elderly_and_tasks_and_records_visits(self) -> None:
        home = household_create(
            site=self.site_a, building="6", unit="1", room="101", moved_in_on=days_ago(1), by=self.admin
        )
        care.follow_new_households()
        self.assertIn("6栋1单元101", self.page("/followup/care/", self.manager))
        self.page("/followup/care/", self.by_role[Role.TECHNICIAN], 403)
        self.page(f"/followup/households/{home.pk}/", self.manager)
        self.as_user(self.supervisor)
        self.client.post(
            f"/followup/households/{home.pk}/care/",
            {"assignee": self.manager.pk, "elderly_alone": "on", "note": "独居"},
        )
        self.client.post(
            "/followup/care/occasions/",
            {"kind": "wedding", "date": str(days_on(4)), "title": "婚礼", "household": home.pk},
        )
        task = ServiceTask.objects.get()
        self.assertEqual((task.clause, task.assignee), ("p08.4", self.manager))
        self.as_user(self.manager)
        self.client.post(
            f"/followup/households/{home.pk}/visit/",
            {"at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "kind": "new_owner"},
        )
        self.assertEqual(HouseholdVisit.objects.count(), 1)
        self.client.post(f"/followup/tasks/{task.pk}/done/")
        task.refresh_from_db()
        self.assertEqual(task.state, "done")
        self.assertEqual(self.client.post("/followup/care/occasions/", {"kind": "holiday"}).status_code, 403)
        other_site = household_create(site=self.site_b, building="1", unit="1", room="1", by=self.admin)
        self.page(f"/followup/households/{other_site.pk}/", self.manager, 404)
        occasions.monthly_visits(self.site_a, days_on(0).replace(day=1))
        self.assertIn("走访空巢老人", self.page("/followup/care/", self.agent))
