"""The managers' pages: who opens each and what they see (a customer manager their own record, appraisals
and customers; a supervisor their site's; other roles 403; another's object 404), the writes made through
them, and query counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.customers.models import Customer, Purchase
from fuwu.customers.services.customers import assign_manager, create_customer, start_substitution
from fuwu.managers.models import (
    Appraisal,
    AppraisalPlan,
    CareItem,
    CarePlan,
    Eligibility,
    Level,
    LevelChange,
    Manager,
)
from fuwu.managers.services import levels
from fuwu.managers.services.appraisals import record_appraisal
from fuwu.managers.services.key_customers import ItemIn, make_care_plan, review_core
from tests.core.base import PASSWORD
from tests.managers.base import ManagersTestCase, certified

MARKS = {"绩效": 80, "行为": 70, "能力": 75}


class PageTestCase(ManagersTestCase):
    def as_(self, user: User) -> None:
        self.client.logout()
        self.client.login(username=user.username, password=PASSWORD)


class ManagerPageTests(PageTestCase):
    def test_the_list_shows_a_supervisor_the_sites_managers_and_a_manager_only_themself(self) -> None:
        self.as_(self.supervisor)
        page = self.client.get(reverse("managers:list"))
        self.assertContains(page, str(self.cm2))
        self.assertContains(page, reverse("managers:manager", args=[self.manager.pk]))
        self.as_(self.cm)
        page = self.client.get(reverse("managers:list"))
        self.assertContains(page, reverse("managers:manager", args=[self.manager.pk]))
        self.assertNotContains(page, reverse("managers:manager", args=[self.manager2.pk]))
        for role in (Role.DISPATCHER, Role.TECHNICIAN, Role.EMPLOYEE):
            self.as_(self.by_role[role])
            self.assertEqual(self.client.get(reverse("managers:list")).status_code, 403)

    def test_a_manager_opens_their_own_page_and_not_a_colleagues(self) -> None:
        self.as_(self.cm)
        page = self.client.get(reverse("managers:manager", args=[self.manager.pk]))
        self.assertContains(page, "符合客户经理任职的基本条件。")
        self.assertNotContains(page, reverse("managers:check", args=[self.manager.pk]))
        self.assertEqual(
            self.client.get(reverse("managers:manager", args=[self.manager2.pk])).status_code, 404
        )
        self.as_(self.by_role[Role.HR_FINANCE])
        self.assertEqual(
            self.client.get(reverse("managers:manager", args=[self.manager2.pk])).status_code, 200
        )

    def test_the_supervisor_checks_and_proposes_and_the_manager_may_not(self) -> None:
        check = reverse("managers:check", args=[self.manager.pk])
        data = {
            "level": "trainee",
            "number": ["1", "2"],
            "met_1": "on",
            "evidence_1": "证书",
            "evidence_2": "",
        }
        self.as_(self.cm)
        self.assertEqual(self.client.post(check, data).status_code, 403)
        self.as_(self.supervisor)
        self.assertRedirects(
            self.client.post(check, data), reverse("managers:manager", args=[self.manager.pk])
        )
        self.assertEqual(
            list(self.manager.checks.order_by("number").values_list("number", "met", "evidence")),
            [(1, True, "证书"), (2, False, "")],
        )
        propose = reverse("managers:propose", args=[self.manager.pk])
        self.client.post(propose, {"to_level": "second", "reason": "考核优秀", "appraisal": ""})
        self.assertEqual(self.manager.changes.filter(state=LevelChange.State.PROPOSED).count(), 1)
        self.as_(self.by_role[Role.HR_FINANCE])
        self.assertEqual(self.client.post(propose, {"to_level": "first", "reason": "x"}).status_code, 403)
        self.as_(self.by_role[Role.DISPATCHER])
        self.assertEqual(self.client.post(propose, {"to_level": "first", "reason": "x"}).status_code, 403)

    def test_the_department_head_confirms_on_the_page_and_the_manager_may_not(self) -> None:
        change = levels.propose_level(self.manager, to_level=Level.SECOND, reason="优秀", by=self.supervisor)
        decide = reverse("managers:decide_level", args=[change.pk])
        self.as_(self.cm)
        self.assertEqual(self.client.post(decide, {"confirm": "1"}).status_code, 403)
        self.as_(self.by_role[Role.GENERAL_MANAGER])
        self.assertEqual(self.client.post(decide, {"confirm": "1"}).status_code, 403)
        self.as_(self.supervisor)
        page = self.client.get(reverse("managers:manager", args=[self.manager.pk]))
        self.assertContains(page, decide)
        self.client.post(decide, {"confirm": "1", "note": "同意"})
        self.manager.refresh_from_db()
        self.assertEqual(self.manager.level, Level.SECOND)
        self.as_(self.outsider)
        self.assertEqual(self.client.post(decide, {"confirm": "0"}).status_code, 403)

    def test_the_list_reads_the_same_queries_for_2_and_12_managers(self) -> None:
        self.as_(self.supervisor)
        url = reverse("managers:list")
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for index in range(10):
            person = users.create_user(
                username=f"more{index}", password=PASSWORD, display_name=f"经理{index}", by=self.admin
            )
            sites.add_member(self.site_a, person, by=self.admin)
            levels.appoint(
                certified(person, self.site_a, self.supervisor), level=Level.TRAINEE, by=self.supervisor
            )
        with CaptureQueriesContext(connection) as many:
            page = self.client.get(url)
        self.assertContains(page, "经理9")
        self.assertEqual(len(many), len(few))


class ReviewPageTests(PageTestCase):
    def test_eligibility_is_requested_certified_and_the_person_appointed_on_the_page(self) -> None:
        candidate = self.by_role[Role.EMPLOYEE]
        url = reverse("managers:eligibility")
        self.as_(self.cm)
        self.assertEqual(self.client.post(url, {"site": "a", "candidate": candidate.pk}).status_code, 302)
        self.assertFalse(Eligibility.objects.filter(candidate=candidate).exists())  # nothing for a manager
        self.as_(self.supervisor)
        page = self.client.get(url)
        self.assertContains(page, "良好的职业道德")
        data: dict[str, object] = {
            "site": "a",
            "candidate": candidate.pk,
            "number": ["1", "2", "3", "4", "5"],
        }
        data.update({f"met_{n}": "on" for n in range(1, 6)})
        self.client.post(url, data)
        review = Eligibility.objects.get(candidate=candidate)
        self.as_(candidate)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.as_(self.supervisor)
        self.client.post(reverse("managers:eligibility_decide", args=[review.pk]), {"approve": "1"})
        response = self.client.post(reverse("managers:appoint", args=[review.pk]), {"level": "trainee"})
        manager = Manager.objects.get(user=candidate)
        self.assertRedirects(response, reverse("managers:manager", args=[manager.pk]))
        self.as_(self.outsider)
        self.assertEqual(self.client.post(reverse("managers:appoint", args=[review.pk])).status_code, 403)

    def test_the_selection_page_weighs_a_candidate_for_the_supervisor_only(self) -> None:
        url = reverse("managers:selections")
        self.as_(self.by_role[Role.DISPATCHER])
        self.assertEqual(self.client.get(url).status_code, 403)
        self.as_(self.supervisor)
        marks = {f"mark_{name}": "80" for name in ("学历", "资历", "业绩", "笔试", "面试")}
        self.client.post(url, {"site": "a", "candidate": self.by_role[Role.EMPLOYEE].pk, **marks})
        page = self.client.get(url)
        self.assertContains(page, "80.00")
        self.assertContains(page, "p05.select")
        self.as_(self.cm)
        self.assertNotContains(self.client.get(url), "80.00")


class AppraisalPageTests(PageTestCase):
    def test_the_supervisor_appraises_on_the_page_and_a_manager_sees_only_their_own(self) -> None:
        url = reverse("managers:appraisals")
        self.as_(self.supervisor)
        data = {"manager": self.manager.pk, "month": "2026-11", "kind": "regular", "performance_pay": "800"}
        data.update({f"mark_{name}": str(mark) for name, mark in MARKS.items()})
        self.assertRedirects(self.client.post(url, data), url)
        record_appraisal(self.manager2, month=dt.date(2026, 11, 1), marks=MARKS, by=self.supervisor)
        self.assertEqual(Appraisal.objects.get(manager=self.manager).performance_pay, Decimal("800.00"))
        self.as_(self.cm)
        page = self.client.get(url)
        self.assertContains(page, reverse("managers:manager", args=[self.manager.pk]))
        self.assertNotContains(page, reverse("managers:manager", args=[self.manager2.pk]))
        self.assertEqual(self.client.post(url, data).status_code, 200)  # nobody to appraise: the form again
        self.assertEqual(Appraisal.objects.count(), 2)

    def test_the_cycle_page_makes_the_plan_for_the_supervisor_and_hides_other_sites(self) -> None:
        url = reverse("managers:cycle", args=["a", 2026])
        self.as_(self.cm)
        self.assertEqual(self.client.post(url, {"action": "plan"}).status_code, 403)
        self.assertEqual(self.client.get(reverse("managers:cycle", args=["b", 2026])).status_code, 404)
        self.as_(self.supervisor)
        plan = {
            "action": "plan",
            "purpose": "目的",
            "principles": "原则",
            "content": "内容",
            "timing": "时间",
        }
        self.assertRedirects(self.client.post(url, plan), url)
        self.assertTrue(AppraisalPlan.objects.filter(site=self.site_a, year=2026).exists())
        page = self.client.get(url)
        self.assertContains(page, "p05.cycle")
        self.assertContains(page, "客户经理常规考核")

    def test_the_appraisals_read_the_same_queries_for_2_and_12(self) -> None:
        self.as_(self.supervisor)
        url = reverse("managers:appraisals")
        record_appraisal(self.manager2, month=dt.date(2026, 1, 1), marks=MARKS, by=self.supervisor)
        record_appraisal(self.manager, month=dt.date(2026, 1, 1), marks=MARKS, by=self.supervisor)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for month in range(2, 7):
            for manager in (self.manager, self.manager2):
                record_appraisal(manager, month=dt.date(2026, month, 1), marks=MARKS, by=self.supervisor)
        with CaptureQueriesContext(connection) as many:
            self.client.get(url)
        self.assertEqual(len(many), len(few))


class CustomerPageTests(PageTestCase):
    def setUp(self) -> None:
        self.a, self.b, self.c, self.d = self.customers_a

    def test_the_supervisor_assigns_one_or_many_and_a_manager_may_not(self) -> None:
        url = reverse("managers:assign")
        self.as_(self.cm)
        self.assertEqual(self.client.get(url).status_code, 404)  # no site where they assign
        self.as_(self.by_role[Role.DISPATCHER])
        self.assertEqual(self.client.get(url).status_code, 403)
        self.as_(self.supervisor)
        self.assertContains(self.client.get(url), self.a.name)
        self.client.post(
            url, {"manager": self.manager.pk, "customer": [self.a.pk, self.b.pk], "reason": "新分配"}
        )
        self.client.post(url, {"manager": self.manager2.pk, "customer": [self.b.pk]})
        self.client.post(url, {"manager": self.manager2.pk, "customer": [self.customer_b.pk]})  # another site
        managers = dict(Customer.objects.filter(site=self.site_a).values_list("pk", "manager_id"))
        self.assertEqual((managers[self.a.pk], managers[self.b.pk]), (self.cm.pk, self.cm2.pk))
        self.assertIsNone(Customer.objects.get(pk=self.customer_b.pk).manager_id)

    def test_a_customers_history_is_seen_by_their_manager_and_a_substitute_only_while_standing_in(
        self,
    ) -> None:
        assign_manager(self.a, self.cm2, by=self.supervisor, reason="初次")
        assign_manager(self.a, self.cm, by=self.supervisor, reason="调整")
        url = reverse("managers:customer", args=[self.a.pk])
        self.as_(self.cm)
        page = self.client.get(url)
        self.assertContains(page, "初次")
        self.assertContains(page, "调整")
        self.as_(self.cm2)
        self.assertEqual(self.client.get(url).status_code, 404)
        stand_in = start_substitution(
            site=self.site_a, absent=self.cm, substitute=self.cm2, by=self.supervisor
        )
        self.assertEqual(self.client.get(url).status_code, 200)
        from fuwu.customers.services.customers import end_substitution

        end_substitution(stand_in, by=self.supervisor)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.as_(self.by_role[Role.TECHNICIAN])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_key_customers_by_manager_and_a_care_plan_made_and_done_on_the_pages(self) -> None:
        assign_manager(self.a, self.cm, by=self.supervisor)
        assign_manager(self.b, self.cm2, by=self.supervisor)
        for customer, amount in ((self.a, "500"), (self.b, "400"), (self.c, "100")):
            Purchase.objects.create(
                customer=customer, product="灯", purchased_on=dt.date(2026, 3, 1), amount=Decimal(amount)
            )
        url = reverse("managers:key_customers")
        self.as_(self.cm)
        self.assertEqual(
            self.client.post(url, {"start": "2026-01-01", "end": "2026-06-30", "year": "2026"}).status_code,
            403,
        )
        self.as_(self.supervisor)
        self.client.post(url, {"start": "2026-01-01", "end": "2026-06-30", "year": "2026"})
        page = self.client.get(url)
        self.assertContains(page, self.a.name)
        self.assertContains(page, self.b.name)
        self.as_(self.cm)
        page = self.client.get(url)
        self.assertContains(page, self.a.name)
        self.assertNotContains(page, self.b.name)
        plan_url = reverse("managers:care_plan", args=[self.a.pk, 2026])
        self.assertContains(self.client.get(plan_url), "p14.3.4.8")
        self.client.post(
            plan_url,
            {
                "needs": "节前检修",
                "what": ["上门检修", ""],
                "who": [self.cm.pk, self.cm.pk],
                "due_on": ["2026-12-20", ""],
            },
        )
        item = CareItem.objects.get(plan__customer=self.a)
        self.as_(self.cm2)
        self.assertEqual(self.client.get(plan_url).status_code, 404)
        self.assertEqual(
            self.client.post(reverse("managers:care_item_done", args=[item.pk])).status_code, 404
        )
        self.as_(self.by_role[Role.TECHNICIAN])
        self.assertEqual(
            self.client.post(reverse("managers:care_item_done", args=[item.pk])).status_code, 403
        )
        self.as_(self.cm)
        self.client.post(reverse("managers:care_item_done", args=[item.pk]), {"note": "已完成"})
        item.refresh_from_db()
        self.assertIsNotNone(item.done_at)

    def test_assign_and_key_customer_pages_read_the_same_queries_for_4_and_24_customers(self) -> None:
        self.as_(self.supervisor)
        for customer in self.customers_a:
            Purchase.objects.create(
                customer=customer, product="灯", purchased_on=dt.date(2026, 3, 1), amount=Decimal("10")
            )
        review_core(
            site=self.site_a,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 6, 30),
            year=2026,
            by=self.supervisor,
        )
        make_care_plan(
            self.a,
            year=2026,
            needs="需",
            items=[ItemIn("访", self.cm.pk, dt.date(2026, 5, 1))],
            by=self.supervisor,
        )
        urls = [reverse("managers:assign"), reverse("managers:key_customers")]
        few = []
        for url in urls:
            self.client.get(url)
            with CaptureQueriesContext(connection) as counted:
                self.client.get(url)
            few.append(len(counted))
        for index in range(20):
            customer = create_customer(
                site=self.site_a, name=f"新客户{index}", manager=self.cm, by=self.admin
            )
            Purchase.objects.create(
                customer=customer, product="灯", purchased_on=dt.date(2026, 3, 1), amount=Decimal("10")
            )
        review_core(
            site=self.site_a,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 6, 30),
            year=2026,
            by=self.supervisor,
        )
        self.assertEqual(CarePlan.objects.count(), 1)
        many = []
        for url in urls:
            with CaptureQueriesContext(connection) as counted:
                page = self.client.get(url)
            self.assertContains(page, "新客户19")
            many.append(len(counted))
        self.assertEqual(many, few)
