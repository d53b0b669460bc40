"""The customer managers' API: who may call each operation and what they see (a customer manager their own
record, appraisals, income and customers; a supervisor their site's; others 403 or 404), with the clause
and pack version of every score and decision, and every bad field named in one 422."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fuwu.core.roles import Role
from fuwu.customers.models import Purchase
from fuwu.customers.services.customers import assign_manager
from fuwu.managers.models import Level, Manager
from fuwu.managers.services import levels
from fuwu.managers.services.appraisals import record_appraisal
from fuwu.managers.services.key_customers import ItemIn, make_care_plan, review_core
from tests.api.base import ApiTestCase, body
from tests.managers.base import ManagersTestCase

MARKS = {"绩效": 90, "行为": 80, "能力": 70}


class ManagersApiTestCase(ManagersTestCase, ApiTestCase):
    pass


class LevelApiTests(ManagersApiTestCase):
    def test_each_sees_the_managers_in_their_scope_with_checklists_and_history(self) -> None:
        mine = body(self.call("GET", "/api/v1/managers", self.cm))["results"]
        self.assertEqual([row["id"] for row in mine], [self.manager.pk])
        site = body(self.call("GET", "/api/v1/managers?level=second", self.supervisor))["results"]
        self.assertEqual([row["id"] for row in site], [self.manager2.pk])
        self.assertEqual(body(self.call("GET", "/api/v1/managers", self.outsider))["results"], [])
        detail = body(self.call("GET", f"/api/v1/managers/{self.manager.pk}", self.cm))
        self.assertEqual((detail["clause"], detail["level"]), ("p05.levels", "trainee"))
        self.assertEqual([len(c["items"]) for c in detail["checklists"]], [4, 3, 0, 4])
        self.assertEqual(detail["changes"][0]["to_level"], "trainee")
        self.assertEqual(self.call("GET", f"/api/v1/managers/{self.manager2.pk}", self.cm).status_code, 404)

    def test_checks_and_a_level_change_go_through_the_supervisor_and_the_department_head(self) -> None:
        url = f"/api/v1/managers/{self.manager.pk}"
        checks = {"level": "trainee", "checks": [{"number": 1, "met": True, "evidence": "证书"}]}
        self.assertEqual(self.call("POST", f"{url}/checks", self.cm, checks).status_code, 403)
        bad = self.call(
            "POST",
            f"{url}/checks",
            self.supervisor,
            {"level": "trainee", "checks": [{"number": 9, "met": True}]},
        )
        self.assertEqual(body(bad)["detail"][0]["loc"], ["body", "checks", 0, "number"])
        done = body(self.call("POST", f"{url}/checks", self.supervisor, checks))
        self.assertEqual(done["checklists"][3]["items"][0]["met"], True)
        proposed = self.call(
            "POST", f"{url}/level-changes", self.supervisor, {"to_level": "second", "reason": "优秀"}
        )
        self.assertEqual(proposed.status_code, 201)
        change = body(proposed)
        self.assertEqual((change["clause"], change["state"]), ("p05.result", "proposed"))
        again = self.call(
            "POST", f"{url}/level-changes", self.supervisor, {"to_level": "first", "reason": "再"}
        )
        self.assertEqual(again.status_code, 409)
        decide = f"/api/v1/level-changes/{change['id']}/decide"
        self.assertEqual(self.call("POST", decide, self.cm, {"confirm": True}).status_code, 403)
        self.assertEqual(
            self.call("POST", decide, self.by_role[Role.GENERAL_MANAGER], {"confirm": True}).status_code, 403
        )
        self.assertEqual(self.call("POST", decide, self.outsider, {"confirm": True}).status_code, 404)
        self.assertEqual(
            body(self.call("POST", decide, self.supervisor, {"confirm": True}))["state"], "confirmed"
        )
        self.assertEqual(Manager.objects.get(pk=self.manager.pk).level, Level.SECOND)
        self.assertEqual(self.call("POST", decide, self.supervisor, {"confirm": False}).status_code, 409)

    def test_eligibility_is_requested_certified_and_appointed_by_the_roles_the_clause_names(self) -> None:
        candidate = self.by_role[Role.EMPLOYEE]
        request = {
            "site": "a",
            "candidate": candidate.pk,
            "conditions": [{"number": n, "met": True, "evidence": "档案"} for n in range(1, 6)],
        }
        self.assertEqual(self.call("POST", "/api/v1/eligibility", self.cm, request).status_code, 403)
        bad = self.call(
            "POST", "/api/v1/eligibility", self.supervisor, {**request, "site": "b", "candidate": 0}
        )
        self.assertEqual(
            {tuple(p["loc"]) for p in body(bad)["detail"]}, {("body", "site"), ("body", "candidate")}
        )
        made = self.call("POST", "/api/v1/eligibility", self.supervisor, request)
        self.assertEqual(made.status_code, 201)
        review = body(made)
        self.assertEqual(
            (review["clause"], review["approver_role"], review["state"]),
            ("p05.eligible", "supervisor", "pending"),
        )
        decide = f"/api/v1/eligibility/{review['id']}/decide"
        self.assertEqual(self.call("POST", decide, candidate, {"approve": True}).status_code, 403)
        self.assertEqual(self.call("POST", decide, self.outsider, {"approve": True}).status_code, 404)
        self.assertEqual(
            body(self.call("POST", decide, self.supervisor, {"approve": True}))["state"], "approved"
        )
        theirs = body(self.call("GET", "/api/v1/eligibility", candidate))["results"]
        self.assertEqual([row["id"] for row in theirs], [review["id"]])
        self.assertEqual(body(self.call("GET", "/api/v1/eligibility", self.outsider))["results"], [])
        appoint = f"/api/v1/eligibility/{review['id']}/appoint"
        self.assertEqual(
            self.call("POST", appoint, self.by_role[Role.HR_FINANCE], {"level": "trainee"}).status_code, 403
        )
        appointed = self.call("POST", appoint, self.supervisor, {"level": "trainee"})
        self.assertEqual((appointed.status_code, body(appointed)["person"]), (201, candidate.pk))
        self.assertEqual(self.call("POST", appoint, self.supervisor, {"level": "trainee"}).status_code, 409)


class AppraisalApiTests(ManagersApiTestCase):
    def test_scores_come_from_the_pack_and_each_sees_their_own_appraisals_and_income(self) -> None:
        marks = {"学历": 80, "资历": 60, "业绩": 90, "笔试": 70, "面试": 85}
        selection = {"site": "a", "candidate": self.by_role[Role.EMPLOYEE].pk, "marks": marks}
        self.assertEqual(self.call("POST", "/api/v1/selections", self.cm, selection).status_code, 403)
        made = body(self.call("POST", "/api/v1/selections", self.supervisor, selection))
        self.assertEqual(
            (made["score"], made["clause"], made["weights"]["业绩"]), ("79.00", "p05.select", "0.30")
        )
        self.assertEqual(len(body(self.call("GET", "/api/v1/selections", self.supervisor))["results"]), 1)
        self.assertEqual(body(self.call("GET", "/api/v1/selections", self.cm))["results"], [])

        appraisal = {
            "manager": self.manager.pk,
            "month": "2026-11",
            "marks": MARKS,
            "performance_pay": "1000.00",
        }
        self.assertEqual(self.call("POST", "/api/v1/appraisals", self.cm, appraisal).status_code, 403)
        other = {**appraisal, "manager": self.manager2.pk}
        self.assertEqual(
            body(self.call("POST", "/api/v1/appraisals", self.cm, other))["detail"][0]["loc"],
            ["body", "manager"],
        )
        bad = self.call(
            "POST",
            "/api/v1/appraisals",
            self.supervisor,
            {**appraisal, "marks": {"绩效": 101}, "month": "2099-01"},
        )
        self.assertEqual(
            {tuple(p["loc"]) for p in body(bad)["detail"]}, {("body", "marks", "绩效"), ("body", "month")}
        )
        made = self.call("POST", "/api/v1/appraisals", self.supervisor, appraisal)
        self.assertEqual(made.status_code, 201)
        row = body(made)
        self.assertEqual((row["score"], row["clause"], row["pack_version"]), ("82.50", "p05.appraise", 1))
        incident = row["income_incident"]
        self.assertEqual(
            (incident["points"], incident["proposed"], incident["state"]), (80, "800.00", "recorded")
        )
        self.assertEqual(self.call("POST", "/api/v1/appraisals", self.supervisor, appraisal).status_code, 409)
        approved = self.call("POST", f"/api/v1/incidents/{incident['id']}/approve", self.supervisor, {})
        self.assertEqual(approved.status_code, 200)
        record_appraisal(self.manager2, month=dt.date(2026, 11, 1), marks=MARKS, by=self.supervisor)

        mine = body(self.call("GET", "/api/v1/appraisals", self.cm))["results"]
        self.assertEqual([r["manager"] for r in mine], [self.manager.pk])
        self.assertEqual(
            len(body(self.call("GET", "/api/v1/appraisals?month=2026-11", self.supervisor))["results"]), 2
        )
        income = body(self.call("GET", f"/api/v1/managers/{self.manager.pk}/income?month=2026-11", self.cm))
        self.assertEqual(
            (
                income[0]["base_wage"],
                income[0]["performance_pay"],
                income[0]["behaviour"],
                income[0]["total"],
            ),
            ("5000.00", "1000.00", "800.00", "6800.00"),
        )
        self.assertEqual(
            (income[0]["entries"][0]["clause"], income[0]["entries"][0]["pack_version"]), ("p05.income", 1)
        )
        self.assertEqual(
            self.call("GET", f"/api/v1/managers/{self.manager2.pk}/income", self.cm).status_code, 404
        )


class CustomerApiTests(ManagersApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.a, self.b, self.c, _d = self.customers_a

    def test_assignments_in_bulk_by_the_supervisor_and_the_history_in_scope(self) -> None:
        assign = {"manager": self.manager.pk, "customers": [self.a.pk, self.b.pk], "reason": "新分配"}
        self.assertEqual(self.call("POST", "/api/v1/assignments", self.cm, assign).status_code, 422)
        bad = self.call(
            "POST",
            "/api/v1/assignments",
            self.supervisor,
            {**assign, "customers": [self.a.pk, self.customer_b.pk]},
        )
        self.assertEqual([p["loc"] for p in body(bad)["detail"]], [["body", "customers", 1]])
        made = self.call("POST", "/api/v1/assignments", self.supervisor, assign)
        self.assertEqual(made.status_code, 201)
        self.assertEqual([row["customer"] for row in body(made)], [self.a.pk, self.b.pk])
        self.call(
            "POST",
            "/api/v1/assignments",
            self.supervisor,
            {"manager": self.manager2.pk, "customers": [self.b.pk]},
        )
        history = body(self.call("GET", f"/api/v1/assignments?customer={self.b.pk}", self.supervisor))[
            "results"
        ]
        self.assertEqual(
            [(row["manager"], row["ends_at"] is None) for row in history],
            [(self.cm2.pk, True), (self.cm.pk, False)],
        )
        mine = body(self.call("GET", "/api/v1/assignments", self.cm))["results"]
        self.assertEqual([row["customer"] for row in mine], [self.a.pk])
        self.assertEqual(
            body(self.call("GET", "/api/v1/assignments", self.by_role[Role.TECHNICIAN]))["results"], []
        )

    def test_key_customers_and_care_plans_each_in_scope(self) -> None:
        assign_manager(self.a, self.cm, by=self.supervisor)
        assign_manager(self.b, self.cm2, by=self.supervisor)
        for customer, amount in ((self.a, "500"), (self.b, "400"), (self.c, "100")):
            Purchase.objects.create(
                customer=customer, product="灯", purchased_on=dt.date(2026, 3, 1), amount=Decimal(amount)
            )
        review = {"site": "a", "start": "2026-01-01", "end": "2026-06-30", "year": 2026}
        self.assertEqual(self.call("POST", "/api/v1/key-customers/reviews", self.cm, review).status_code, 403)
        made = self.call("POST", "/api/v1/key-customers/reviews", self.supervisor, review)
        self.assertEqual(made.status_code, 201)
        found = body(made)
        self.assertEqual(
            (found["clause"], found["share"], found["revenue"], found["total"]),
            ("p05.core", "0.8000", "900.00", "1000.00"),
        )
        self.assertEqual([k["customer"] for k in found["key_customers"]], [self.a.pk, self.b.pk])
        self.assertEqual(found["key_customers"][0]["task"]["clause"], "p14.3.4.8")
        mine = body(self.call("GET", "/api/v1/key-customers?site=a", self.cm))
        self.assertEqual([k["customer"] for k in mine["key_customers"]], [self.a.pk])
        self.assertEqual(self.call("GET", "/api/v1/key-customers?site=a", self.outsider).status_code, 422)

        plan = {
            "customer": self.a.pk,
            "year": 2026,
            "needs": "节前检修",
            "items": [{"what": "上门", "who": self.cm.pk, "due_on": "2026-12-20"}],
        }
        self.assertEqual(
            self.call("POST", "/api/v1/care-plans", self.cm2, plan).status_code, 422
        )  # not their customer
        created = self.call("POST", "/api/v1/care-plans", self.cm, plan)
        self.assertEqual(created.status_code, 201)
        item = body(created)["items"][0]["id"]
        self.assertEqual(
            body(self.call("GET", "/api/v1/key-customers?site=a", self.cm))["key_customers"][0]["task"], None
        )
        self.assertEqual(len(body(self.call("GET", "/api/v1/care-plans", self.cm))["results"]), 1)
        self.assertEqual(body(self.call("GET", "/api/v1/care-plans", self.cm2))["results"], [])
        self.assertEqual(self.call("POST", f"/api/v1/care-items/{item}/done", self.cm2, {}).status_code, 404)
        done = body(self.call("POST", f"/api/v1/care-items/{item}/done", self.cm, {"note": "已上门"}))
        self.assertIsNotNone(done["items"][0]["done_at"])
        make_care_plan(
            self.b, year=2026, needs="需", items=[ItemIn("访", self.cm2.pk, dt.date(2026, 5, 1))], by=self.cm2
        )
        self.assertEqual(
            len(body(self.call("GET", "/api/v1/care-plans?year=2026", self.supervisor))["results"]), 2
        )
        review_core(
            site=self.site_a,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 6, 30),
            year=2026,
            by=self.supervisor,
        )
        self.assertEqual(levels.DEPARTMENT_HEAD, "supervisor")
