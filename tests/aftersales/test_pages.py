"""The after-sales pages: who opens them (the desk, the store keepers, the report readers of the site;
another site's rows answer 404), every page renders on the real rows, the forms write through the
services and show every problem, and lists read a constant number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fuwu.aftersales.models import (
    AccountEntry,
    Call,
    Complaint,
    DesignDefect,
    Part,
    PartMovement,
    ReturnRequest,
)
from fuwu.aftersales.services import complaints, parts, quality, registers
from fuwu.approvals import services as approvals
from fuwu.approvals.models import ApprovalRequest
from fuwu.core.roles import Role
from fuwu.customers.services.customers import create_customer
from fuwu.staff.models import LedgerEntry
from tests.aftersales.base import RECEIVED, AftersalesTestCase
from tests.core.base import PASSWORD

DESK = (Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.DISPATCHER, Role.CUSTOMER_MANAGER)
NOT_DESK = (Role.TECHNICIAN, Role.VISITOR_AGENT, Role.GUARD, Role.EMPLOYEE, Role.HR_FINANCE)


class PageTestCase(AftersalesTestCase):
    def login(self, role: Role) -> None:
        self.client.logout()
        self.client.login(username=role.value, password=PASSWORD)

    def status(self, url: str) -> int:
        return self.client.get(url).status_code


class ScopeTests(PageTestCase):
    def test_the_desk_opens_complaints_and_returns_and_other_roles_are_refused(self) -> None:
        complaint = self.complaint()
        desk_pages = [
            reverse("aftersales:complaints"),
            reverse("aftersales:complaint_new"),
            reverse("aftersales:complaint", args=[complaint.pk]),
            reverse("aftersales:returns"),
            reverse("aftersales:return_new"),
            reverse("aftersales:calls"),
            reverse("aftersales:call_new"),
            reverse("aftersales:defect_new"),
            reverse("aftersales:customer_pick") + "?site=a&q=王",
        ]
        for role in DESK:
            self.login(role)
            for url in desk_pages:
                with self.subTest(role=role.value, url=url):
                    self.assertEqual(self.status(url), 200)
        for role in NOT_DESK:
            self.login(role)
            for url in desk_pages:
                with self.subTest(role=role.value, url=url):
                    self.assertEqual(self.status(url), 403)

    def test_another_sites_staff_get_404_for_this_sites_rows(self) -> None:
        complaint = self.complaint()
        request = self.return_request()
        self.client.login(username="outsider", password=PASSWORD)
        self.assertEqual(self.status(reverse("aftersales:complaint", args=[complaint.pk])), 403)
        other_supervisor = self.make_supervisor_of_b()
        self.client.login(username=other_supervisor, password=PASSWORD)
        for url in (
            reverse("aftersales:complaint", args=[complaint.pk]),
            reverse("aftersales:return", args=[request.pk]),
            reverse("aftersales:part", args=[self.part.pk]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.status(url), 404)
        response = self.client.get(reverse("aftersales:complaints"))
        self.assertNotContains(response, "王女士")

    def make_supervisor_of_b(self) -> str:
        from fuwu.core.services import sites, users

        person = users.create_user(
            username="boss_b",
            password=PASSWORD,
            display_name="乙站主管",
            roles=[Role.SUPERVISOR],
            by=self.admin,
        )
        sites.add_member(self.site_b, person, by=self.admin)
        return "boss_b"

    def test_store_and_report_pages_by_role(self) -> None:
        store = [
            reverse("aftersales:parts"),
            reverse("aftersales:part", args=[self.part.pk]),
            reverse("aftersales:account"),
        ]
        reports = [
            reverse("aftersales:reports"),
            *[
                reverse(name, args=[slug])
                for slug in ("parts-cost", "feedback", "summary")
                for name in ("aftersales:report", "aftersales:report_print", "aftersales:report_xlsx")
            ],
        ]
        expected = {
            Role.GENERAL_MANAGER: (200, 200),
            Role.SUPERVISOR: (200, 200),
            Role.DISPATCHER: (200, 403),
            Role.HR_FINANCE: (403, 200),
            Role.CUSTOMER_MANAGER: (403, 403),
            Role.TECHNICIAN: (403, 403),
        }
        for role, (store_status, report_status) in expected.items():
            self.login(role)
            for url in store:
                with self.subTest(role=role.value, url=url):
                    self.assertEqual(self.status(url), store_status)
            for url in reports:
                with self.subTest(role=role.value, url=url):
                    self.assertEqual(self.status(url), report_status)

    def test_every_register_opens_prints_and_exports_for_its_readers(self) -> None:
        self.login(Role.SUPERVISOR)
        for slug in (
            "calls",
            "supervisor-calls",
            "complaints",
            "non-quality",
            "defects",
            "quality",
            "parts-ledger",
            "account",
        ):
            for name in ("aftersales:register", "aftersales:register_print", "aftersales:register_xlsx"):
                with self.subTest(slug=slug, name=name):
                    self.assertEqual(self.status(reverse(name, args=[slug]) + "?site=a"), 200)
        self.assertEqual(self.status(reverse("aftersales:register", args=["nothing"])), 404)
        self.login(Role.HR_FINANCE)  # finance reads the ledgers, not the call log
        self.assertEqual(self.status(reverse("aftersales:register", args=["parts-ledger"])), 200)
        self.assertEqual(self.status(reverse("aftersales:register", args=["calls"])), 403)

    def test_actions_refuse_get(self) -> None:
        complaint = self.complaint()
        self.login(Role.SUPERVISOR)
        for url in (
            reverse("aftersales:complaint_reply", args=[complaint.pk]),
            reverse("aftersales:complaint_conclude", args=[complaint.pk]),
            reverse("aftersales:part_stock_in", args=[self.part.pk]),
            reverse("aftersales:account_enter"),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.status(url), 405)


class FormTests(PageTestCase):
    def test_the_desk_receives_replies_and_concludes_on_the_pages(self) -> None:
        self.login(Role.DISPATCHER)
        response = self.client.post(
            reverse("aftersales:complaint_new"),
            {
                "site": "a",
                "customer": self.customer.pk,
                "purchase": self.purchase.pk,
                "kind": "quality",
                "channel": "phone",
                "received_at": RECEIVED.astimezone().strftime("%Y-%m-%dT%H:%M"),
                "content": "噪音大",
            },
        )
        complaint = Complaint.objects.get()
        self.assertRedirects(response, reverse("aftersales:complaint", args=[complaint.pk]))
        page = self.client.get(response["Location"])
        self.assertContains(page, "p14.4.1")
        self.client.post(reverse("aftersales:complaint_reply", args=[complaint.pk]), {"reply": "已安排上门"})
        complaint.refresh_from_db()
        self.assertEqual(complaint.state, "replied")
        self.login(Role.SUPERVISOR)
        self.client.post(
            reverse("aftersales:complaint_route", args=[complaint.pk]), {"to": "quality_department"}
        )
        self.client.post(
            reverse("aftersales:complaint_quality", args=[complaint.pk]), {"opinion": "正常噪音"}
        )
        self.client.post(
            reverse("aftersales:complaint_conclude", args=[complaint.pk]),
            {"substantiated": "0", "note": "属正常"},
        )
        complaint.refresh_from_db()
        self.assertEqual((complaint.quality_case.opinion, complaint.finding), ("正常噪音", "unfounded"))

    def test_a_bad_complaint_form_names_every_problem_and_writes_nothing(self) -> None:
        self.login(Role.DISPATCHER)
        response = self.client.post(
            reverse("aftersales:complaint_new"),
            {"site": "a", "kind": "attitude", "received_at": "昨天", "content": ""},
        )
        self.assertEqual(response.status_code, 422)
        for field in ("customer", "received_at", "content", "staff_member"):
            self.assertIn(field, response.context["errors"])
        self.assertFalse(Complaint.objects.exists())

    def test_calls_defects_and_parts_are_written_on_their_pages(self) -> None:
        self.login(Role.SUPERVISOR)
        self.client.post(
            reverse("aftersales:call_new"),
            {
                "site": "a",
                "register": "supervisor",
                "caller": "李先生",
                "phone": "13900000000",
                "content": "咨询保修",
            },
        )
        self.client.post(
            reverse("aftersales:defect_new"),
            {
                "site": "a",
                "kind": "defect",
                "found_on": "2026-03-02",
                "product": "35GW",
                "problem": "排水管设计过短",
            },
        )
        self.client.post(
            reverse("aftersales:part_stock_in", args=[self.part.pk]), {"quantity": "2", "unit_cost": "100"}
        )
        self.assertEqual(Call.objects.get().register, Call.Register.SUPERVISOR)
        self.assertEqual(DesignDefect.objects.get().product, "35GW")
        self.assertEqual(parts.stock_of(self.part), (2, Decimal("200.00")))
        response = self.client.post(
            reverse("aftersales:part_issue", args=[self.part.pk]), {"quantity": "5", "order": "nope"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(set(response.context["errors"]), {"order", "quantity"})  # every problem at once

    def test_a_customer_is_found_by_a_fragment_of_the_number(self) -> None:
        self.login(Role.DISPATCHER)
        response = self.client.get(reverse("aftersales:customer_pick"), {"site": "a", "q": "0013"})
        self.assertContains(response, "王女士")
        self.assertContains(response, "格力空调")

    def test_an_incident_is_approved_on_the_complaint_page(self) -> None:
        complaint = self.complaint(Complaint.Kind.ATTITUDE)
        complaints.conclude(
            complaint, by=self.supervisor, substantiated=True, note="属实", amount=Decimal("100")
        )
        url = reverse("aftersales:complaint_incident", args=[complaint.pk])
        self.login(Role.DISPATCHER)
        self.assertEqual(self.client.post(url, {"approve": "1"}).status_code, 403)
        self.login(Role.GENERAL_MANAGER)
        self.client.post(url, {"approve": "1"})
        page = self.client.get(reverse("aftersales:complaint", args=[complaint.pk]))
        self.assertContains(page, "p12.6")
        self.assertContains(page, "100.00 元")
        self.assertEqual(LedgerEntry.objects.get().clause, "p12.6")

    def test_a_return_is_closed_without_approval_on_its_page(self) -> None:
        request = self.return_request()
        self.login(Role.DISPATCHER)
        self.client.post(reverse("aftersales:return_withdraw", args=[request.pk]), {"reason": "客户撤回"})
        request.refresh_from_db()
        self.assertEqual((request.state, request.costs_to_customer), ("withdrawn", True))
        page = self.client.get(reverse("aftersales:return", args=[request.pk]))
        self.assertContains(page, "p12.15")
        self.login(Role.TECHNICIAN)
        self.assertEqual(
            self.client.post(reverse("aftersales:return_withdraw", args=[request.pk])).status_code, 403
        )

    def test_an_approved_return_is_carried_out_on_its_page(self) -> None:
        parts.stock_in(self.part, by=self.supervisor, quantity=1, unit_cost=Decimal("2800.00"))
        request = self.return_request()
        url = reverse("aftersales:return_carry_out", args=[request.pk])
        self.login(Role.SUPERVISOR)
        self.client.post(url)
        self.assertEqual(ReturnRequest.objects.get().state, "awaiting")  # 409 told on the page
        assert request.approval_id is not None
        approvals.decide(
            ApprovalRequest.objects.get(pk=request.approval_id), by=self.gm, approve=True, note="同意"
        )
        self.login(Role.CUSTOMER_MANAGER)  # the desk, but no store keeper
        self.client.post(url)
        self.assertEqual(ReturnRequest.objects.get().state, "approved")
        self.login(Role.SUPERVISOR)
        page = self.client.post(url, follow=True)
        self.assertContains(page, "退货入库")
        self.assertEqual(ReturnRequest.objects.get().state, "done")

    def test_a_part_is_added_and_a_movement_reversed_on_the_pages(self) -> None:
        self.login(Role.DISPATCHER)
        response = self.client.post(
            reverse("aftersales:part_new"), {"site": "a", "code": "LX-2", "name": "滤芯", "unit": "个"}
        )
        part = Part.objects.get(code="LX-2")
        self.assertRedirects(response, reverse("aftersales:part", args=[part.pk]))
        again = self.client.post(
            reverse("aftersales:part_new"), {"site": "a", "code": "LX-2", "name": "滤芯", "unit": "个"}
        )
        self.assertEqual((again.status_code, set(again.context["errors"])), (422, {"code"}))
        movement = parts.stock_in(part, by=self.supervisor, quantity=2, unit_cost=Decimal("30.00"))
        self.client.post(reverse("aftersales:movement_reverse", args=[movement.pk]), {"note": "入错"})
        self.assertEqual(parts.stock_of(part), (0, Decimal("0.00")))
        self.login(Role.CUSTOMER_MANAGER)
        self.assertEqual(
            self.client.post(reverse("aftersales:movement_reverse", args=[movement.pk])).status_code, 403
        )

    def test_the_account_is_entered_and_reversed_on_its_page(self) -> None:
        self.login(Role.SUPERVISOR)
        self.client.post(
            reverse("aftersales:account_enter") + "?site=a", {"summary": "上门服务费", "income": "80"}
        )
        entry = AccountEntry.objects.get()
        self.assertEqual(entry.income, Decimal("80.00"))
        bad = self.client.post(
            reverse("aftersales:account_enter") + "?site=a", {"summary": "", "income": "x"}
        )
        self.assertEqual((bad.status_code, set(bad.context["errors"])), (422, {"summary", "income"}))
        self.client.post(reverse("aftersales:account_reverse", args=[entry.pk]), {"note": "重复"})
        self.assertEqual(AccountEntry.objects.count(), 2)
        page = self.client.get(reverse("aftersales:account") + "?site=a")
        self.assertContains(page, "上门服务费")
        self.login(Role.HR_FINANCE)
        self.assertEqual(
            self.client.post(reverse("aftersales:account_enter"), {"summary": "x"}).status_code, 403
        )


class QueryCountTests(PageTestCase):
    def fill(self, count: int) -> None:
        desk = self.desk
        for index in range(count):
            customer = create_customer(
                site=self.site_a, name=f"客户{index}", phones=[f"1380000{index:04d}"], by=desk
            )
            complaint = complaints.receive_complaint(
                self.site_a,
                by=desk,
                customer=customer,
                kind="quality",
                content="坏了",
                received_at=RECEIVED + dt.timedelta(minutes=index),
            )
            quality.route(complaint, by=self.supervisor, to=quality.QUALITY_DEPARTMENT)
            registers.log_call(self.site_a, by=desk, at=RECEIVED, caller=f"客户{index}", content="咨询")
            part = parts.create_part(self.site_a, by=self.supervisor, code=f"P{len(self.codes)}", name="配件")
            self.codes.append(part.code)
            parts.stock_in(part, by=self.supervisor, quantity=3, unit_cost=Decimal("10.00"))
            self.return_request(customer=customer, purchase=None, part=None)

    def counts(self) -> list[int]:
        urls = [
            reverse("aftersales:complaints"),
            reverse("aftersales:returns"),
            reverse("aftersales:parts"),
            reverse("aftersales:account"),
            *[
                reverse("aftersales:register", args=[slug])
                for slug in ("calls", "complaints", "non-quality", "quality", "parts-ledger", "account")
            ],
            reverse("aftersales:report", args=["parts-cost"]),
            reverse("aftersales:report", args=["summary"]),
            reverse("aftersales:report", args=["feedback"]) + f"?week={RECEIVED.date()}",
        ]
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200, url)
            found.append(len(queries))
        return found

    def test_lists_read_the_same_number_of_queries_for_2_and_6_rows(self) -> None:
        self.codes: list[str] = []
        self.login(Role.GENERAL_MANAGER)
        self.fill(2)
        few = self.counts()
        self.fill(4)
        self.assertEqual(PartMovement.objects.count(), 6)
        self.assertEqual(self.counts(), few)
