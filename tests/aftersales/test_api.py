"""The after-sales API: complaints (receive, reply, conclude, route), returns with their approval chain,
the parts store (stock in, issue) and the reports as Excel — each refusing the wrong role with 403, another
site's rows with 404, every bad field with 422 and a state that no longer allows it with 409."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]

from fuwu.aftersales.models import ReturnRequest
from fuwu.aftersales.services import parts
from fuwu.approvals import services as approvals
from fuwu.approvals.models import ApprovalRequest
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.orders.services.intake import create_order
from fuwu.staff.models import LedgerEntry
from tests.aftersales.base import RECEIVED, AftersalesTestCase
from tests.api.base import ApiTestCase, body
from tests.core.base import PASSWORD


class AftersalesApiTestCase(AftersalesTestCase, ApiTestCase):
    def post(self, url: str, user: Any, data: Any = None, status: int = 200) -> Any:
        answer = self.call("POST", url, user, data if data is not None else {})
        self.assertEqual(answer.status_code, status, answer.content)
        return body(answer)

    def get(self, url: str, user: Any, status: int = 200) -> Any:
        answer = self.call("GET", url, user)
        self.assertEqual(answer.status_code, status, answer.content)
        return body(answer) if status == 200 else None

    def other_supervisor(self) -> Any:
        person = users.create_user(
            username="boss_b",
            password=PASSWORD,
            display_name="乙站主管",
            roles=[Role.SUPERVISOR],
            by=self.admin,
        )
        sites.add_member(self.site_b, person, by=self.admin)
        return person


class ComplaintApiTests(AftersalesApiTestCase):
    def test_the_desk_receives_replies_and_a_supervisor_concludes_into_the_ledger(self) -> None:
        made = self.post(
            "/api/v1/complaints",
            self.desk,
            {
                "site": "a",
                "customer": self.customer.pk,
                "kind": "attitude",
                "staff_member": self.worker.user_id,
                "received_at": RECEIVED.isoformat(),
                "content": "态度恶劣",
            },
            status=201,
        )
        self.assertEqual(
            (made["deadline"]["clause"], made["deadline"]["state"], made["customer_name"], made["address"]),
            ("p14.4.1", "breached", "王女士", "锦绣花园3栋2单元1201"),
        )
        replied = self.post(f"/api/v1/complaints/{made['id']}/reply", self.desk, {"reply": "已致歉"})
        self.assertEqual(replied["state"], "replied")
        self.post(f"/api/v1/complaints/{made['id']}/reply", self.desk, {"reply": "再答"}, status=409)
        concluded = self.post(
            f"/api/v1/complaints/{made['id']}/conclude",
            self.supervisor,
            {"substantiated": True, "note": "属实", "amount": "150.00"},
        )
        incident = concluded["incident"]
        self.assertEqual(
            (incident["clause"], incident["state"], incident["amount"]), ("p12.6", "recorded", "150.00")
        )
        self.post(f"/api/v1/incidents/{incident['id']}/approve", self.gm)
        again = self.get(f"/api/v1/complaints/{made['id']}", self.desk)
        self.assertEqual(
            again["incident"]["entries"],
            [{"kind": "fine", "amount": "150.00", "clause": "p12.6", "pack_version": 1}],
        )
        self.assertEqual(LedgerEntry.objects.get().amount, Decimal("150.00"))

    def test_route_and_every_bad_field(self) -> None:
        made = self.post(
            "/api/v1/complaints",
            self.desk,
            {
                "site": "a",
                "customer": self.customer.pk,
                "purchase": self.purchase.pk,
                "kind": "quality",
                "content": "漏水",
            },
            status=201,
        )
        routed = self.post(
            f"/api/v1/complaints/{made['id']}/route", self.supervisor, {"to": "quality_department"}
        )
        self.assertEqual(routed["quality"]["disputed"], False)
        self.post(
            f"/api/v1/complaints/{made['id']}/route",
            self.supervisor,
            {"to": "quality_department"},
            status=409,
        )
        problems = self.post(
            "/api/v1/complaints",
            self.desk,
            {"site": "a", "customer": 999999, "kind": "nonsense", "content": ""},
            status=422,
        )
        self.assertEqual(
            {tuple(p["loc"]) for p in problems["detail"]},
            {("body", "customer"), ("body", "kind"), ("body", "content")},
        )

    def test_scope_a_site_sees_its_own_and_other_roles_are_refused(self) -> None:
        complaint = self.complaint()
        self.assertEqual(
            [c["id"] for c in self.get("/api/v1/complaints", self.desk)["results"]], [complaint.pk]
        )
        self.assertEqual(len(self.get("/api/v1/complaints", self.gm)["results"]), 1)
        stranger = self.other_supervisor()
        self.assertEqual(self.get("/api/v1/complaints", stranger)["results"], [])
        self.get(f"/api/v1/complaints/{complaint.pk}", stranger, status=404)
        self.post(f"/api/v1/complaints/{complaint.pk}/reply", stranger, {"reply": "x"}, status=404)
        self.get("/api/v1/complaints", self.by_role[Role.TECHNICIAN], status=403)
        self.post(
            "/api/v1/complaints",
            self.by_role[Role.HR_FINANCE],
            {"site": "a", "customer": self.customer.pk, "kind": "other", "content": "x"},
            status=403,
        )
        self.post(
            f"/api/v1/complaints/{complaint.pk}/conclude",
            self.desk,
            {"substantiated": False, "note": "x"},
            status=403,
        )
        self.post(
            f"/api/v1/complaints/{complaint.pk}/route", self.desk, {"to": "quality_department"}, status=403
        )


class ReturnApiTests(AftersalesApiTestCase):
    def test_a_return_above_the_amount_needs_the_meeting_and_is_carried_out(self) -> None:
        parts.stock_in(self.part, by=self.supervisor, quantity=1, unit_cost=Decimal("5000.00"))
        made = self.post(
            "/api/v1/returns",
            self.desk,
            {
                "site": "a",
                "kind": "return",
                "customer": self.customer.pk,
                "purchase": self.purchase.pk,
                "content": "整机更换后仍漏水",
                "amount": "6800.00",
                "part": self.part.pk,
            },
            status=201,
        )
        self.assertEqual(
            [(s["role"], s["state"]) for s in made["approval"]["steps"]],
            [("general_manager", "pending"), ("general_manager_meeting", "waiting")],
        )
        self.post(f"/api/v1/returns/{made['id']}/carry-out", self.supervisor, status=409)
        chain = ApprovalRequest.objects.get(pk=made["approval"]["id"])
        approvals.decide(chain, by=self.gm, approve=True, note="同意")
        approvals.decide(chain, by=self.gm, approve=True, note="办公会纪要第5号:同意")
        done = self.post(f"/api/v1/returns/{made['id']}/carry-out", self.supervisor)
        self.assertEqual((done["state"], done["approval"]["state"]), ("done", "approved"))
        self.assertEqual(parts.stock_of(self.part), (2, Decimal("10000.00")))

    def test_a_withdrawn_return_is_at_the_customers_cost_and_scope_holds(self) -> None:
        request = self.return_request()
        closed = self.post(f"/api/v1/returns/{request.pk}/withdraw", self.desk, {"reason": "客户撤回"})
        self.assertEqual(
            (closed["state"], closed["costs_to_customer"], closed["costs_clause"]),
            ("withdrawn", True, "p12.15"),
        )
        self.post(f"/api/v1/returns/{request.pk}/withdraw", self.desk, {"reason": "again"}, status=409)
        stranger = self.other_supervisor()
        self.get(f"/api/v1/returns/{request.pk}", stranger, status=404)
        self.assertEqual(self.get("/api/v1/returns", stranger)["results"], [])
        self.assertEqual([r["id"] for r in self.get("/api/v1/returns", self.desk)["results"]], [request.pk])
        self.get("/api/v1/returns", self.by_role[Role.TECHNICIAN], status=403)
        self.post("/api/v1/returns", self.by_role[Role.TECHNICIAN], {}, status=403)
        self.assertEqual(ReturnRequest.objects.count(), 1)


class PartsApiTests(AftersalesApiTestCase):
    def test_stock_in_issue_and_the_stock_list(self) -> None:
        order = create_order(
            site=self.site_a,
            location="3栋",
            description="空调",
            channel="phone",
            tags=["general"],
            by=self.desk,
        )
        moved = self.post(
            f"/api/v1/parts/{self.part.pk}/stock-in",
            self.desk,
            {"quantity": 3, "unit_cost": "100.00"},
            status=201,
        )
        self.assertEqual((moved["part_in_stock"], moved["part_value"]), (3, "300.00"))
        issued = self.post(
            f"/api/v1/parts/{self.part.pk}/issue", self.desk, {"quantity": 2, "order": order.pk}, status=201
        )
        self.assertEqual((issued["amount"], issued["part_in_stock"]), ("-200.00", 1))
        too_many = self.post(
            f"/api/v1/parts/{self.part.pk}/issue", self.desk, {"quantity": 5, "order": order.pk}, status=422
        )
        self.assertEqual([p["loc"] for p in too_many["detail"]], [["body", "quantity"]])
        listed = self.get("/api/v1/parts", self.supervisor)["results"]
        self.assertEqual([(p["code"], p["in_stock"], p["value"]) for p in listed], [("KT-35", 1, "100.00")])
        stranger = self.other_supervisor()
        self.assertEqual(self.get("/api/v1/parts", stranger)["results"], [])
        self.post(
            f"/api/v1/parts/{self.part.pk}/stock-in",
            stranger,
            {"quantity": 1, "unit_cost": "1.00"},
            status=404,
        )
        self.get("/api/v1/parts", self.by_role[Role.CUSTOMER_MANAGER], status=403)


class ReportApiTests(AftersalesApiTestCase):
    def test_finance_and_the_general_manager_download_the_reports_and_others_are_refused(self) -> None:
        parts.stock_in(self.part, by=self.supervisor, quantity=1, unit_cost=Decimal("100.00"))
        for report in ("parts-cost", "summary", "feedback"):
            with self.subTest(report=report):
                answer = self.call(
                    "GET", f"/api/v1/aftersales/reports/{report}.xlsx?site=a", self.by_role[Role.HR_FINANCE]
                )
                self.assertEqual(answer.status_code, 200)
                book = load_workbook(io.BytesIO(b"".join(answer.streaming_content)))  # type: ignore[attr-defined]
                self.assertIn("锦绣花园小区", str(book.worksheets[0]["A1"].value))
        self.assertEqual(
            self.call("GET", "/api/v1/aftersales/reports/summary.xlsx?site=a", self.desk).status_code, 403
        )
        self.assertEqual(
            self.call("GET", "/api/v1/aftersales/reports/summary.xlsx?site=b", self.supervisor).status_code,
            422,
        )
        self.assertEqual(
            self.call(
                "GET", "/api/v1/aftersales/reports/summary.xlsx?site=a&month=2026-13", self.gm
            ).status_code,
            422,
        )
