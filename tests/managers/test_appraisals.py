"""Selection and appraisal scores from the pack's weights (p05.select; p05.appraise with 绩效 weighing the
most) and the appraisal cycle's tasks (p05.cycle: the yearly plan, the monthly appraisal, the revision)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.roles import Role
from fuwu.managers.models import Appraisal
from fuwu.managers.services import appraisals
from fuwu.managers.services.appraisals import make_plan, record_appraisal, record_selection, revise_plan
from fuwu.regulations.models import Obligation
from tests.managers.base import ManagersTestCase

ON = dt.date(2026, 6, 1)
PLAN = {
    "purpose": "提高服务质量",
    "principles": "客观、公开",
    "content": "绩效、行为、能力",
    "timing": "每月末",
}


class WeightTests(ManagersTestCase):
    def test_the_appraisal_weighs_by_the_pack_and_performance_weighs_most(self) -> None:
        score = appraisals.criteria(self.site_a, appraisals.APPRAISAL, ON)
        assert score is not None
        self.assertEqual(
            score.weights, {"绩效": Decimal("0.50"), "行为": Decimal("0.25"), "能力": Decimal("0.25")}
        )
        self.assertEqual(max(score.weights, key=lambda name: score.weights[name]), "绩效")
        row = record_appraisal(
            self.manager2,
            month=dt.date(2026, 6, 1),
            marks={"绩效": 60, "行为": 100, "能力": 100},
            by=self.supervisor,
        )
        self.assertEqual((row.score, row.clause, row.pack_version), (Decimal("80.00"), "p05.appraise", 1))
        self.assertEqual(row.because, "绩效60×0.50、行为100×0.25、能力100×0.25=80.00")
        self.assertEqual(row.weights, {"绩效": "0.50", "行为": "0.25", "能力": "0.25"})
        # The same marks moved from 绩效 to 行为 score less: 绩效 weighs the most.
        other = record_appraisal(
            self.manager2,
            month=dt.date(2026, 6, 1),
            kind=Appraisal.Kind.AD_HOC,
            marks={"绩效": 100, "行为": 60, "能力": 100},
            by=self.supervisor,
        )
        self.assertEqual(other.score, Decimal("90.00"))

    def test_the_selection_weighs_the_five_criteria_of_p05_select(self) -> None:
        marks = {"学历": 80, "资历": 60, "业绩": 90, "笔试": 70, "面试": 85}
        row = record_selection(
            site=self.site_a, candidate=self.by_role[Role.EMPLOYEE], marks=marks, by=self.supervisor
        )
        expected = (
            Decimal("80") * Decimal("0.15")
            + Decimal("60") * Decimal("0.15")
            + Decimal("90") * Decimal("0.30")
        )
        expected += Decimal("70") * Decimal("0.20") + Decimal("85") * Decimal("0.20")
        self.assertEqual((row.score, row.clause), (expected.quantize(Decimal("0.01")), "p05.select"))

    def test_every_bad_mark_is_named(self) -> None:
        with self.assertRaises(Invalid) as raised:
            record_appraisal(
                self.manager2,
                month=dt.date(2026, 6, 1),
                marks={"绩效": 101, "能力": 50, "态度": 9},
                by=self.supervisor,
            )
        self.assertEqual(
            sorted(loc for loc, _msg in raised.exception.problems),
            [("body", "marks", "态度"), ("body", "marks", "绩效"), ("body", "marks", "行为")],
        )

    def test_one_regular_appraisal_a_month_and_never_of_oneself_or_by_a_manager(self) -> None:
        marks = {"绩效": 80, "行为": 0, "能力": 80}
        record_appraisal(self.manager2, month=dt.date(2026, 7, 1), marks=marks, by=self.supervisor)
        with self.assertRaises(Conflict):
            record_appraisal(self.manager2, month=dt.date(2026, 7, 1), marks=marks, by=self.supervisor)
        with self.assertRaises(PermissionDenied):
            record_appraisal(self.manager2, month=dt.date(2026, 8, 1), marks=marks, by=self.cm)
        with self.assertRaises(Invalid):
            record_appraisal(self.manager2, month=dt.date(2099, 1, 1), marks=marks, by=self.supervisor)


class CycleTests(ManagersTestCase):
    def tasks(self, what: str) -> list[Obligation]:
        return list(
            Obligation.objects.filter(
                subject_type="appraisal_cycle", subject_id=f"{self.site_a.pk}:2026", what=what
            ).order_by("due")
        )

    def test_the_years_tasks_fall_where_the_duty_says_and_go_when_done(self) -> None:
        plan = make_plan(site=self.site_a, year=2026, by=self.supervisor, **PLAN)
        self.assertEqual([t.state for t in self.tasks("appraisal_plan")], ["void"])
        monthly = self.tasks("regular_appraisal")
        self.assertEqual(len(monthly), 12)
        self.assertEqual(
            {(t.clause, t.assignee_id, t.state) for t in monthly}, {("p05.cycle", self.supervisor.pk, "open")}
        )
        self.assertEqual(monthly[1].due.astimezone(dt.UTC), dt.datetime(2026, 2, 28, 1, tzinfo=dt.UTC))
        revision = self.tasks("appraisal_plan_revision")
        self.assertEqual([(t.due.month, t.due.day, t.state) for t in revision], [(12, 15, "open")])
        marks = {"绩效": 80, "行为": 70, "能力": 75}
        record_appraisal(self.manager, month=dt.date(2026, 11, 1), marks=marks, by=self.supervisor)
        self.assertEqual(self.tasks("regular_appraisal")[10].state, "open")  # one of the two managers
        record_appraisal(self.manager2, month=dt.date(2026, 11, 1), marks=marks, by=self.supervisor)
        states = [t.state for t in self.tasks("regular_appraisal")]
        self.assertEqual(states[10], "void")
        self.assertEqual(states.count("open"), 11)
        revise_plan(plan, revision="增加客户抽样评价", by=self.supervisor)
        self.assertEqual([t.state for t in self.tasks("appraisal_plan_revision")], ["void"])
        with self.assertRaises(Conflict):
            make_plan(site=self.site_a, year=2026, by=self.supervisor, **PLAN)

    def test_a_plan_needs_every_part(self) -> None:
        with self.assertRaises(Invalid) as raised:
            make_plan(
                site=self.site_a, year=2026, by=self.supervisor, **{**PLAN, "content": " ", "timing": ""}
            )
        self.assertEqual(
            [loc for loc, _ in raised.exception.problems], [("body", "content"), ("body", "timing")]
        )
