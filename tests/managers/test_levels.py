"""Levels and who may hold them (p05.levels, p05.eligible, p05.result): the pack's four levels and their
qualifications as checklists read from the clause's text, the eligibility review certified by the role the
clause names, and a level change that only the department head's confirmation makes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.managers import clauses
from fuwu.managers.models import (
    PACK_WORDS,
    Eligibility,
    Level,
    LevelChange,
    Manager,
    QualificationCheck,
)
from fuwu.managers.services import levels
from fuwu.managers.services.appraisals import record_appraisal
from fuwu.managers.services.levels import ConditionMark
from tests.core.base import PASSWORD
from tests.managers.base import ALL_MET, ManagersTestCase

ON = dt.date(2026, 6, 1)


class ClauseTests(ManagersTestCase):
    def test_the_levels_are_the_packs_statuses_highest_first(self) -> None:
        self.assertEqual(clauses.level_words(self.site_a, ON), list(PACK_WORDS.values()))
        self.assertEqual(list(PACK_WORDS), Level.values)

    def test_each_levels_qualifications_are_read_from_the_clause_text(self) -> None:
        clause, found = clauses.qualifications(self.site_a, ON)
        assert clause is not None
        self.assertEqual((clause.clause, clause.version), ("p05.levels", 1))
        self.assertEqual([len(found[level]) for level in Level.values], [4, 3, 0, 4])
        self.assertEqual(
            found[Level.SENIOR][0].text, "具备丰富的电力企业管理,政策和法律等知识,有较强的市场分析能力。"
        )
        self.assertEqual(found[Level.TRAINEE][0].text, "符合客户经理任职的基本条件。")

    def test_the_base_conditions_are_the_five_of_p05_eligible(self) -> None:
        clause, found = clauses.base_conditions(self.site_a, ON)
        assert clause is not None
        self.assertEqual(
            [c.text for c in found],
            ["良好的职业道德", "无不良业务记录", "身体健康", "大专以上学历", "一年以上电力业务工作经历"],
        )


class EligibilityTests(ManagersTestCase):
    def setUp(self) -> None:
        self.candidate = self.by_role[Role.EMPLOYEE]

    def test_the_department_head_certifies_only_when_every_condition_is_met(self) -> None:
        marks = [ConditionMark(1, True, "无违纪"), ConditionMark(4, False, "中专")]
        row = levels.request_eligibility(
            site=self.site_a, candidate=self.candidate, marks=marks, by=self.supervisor
        )
        self.assertEqual(
            (row.clause, row.approver_role, row.state), ("p05.eligible", "supervisor", "pending")
        )
        self.assertEqual([c["met"] for c in row.conditions], [True, False, False, False, False])
        self.assertEqual(row.conditions[0]["evidence"], "无违纪")
        with self.assertRaises(Conflict):
            levels.decide_eligibility(row, approve=True, by=self.supervisor)
        refused = levels.decide_eligibility(row, approve=False, by=self.supervisor, note="学历不足")
        self.assertEqual(refused.state, Eligibility.State.REFUSED)
        with self.assertRaises(Conflict):
            levels.appoint(refused, level=Level.TRAINEE, by=self.supervisor)

    def test_only_the_role_the_clause_names_decides_never_the_candidate(self) -> None:
        row = levels.request_eligibility(
            site=self.site_a, candidate=self.candidate, marks=ALL_MET, by=self.supervisor
        )
        for who in (self.by_role[Role.GENERAL_MANAGER], self.by_role[Role.HR_FINANCE], self.candidate):
            with self.assertRaises(PermissionDenied):
                levels.decide_eligibility(row, approve=True, by=who)
        with self.assertRaises(PermissionDenied):
            levels.request_eligibility(
                site=self.site_a, candidate=self.candidate, marks=ALL_MET, by=self.by_role[Role.HR_FINANCE]
            )

    def test_the_certified_are_appointed_with_the_role_and_a_first_history_row(self) -> None:
        row = levels.request_eligibility(
            site=self.site_a, candidate=self.candidate, marks=ALL_MET, by=self.supervisor
        )
        levels.decide_eligibility(row, approve=True, by=self.supervisor)
        manager = levels.appoint(row, level=Level.TRAINEE, by=self.supervisor)
        self.candidate.refresh_from_db()
        self.candidate.forget_access()
        self.assertTrue(self.candidate.has_role(Role.CUSTOMER_MANAGER))
        change = manager.changes.get()
        self.assertEqual((change.from_level, change.to_level, change.state), ("", "trainee", "confirmed"))
        with self.assertRaises(Conflict):
            levels.appoint(row, level=Level.TRAINEE, by=self.supervisor)

    def test_a_person_of_another_site_is_no_candidate(self) -> None:
        with self.assertRaises(Invalid) as raised:
            levels.request_eligibility(
                site=self.site_a, candidate=self.outsider, marks=ALL_MET, by=self.supervisor
            )
        self.assertEqual(raised.exception.problems[0][0], ("body", "candidate"))


class QualificationTests(ManagersTestCase):
    def test_checks_are_stored_with_evidence_and_changed_when_checked_again(self) -> None:
        levels.check_qualifications(
            self.manager,
            level=Level.FIRST,
            marks=[ConditionMark(1, True, "培训证书"), ConditionMark(2, False, "")],
            by=self.supervisor,
        )
        levels.check_qualifications(
            self.manager,
            level=Level.FIRST,
            marks=[ConditionMark(2, True, "开发大客户两家")],
            by=self.supervisor,
        )
        rows = QualificationCheck.objects.filter(manager=self.manager, level=Level.FIRST).order_by("number")
        self.assertEqual(
            [(r.number, r.met, r.evidence, r.pack_version) for r in rows],
            [(1, True, "培训证书", 1), (2, True, "开发大客户两家", 1)],
        )
        self.assertTrue(rows[0].text.startswith("具备较为丰富的管理"))

    def test_a_number_the_clause_does_not_list_is_named(self) -> None:
        with self.assertRaises(Invalid) as raised:
            levels.check_qualifications(
                self.manager, level=Level.SECOND, marks=[ConditionMark(1, True, "")], by=self.supervisor
            )
        self.assertEqual(raised.exception.problems[0][0], ("body", "checks", 0, "number"))

    def test_the_manager_does_not_check_their_own(self) -> None:
        with self.assertRaises(PermissionDenied):
            levels.check_qualifications(self.manager, level=Level.FIRST, marks=[], by=self.cm)


class LevelChangeTests(ManagersTestCase):
    def test_an_appraisal_moves_nothing_and_a_proposal_waits_for_the_department_head(self) -> None:
        appraisal = record_appraisal(
            self.manager,
            month=dt.date(2026, 10, 1),
            marks={"绩效": 95, "行为": 90, "能力": 92},
            by=self.supervisor,
        )
        self.manager.refresh_from_db()
        self.assertEqual(self.manager.level, Level.TRAINEE)
        change = levels.propose_level(
            self.manager, to_level=Level.SECOND, reason="考核优秀", appraisal=appraisal, by=self.supervisor
        )
        self.assertEqual(
            (change.clause, change.state, change.from_level), ("p05.result", "proposed", "trainee")
        )
        self.manager.refresh_from_db()
        self.assertEqual(self.manager.level, Level.TRAINEE)
        with self.assertRaises(Conflict):
            levels.propose_level(self.manager, to_level=Level.FIRST, reason="再提", by=self.supervisor)
        for who in (self.cm, self.by_role[Role.GENERAL_MANAGER], self.by_role[Role.HR_FINANCE]):
            with self.assertRaises(PermissionDenied):
                levels.decide_level(change, confirm=True, by=who)
        levels.decide_level(change, confirm=True, by=self.supervisor, note="同意")
        self.manager.refresh_from_db()
        self.assertEqual(self.manager.level, Level.SECOND)
        with self.assertRaises(Conflict):
            levels.decide_level(change, confirm=False, by=self.supervisor)

    def test_a_rejected_proposal_leaves_the_level_and_a_level_may_go_down(self) -> None:
        down = levels.propose_level(
            self.manager2, to_level=Level.TRAINEE, reason="考核不合格", by=self.supervisor
        )
        levels.decide_level(down, confirm=False, by=self.supervisor, note="再观察一个月")
        self.manager2.refresh_from_db()
        self.assertEqual(self.manager2.level, Level.SECOND)
        again = levels.propose_level(
            self.manager2, to_level=Level.TRAINEE, reason="连续两月不合格", by=self.supervisor
        )
        levels.decide_level(again, confirm=True, by=self.supervisor)
        self.manager2.refresh_from_db()
        self.assertEqual(self.manager2.level, Level.TRAINEE)
        self.assertEqual(
            list(self.manager2.changes.order_by("pk").values_list("state", flat=True)),
            [LevelChange.State.CONFIRMED, LevelChange.State.REJECTED, LevelChange.State.CONFIRMED],
        )

    def test_the_department_head_of_another_site_may_not_confirm(self) -> None:
        other = users.create_user(
            username="sup_b", password=PASSWORD, display_name="乙主管", roles=[Role.SUPERVISOR], by=self.admin
        )
        sites.add_member(self.site_b, other, by=self.admin)
        change = levels.propose_level(self.manager, to_level=Level.SECOND, reason="优秀", by=self.supervisor)
        with self.assertRaises(PermissionDenied):
            levels.decide_level(change, confirm=True, by=other)
        self.assertFalse(Manager.objects.filter(level=Level.SECOND, pk=self.manager.pk).exists())
