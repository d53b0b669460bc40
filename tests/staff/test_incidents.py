"""Incidents: recorded by clause and priced by the engine, binding once the named role approves, appealed
once, and reversed when the appeal is upheld."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import AuditEntry, OutboxMessage, Site, User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.regulations.services import set_profile
from fuwu.staff.models import Appeal, Employee, Incident, LedgerEntry, MonthClose, Review
from fuwu.staff.services import employees
from fuwu.staff.services.appeals import appeal_incident, decide_appeal
from fuwu.staff.services.incidents import approve_incident, record_incident, reject_incident
from tests.staff.base import SHANGHAI, StaffTestCase

MARCH = dt.date(2026, 3, 1)
APRIL = dt.date(2026, 4, 1)
AT = dt.datetime(2026, 3, 5, 10, 30, tzinfo=SHANGHAI)


class IncidentTestCase(StaffTestCase):
    """The worker (4350.00 a month) and their manager, the supervisor, both on site a's payroll, and a
    guard who may be the manager on duty."""

    boss: Employee
    guard: Employee

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.boss = employees.create_employee(
            user=cls.by_role[Role.SUPERVISOR], site=cls.site_a, shift=cls.day_shift,
            monthly_wage=Decimal("6000.00"), hired_on=dt.date(2024, 1, 1), by=cls.admin,
        )  # fmt: skip
        cls.guard = employees.create_employee(
            user=cls.by_role[Role.GUARD], site=cls.site_a, shift=cls.day_shift,
            monthly_wage=Decimal("5000.00"), hired_on=dt.date(2024, 1, 1), by=cls.admin,
        )  # fmt: skip

    @property
    def supervisor(self) -> Any:
        return self.by_role[Role.SUPERVISOR]

    def record(self, clause: str, **values: Any) -> Incident:
        values.setdefault("at", AT)
        values.setdefault("note", "当班时发现")
        values.setdefault("by", self.supervisor)
        return record_incident(employee=values.pop("employee", self.worker), clause=clause, **values)

    def approved(self, clause: str, **values: Any) -> Incident:
        incident = self.record(clause, **values)
        return approve_incident(incident, by=values.get("approver", self.supervisor))

    def standing(self, employee: Employee | None = None) -> list[tuple[str, str, Decimal, dt.date]]:
        """(kind, clause, amount, month) of the entries that stand: neither reversals nor reversed."""
        rows = LedgerEntry.objects.filter(
            employee=employee or self.worker, reverses__isnull=True, reversed_by__isnull=True
        ).order_by("month", "amount")
        return [(e.kind, e.clause, e.amount, e.month) for e in rows]


class PricingTests(IncidentTestCase):
    def test_a_fixed_fine_and_a_reward_are_priced_by_the_clause_and_wait_for_approval(self) -> None:
        fine = self.record("p01.1")
        reward = self.record("p01.r3", note="拾到业主钱包归还")
        self.assertEqual(
            [(p["kind"], p["employee"], p["amount"], p["clause"], p["pack_version"], p["because"])
             for p in [*fine.proposed, *reward.proposed]],
            [("fine", self.worker.user_id, "10.00", "p01.1", 1, "仪容仪表不符合要求"),
             ("reward", self.worker.user_id, "30.00", "p01.r3", 1, "拾金不昧")],
        )  # fmt: skip
        self.assertEqual((fine.state, fine.approver_role), (Incident.State.RECORDED, "supervisor"))
        self.assertFalse(LedgerEntry.objects.exists())  # recorded is not approved
        approve_incident(fine, by=self.supervisor)
        approve_incident(reward, by=self.supervisor)
        self.assertEqual(
            self.standing(),
            [("fine", "p01.1", Decimal("10.00"), MARCH), ("reward", "p01.r3", Decimal("30.00"), MARCH)],
        )
        entry = LedgerEntry.objects.get(clause="p01.1")
        self.assertEqual((entry.ref, entry.day), (f"incident:{fine.pk}", dt.date(2026, 3, 5)))
        self.assertIn("仪容仪表不符合要求", entry.clause_text)

    def test_the_approvers_are_told_and_every_write_is_audited(self) -> None:
        incident = self.record("p01.1")
        told = OutboxMessage.objects.filter(idempotency_key__isnull=False, recipient=self.supervisor)
        self.assertEqual(told.count(), 1)
        self.assertIn(f"/staff/incidents/{incident.pk}/", told.get().payload["url"])
        approve_incident(incident, by=self.supervisor)
        self.assertTrue(OutboxMessage.objects.filter(recipient=self.worker.user).exists())
        actions = set(
            AuditEntry.objects.filter(model_label="staff.Incident").values_list("action", flat=True)
        )
        self.assertEqual(actions, {"incident.record", "incident.approve"})

    def test_every_bad_field_is_named_at_once(self) -> None:
        with self.assertRaises(Invalid) as caught:
            self.record(
                "p01.1", amount=Decimal("15.00"), cost=Decimal("3.00"), concealed=True,
                manager_on_duty=self.guard, note=" ", at=dt.datetime(2099, 1, 1, tzinfo=SHANGHAI),
            )  # fmt: skip
        self.assertEqual(
            sorted(loc[-1] for loc, _ in caught.exception.problems),
            ["amount", "at", "concealed", "cost", "manager_on_duty", "note"],
        )
        with self.assertRaises(Invalid) as unknown:
            self.record("p04.8", amount=Decimal("30.00"))  # p04 is not in the demo profile
        self.assertEqual([loc for loc, _ in unknown.exception.problems], [("body", "clause")])
        with self.assertRaises(Invalid) as damage:
            self.record("p01.3.11")
        self.assertEqual([loc for loc, _ in damage.exception.problems], [("body", "cost")])
        self.assertFalse(Incident.objects.exists())

    def test_only_a_recorder_of_the_persons_site_records_and_never_about_themself(self) -> None:
        for user in (self.by_role[Role.DISPATCHER], self.worker.user, self.outsider):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                self.record("p01.1", by=user)
        with self.assertRaises(PermissionDenied):
            self.record("p01.1", employee=self.boss, by=self.supervisor)
        self.record("p01.1", by=self.by_role[Role.HR_FINANCE])
        self.record("p01.1", employee=self.boss, by=self.by_role[Role.GENERAL_MANAGER])


class DamageTests(IncidentTestCase):
    def test_reported_damage_is_paid_at_cost(self) -> None:
        self.approved("p01.3.11", cost=Decimal("120.00"))
        self.assertEqual(self.standing(), [("compensation", "p01.3.11", Decimal("120.00"), MARCH)])

    def test_concealed_damage_is_ten_times_capped_at_a_fifth_of_the_wage_the_rest_next_month(self) -> None:
        incident = self.record("p01.3.11", cost=Decimal("100.00"), concealed=True)
        self.assertEqual(
            [(p["amount"], p["month"]) for p in incident.proposed],
            [("870.00", "2026-03"), ("130.00", "2026-04")],
        )
        approve_incident(incident, by=self.supervisor)
        # 4350.00 × 20 % = 870.00 in March; the rest of 1000.00 counts in April's ledger.
        self.assertEqual(
            self.standing(),
            [("compensation", "p01.3.11", Decimal("870.00"), MARCH),
             ("compensation", "p01.3.11", Decimal("130.00"), APRIL)],
        )  # fmt: skip
        self.assertEqual(LedgerEntry.objects.get(month=APRIL).period, MARCH)


class ApprovalTests(IncidentTestCase):
    def test_only_the_named_role_approves_never_the_employee_and_only_once(self) -> None:
        incident = self.record("p01.1")
        for role in (Role.HR_FINANCE, Role.DISPATCHER, Role.EMPLOYEE):
            with self.subTest(role=role), self.assertRaises(PermissionDenied):
                approve_incident(incident, by=self.by_role[role])
        with self.assertRaises(PermissionDenied):
            approve_incident(incident, by=self.outsider)
        approve_incident(incident, by=self.supervisor)
        with self.assertRaises(Conflict):
            approve_incident(incident, by=self.by_role[Role.GENERAL_MANAGER])
        with self.assertRaises(Conflict):
            reject_incident(incident, by=self.supervisor)

    def test_a_supervisor_never_approves_an_incident_about_themself(self) -> None:
        about_boss = self.record("p01.1", employee=self.boss, by=self.by_role[Role.GENERAL_MANAGER])
        with self.assertRaises(PermissionDenied):
            approve_incident(about_boss, by=self.supervisor)
        approve_incident(about_boss, by=self.by_role[Role.GENERAL_MANAGER])
        self.assertEqual(self.standing(self.boss), [("fine", "p01.1", Decimal("10.00"), MARCH)])

    def test_a_rejected_incident_gives_nothing_and_the_recorder_is_told(self) -> None:
        incident = self.record("p01.1", by=self.by_role[Role.HR_FINANCE])
        reject_incident(incident, by=self.supervisor, note="照片不清楚")
        incident.refresh_from_db()
        self.assertEqual(incident.state, Incident.State.REJECTED)
        self.assertFalse(LedgerEntry.objects.exists())
        told = OutboxMessage.objects.get(recipient=self.by_role[Role.HR_FINANCE])
        self.assertEqual(told.payload["body"], "照片不清楚")

    def test_an_incident_in_a_closed_month_lands_in_the_next_open_month(self) -> None:
        MonthClose.objects.create(site=self.site_a, month=MARCH)
        incident = self.record("p01.1")
        self.assertEqual(incident.proposed[0]["month"], "2026-04")
        approve_incident(incident, by=self.supervisor)
        entry = LedgerEntry.objects.get()
        self.assertEqual((entry.period, entry.month), (MARCH, APRIL))


class AppealTests(IncidentTestCase):
    def test_the_employee_appeals_once_and_only_an_approved_incident(self) -> None:
        incident = self.record("p01.1")
        with self.assertRaises(Conflict):
            appeal_incident(incident, reason="不是我", by=self.worker.user)  # not approved yet
        approve_incident(incident, by=self.supervisor)
        with self.assertRaises(PermissionDenied):
            appeal_incident(incident, reason="替他申诉", by=self.supervisor)
        with self.assertRaises(Invalid):
            appeal_incident(incident, reason="  ", by=self.worker.user)
        appeal_incident(incident, reason="当天穿的是工服", by=self.worker.user)
        with self.assertRaises(Conflict):
            appeal_incident(incident, reason="再申诉一次", by=self.worker.user)
        self.assertEqual(Appeal.objects.count(), 1)
        self.assertTrue(OutboxMessage.objects.filter(payload__body="当天穿的是工服").exists())

    def test_an_upheld_appeal_reverses_the_entry_and_a_dismissed_one_changes_nothing(self) -> None:
        kept = self.approved("p01.1")
        withdrawn = self.approved("p01.3.8", at=AT + dt.timedelta(days=1))
        dismissed = appeal_incident(kept, reason="不服", by=self.worker.user)
        upheld = appeal_incident(withdrawn, reason="是客人先动手", by=self.worker.user)
        with self.assertRaises(PermissionDenied):
            decide_appeal(upheld, upheld=True, note="", by=self.worker.user)
        with self.assertRaises(Invalid):
            decide_appeal(dismissed, upheld=False, note="", by=self.supervisor)  # say why
        decide_appeal(dismissed, upheld=False, note="有照片为证", by=self.supervisor)
        decide_appeal(upheld, upheld=True, note="监控属实", by=self.supervisor)
        with self.assertRaises(Conflict):
            decide_appeal(upheld, upheld=False, note="改判", by=self.by_role[Role.GENERAL_MANAGER])
        self.assertEqual(self.standing(), [("fine", "p01.1", Decimal("10.00"), MARCH)])
        reversal = LedgerEntry.objects.get(reverses__isnull=False)
        self.assertEqual((reversal.clause, reversal.amount), ("p01.3.8", Decimal("-50.00")))
        withdrawn.refresh_from_db()
        kept.refresh_from_db()
        self.assertEqual((withdrawn.state, kept.state), (Incident.State.WITHDRAWN, Incident.State.APPROVED))
        self.assertEqual(
            list(Appeal.objects.order_by("pk").values_list("state", "decision_note")),
            [("dismissed", "有照片为证"), ("upheld", "监控属实")],
        )

    def test_a_reversal_of_a_closed_months_entry_lands_in_the_next_open_month(self) -> None:
        incident = self.approved("p01.1")
        appeal = appeal_incident(incident, reason="不是我", by=self.worker.user)
        MonthClose.objects.create(site=self.site_a, month=MARCH)
        decide_appeal(appeal, upheld=True, note="", by=self.supervisor)
        reversal = LedgerEntry.objects.get(reverses__isnull=False)
        self.assertEqual(
            (reversal.amount, reversal.period, reversal.month), (Decimal("-10.00"), MARCH, APRIL)
        )


class StoreProfileTests(IncidentTestCase):
    """p04.8 under the store profile: the recorder sets at least 20.00, the manager on duty pays 2 ×,
    and more than three incidents propose dismissal."""

    def setUp(self) -> None:
        super().setUp()
        set_profile(self.site_a, "store", by=None)

    def test_an_amount_below_the_minimum_is_refused_naming_amount(self) -> None:
        with self.assertRaises(Invalid) as caught:
            self.record("p04.8", amount=Decimal("19.99"))
        self.assertEqual([loc for loc, _ in caught.exception.problems], [("body", "amount")])
        self.assertIn("20.00", caught.exception.problems[0][1])
        with self.assertRaises(Invalid) as missing:
            self.record("p04.8")
        self.assertEqual([loc for loc, _ in missing.exception.problems], [("body", "amount")])

    def test_the_manager_on_duty_pays_twice_and_an_upheld_appeal_reverses_both(self) -> None:
        incident = self.record("p04.8", amount=Decimal("30.00"), manager_on_duty=self.guard)
        self.assertEqual(
            [(p["employee"], p["amount"]) for p in incident.proposed],
            [(self.worker.user_id, "30.00"), (self.guard.user_id, "60.00")],
        )
        approve_incident(incident, by=self.supervisor)
        self.assertEqual(self.standing(), [("fine", "p04.8", Decimal("30.00"), MARCH)])
        self.assertEqual(self.standing(self.guard), [("fine", "p04.8", Decimal("60.00"), MARCH)])
        self.assertEqual(self.standing(self.boss), [])  # the manager on duty answers, not the own manager
        appeal = appeal_incident(incident, reason="不在岗位", by=self.worker.user)
        decide_appeal(appeal, upheld=True, note="核实无误", by=self.supervisor)
        self.assertEqual((self.standing(), self.standing(self.guard)), ([], []))
        self.assertEqual(
            sorted(LedgerEntry.objects.filter(reverses__isnull=False).values_list("amount", flat=True)),
            [Decimal("-60.00"), Decimal("-30.00")],
        )

    def test_without_a_manager_on_duty_the_employees_own_manager_answers(self) -> None:
        self.approved("p04.8", amount=Decimal("25.00"))
        self.assertEqual(self.standing(self.boss), [("fine", "p04.8", Decimal("50.00"), MARCH)])

    def test_the_fourth_incident_in_a_later_month_proposes_dismissal_for_hr(self) -> None:
        for month in (1, 2, 3):
            self.approved("p04.8", amount=Decimal("20.00"), at=AT.replace(month=month))
        self.assertFalse(Review.objects.exists())
        fourth = self.record("p04.8", amount=Decimal("20.00"), at=AT.replace(month=4))
        self.assertIn("dismissal_proposal", [p["status"] for p in fourth.proposed])
        approve_incident(fourth, by=self.supervisor)
        review = Review.objects.get(kind="status")
        self.assertEqual(
            (review.state, review.status, review.month, review.clause),
            (Review.State.OPEN, "dismissal_proposal", APRIL, "p04.8"),
        )
        # The first withdrawn on appeal: the fourth is the third, and the proposal no longer applies.
        first = Incident.objects.order_by("at").first()
        assert first is not None
        appeal = appeal_incident(first, reason="记录有误", by=self.worker.user)
        decide_appeal(appeal, upheld=True, note="", by=self.supervisor)
        review.refresh_from_db()
        self.assertEqual(review.state, Review.State.VOID)


@pytest.mark.django_db(transaction=True)
def test_two_deciders_at_once_give_one_winner_on_postgresql() -> None:
    # Real threads with their own connections. SQLite's in-memory test database uses shared-cache
    # locking, which fails instead of waiting, so the race is run where production scales out.
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections (CI runs it on PostgreSQL)")
    site = sites.create_site(
        kind=Site.Kind.COMMUNITY,
        name="锦绣花园小区",
        code="a",
        minimum_monthly_wage=Decimal("2690.00"),
        by=None,
    )
    people = {}
    for role in (Role.SUPERVISOR, Role.GENERAL_MANAGER, Role.EMPLOYEE):
        people[role] = users.create_user(
            username=role.value, password=None, display_name=role.value, roles=[role], by=None
        )
        sites.add_member(site, people[role], by=None)
    shift = employees.create_shift(site=site, name="正常班", start=dt.time(9), end=dt.time(18), by=None)
    worker = employees.create_employee(
        user=people[Role.EMPLOYEE], site=site, shift=shift, monthly_wage=Decimal("4350.00"),
        hired_on=dt.date(2025, 1, 1), manager=people[Role.SUPERVISOR], by=None,
    )  # fmt: skip
    deciders = [people[Role.SUPERVISOR], people[Role.GENERAL_MANAGER]]
    incident = record_incident(employee=worker, clause="p01.1", at=AT, note="仪容不整", by=deciders[0])

    def race(decide: Callable[[User], object]) -> list[str]:
        start = threading.Barrier(2)
        results: list[str] = []

        def decider(user: User) -> None:
            try:
                start.wait()
                decide(user)
                results.append("won")
            except Conflict:
                results.append("409")
            finally:
                connection.close()

        threads = [threading.Thread(target=decider, args=(user,)) for user in deciders]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sorted(results)

    assert race(lambda user: approve_incident(incident, by=user)) == ["409", "won"]
    assert LedgerEntry.objects.filter(reverses__isnull=True).count() == 1
    appeal = appeal_incident(incident, reason="不是我", by=worker.user)
    assert race(lambda user: decide_appeal(appeal, upheld=True, note="", by=user)) == ["409", "won"]
    assert LedgerEntry.objects.filter(reverses__isnull=False).count() == 1  # reversed once
