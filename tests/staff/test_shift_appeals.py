"""Appeals of what the clock said: the employee claims the real times of a shift the ledger charges, once;
their manager, a supervisor of the site or the general manager decides; upheld, the shift is corrected
and the ledger reverses what the clock's times gave."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone, translation

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import AuditEntry, OutboxMessage, Site, User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.staff.models import Appeal, AttendanceDay, Employee, LedgerEntry, MonthClose
from fuwu.staff.selectors.appeals import may_decide_appeal
from fuwu.staff.services import employees
from fuwu.staff.services.appeals import appeal_shift, decide_appeal
from fuwu.staff.services.corrections import correct_shift
from fuwu.staff.services.reconcile import reconcile_months
from tests.core.base import PASSWORD
from tests.staff.base import SHANGHAI, StaffTestCase

WEDNESDAY = dt.date(2026, 3, 4)
MARCH, APRIL = dt.date(2026, 3, 1), dt.date(2026, 4, 1)


def at(day: dt.date, clock: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), SHANGHAI)


class ShiftAppealTestCase(StaffTestCase):
    """The worker (their manager: the supervisor) late 45 minutes on a Wednesday of March: a fine of 50
    and the month's full-attendance bonus of 200 forfeited, both of the shift (``day:<id>``)."""

    late: AttendanceDay

    def setUp(self) -> None:
        super().setUp()
        self.late = self.shift_day(WEDNESDAY, "09:45", "18:02")
        reconcile_months([(self.worker, MARCH)], by=None)

    @property
    def supervisor(self) -> User:
        return self.by_role[Role.SUPERVISOR]

    def person(self, username: str, role: Role, site: Site) -> User:
        user = users.create_user(
            username=username, password=PASSWORD, display_name=username, roles=[role], by=self.admin
        )
        sites.add_member(site, user, by=self.admin)
        return user

    def appeal(self, day: AttendanceDay | None = None, /, **values: object) -> Appeal:
        values.setdefault("reason", "考勤机故障，08:58 已到岗，保安可作证")
        values.setdefault("clock_in", at(WEDNESDAY, "08:58"))
        values.setdefault("clock_out", None)
        values.setdefault("by", self.worker.user)
        return appeal_shift(day or self.late, **values)  # type: ignore[arg-type]

    def standing(self, clause: str) -> list[tuple[Decimal, str]]:
        rows = LedgerEntry.objects.filter(
            employee=self.worker, clause=clause, reverses__isnull=True, reversed_by__isnull=True
        )
        return [(e.amount, e.because) for e in rows.order_by("pk")]


class AppealAndDecisionTests(ShiftAppealTestCase):
    def test_an_upheld_appeal_corrects_the_shift_and_reverses_the_fine_and_the_bonus_forfeit(self) -> None:
        self.assertEqual(self.standing("p01.3.1"), [(Decimal("50.00"), "迟到45分钟")])
        self.assertEqual(self.standing("p01.3"), [(Decimal("200.00"), "2026年3月全勤奖:迟到45分钟")])
        appeal = self.appeal()
        self.assertEqual((appeal.state, appeal.shift, appeal.clock_out), ("pending", self.late, None))
        told = OutboxMessage.objects.get(recipient=self.supervisor)  # the manager decides
        self.assertEqual(told.payload["url"], f"/staff/appeals/{appeal.pk}/")
        made = AuditEntry.objects.get(action="attendance.appeal")
        assert made.after is not None
        clock = dt.datetime.fromisoformat(made.after["clock_in"])
        self.assertEqual(clock, at(WEDNESDAY, "09:45"))  # what the clock said, in the trail
        self.assertEqual(len(self.standing("p01.3.1")), 1)  # nothing changes until it is decided

        decide_appeal(appeal, upheld=True, note="监控显示 08:58 到岗", by=self.supervisor)
        appeal.refresh_from_db()
        self.late.refresh_from_db()
        self.assertEqual((appeal.state, appeal.decided_by), (Appeal.State.UPHELD, self.supervisor))
        self.assertEqual(
            (self.late.clock_in, self.late.clock_out, self.late.correction),
            (
                at(WEDNESDAY, "08:58"),
                at(WEDNESDAY, "18:02"),
                "申诉成立：考勤机故障，08:58 已到岗，保安可作证",
            ),
        )
        self.assertEqual((self.standing("p01.3.1"), self.standing("p01.3")), ([], []))
        self.assertEqual(
            sorted(LedgerEntry.objects.filter(reverses__isnull=False).values_list("amount", flat=True)),
            [Decimal("-200.00"), Decimal("-50.00")],
        )
        corrected = AuditEntry.objects.get(action="attendance.correct")
        assert corrected.after is not None
        self.assertEqual((corrected.actor, corrected.after["appeal"]), (self.supervisor, appeal.pk))
        self.assertTrue(AuditEntry.objects.filter(action="appeal.uphold", object_pk=str(appeal.pk)).exists())
        self.assertTrue(OutboxMessage.objects.filter(recipient=self.worker.user).exists())

    def test_with_another_lateness_in_the_month_the_bonus_stays_forfeit(self) -> None:
        self.shift_day(WEDNESDAY + dt.timedelta(days=1), "09:12", "18:00")
        reconcile_months([(self.worker, MARCH)], by=None)
        decide_appeal(self.appeal(), upheld=True, note="", by=self.supervisor)
        self.assertEqual(self.standing("p01.3.1"), [(Decimal("10.00"), "迟到12分钟")])
        ((amount, because),) = self.standing("p01.3")
        self.assertEqual(amount, Decimal("200.00"))
        self.assertNotIn("45", because)

    def test_a_dismissed_appeal_says_why_and_changes_nothing(self) -> None:
        appeal = self.appeal()
        with self.assertRaises(Invalid) as silent:
            decide_appeal(appeal, upheld=False, note=" ", by=self.supervisor)
        self.assertEqual([loc for loc, _ in silent.exception.problems], [("body", "note")])
        decide_appeal(appeal, upheld=False, note="监控显示 09:45 才到", by=self.supervisor)
        self.late.refresh_from_db()
        self.assertEqual((self.late.clock_in, self.late.correction), (at(WEDNESDAY, "09:45"), ""))
        self.assertEqual(len(self.standing("p01.3.1")) + len(self.standing("p01.3")), 2)
        self.assertFalse(LedgerEntry.objects.filter(reverses__isnull=False).exists())
        self.assertEqual(Appeal.objects.get().state, Appeal.State.DISMISSED)
        with self.assertRaises(Conflict):
            decide_appeal(appeal, upheld=True, note="改判", by=self.by_role[Role.GENERAL_MANAGER])

    def test_a_closed_months_reversal_lands_in_the_next_open_month(self) -> None:
        appeal = self.appeal()
        MonthClose.objects.create(site=self.site_a, month=MARCH)
        decide_appeal(appeal, upheld=True, note="", by=self.supervisor)
        reversals = LedgerEntry.objects.filter(reverses__isnull=False)
        self.assertEqual({(r.period, r.month) for r in reversals}, {(MARCH, APRIL)})
        self.assertEqual(reversals.count(), 2)


class WhoAndWhatTests(ShiftAppealTestCase):
    def test_a_shift_is_appealed_once_and_only_by_its_employee(self) -> None:
        for user in (self.supervisor, self.by_role[Role.HR_FINANCE], self.by_role[Role.GENERAL_MANAGER]):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                self.appeal(by=user)
        self.appeal()
        with self.assertRaises(Conflict):
            self.appeal(reason="再申诉一次")
        self.assertEqual(Appeal.objects.count(), 1)

    def test_a_shift_the_ledger_takes_nothing_for_cannot_be_appealed(self) -> None:
        on_time = self.shift_day(WEDNESDAY + dt.timedelta(days=1), "08:55", "18:00")
        reconcile_months([(self.worker, MARCH)], by=None)
        with translation.override("en"), self.assertRaises(Conflict) as refused:
            self.appeal(on_time, clock_in=at(on_time.day, "08:50"))
        self.assertIn("no fine or deduction to appeal", refused.exception.message)
        # Corrected by HR meanwhile: its fine is reversed, nothing is left to appeal.
        correct_shift(
            self.late, clock_in=at(WEDNESDAY, "08:59"), clock_out=self.late.clock_out, reason="补卡",
            by=self.by_role[Role.HR_FINANCE],
        )  # fmt: skip
        with self.assertRaises(Conflict):
            self.appeal()
        self.assertFalse(Appeal.objects.exists())

    def test_every_bad_field_is_named_as_a_corrections_would_be(self) -> None:
        tomorrow = timezone.now() + dt.timedelta(days=1)
        with translation.override("en"), self.assertRaises(Invalid) as bad:
            self.appeal(
                reason="  ", clock_in=tomorrow, clock_out=at(WEDNESDAY, "06:00") - dt.timedelta(days=1)
            )
        self.assertEqual(
            bad.exception.problems,
            [
                (("body", "reason"), "Say why you appeal."),
                (("body", "clock_in"), "The time is in the future."),
                (("body", "clock_out"), "The time is more than 12 hours away from the shift."),
                (("body", "clock_out"), "The clock-out must come after the clock-in."),
            ],
        )
        cases: dict[str, tuple[dict[str, object], tuple[str, str]]] = {
            "nothing claimed": ({"clock_in": None}, ("body", "clock_in")),
            "the clock's own": ({"clock_in": at(WEDNESDAY, "09:45")}, ("body", "clock_in")),
            "before the clock's clock-in": (
                {"clock_in": None, "clock_out": at(WEDNESDAY, "09:30")},
                ("body", "clock_out"),
            ),
            "too long": ({"reason": "长" * 501}, ("body", "reason")),
        }
        for name, (values, loc) in cases.items():
            with self.subTest(name), self.assertRaises(Invalid) as refused:
                self.appeal(**values)
            self.assertEqual([place for place, _ in refused.exception.problems], [loc])
        self.assertFalse(Appeal.objects.exists())

    def test_the_manager_a_supervisor_of_the_site_or_the_general_manager_decides_never_the_employee(
        self,
    ) -> None:
        appeal = self.appeal()
        other_supervisor = self.person("supervisor_2", Role.SUPERVISOR, self.site_a)
        far_supervisor = self.person("supervisor_b", Role.SUPERVISOR, self.site_b)
        expected = {
            self.supervisor: True,  # the manager
            other_supervisor: True,
            self.by_role[Role.GENERAL_MANAGER]: True,
            far_supervisor: False,
            self.by_role[Role.HR_FINANCE]: False,
            self.by_role[Role.DISPATCHER]: False,
            self.worker.user: False,
        }
        for user, decides in expected.items():
            with self.subTest(user=user.username):
                self.assertEqual(may_decide_appeal(user, appeal), decides)
        with self.assertRaises(PermissionDenied):
            decide_appeal(appeal, upheld=True, note="", by=self.worker.user)
        decide_appeal(appeal, upheld=True, note="", by=other_supervisor)

    def test_a_supervisor_never_decides_the_appeal_of_their_own_shift(self) -> None:
        boss = employees.create_employee(
            user=self.supervisor, site=self.site_a, shift=self.day_shift, monthly_wage=Decimal("6000.00"),
            hired_on=dt.date(2024, 1, 1), by=self.admin,
        )  # fmt: skip
        own = self.shift_day(WEDNESDAY, "10:00", "18:00", employee=boss)
        reconcile_months([(boss, MARCH)], by=None)
        appeal = self.appeal(own, by=self.supervisor, clock_in=at(WEDNESDAY, "09:00"))
        self.assertFalse(OutboxMessage.objects.filter(recipient=self.supervisor).exists())
        self.assertTrue(OutboxMessage.objects.filter(recipient=self.by_role[Role.GENERAL_MANAGER]).exists())
        with self.assertRaises(PermissionDenied):
            decide_appeal(appeal, upheld=True, note="", by=self.supervisor)
        decide_appeal(appeal, upheld=True, note="", by=self.by_role[Role.GENERAL_MANAGER])
        self.assertEqual(Appeal.objects.get(pk=appeal.pk).state, Appeal.State.UPHELD)


@pytest.mark.django_db(transaction=True)
def test_two_deciders_at_once_give_one_winner_on_postgresql() -> None:
    # Real threads with their own connections; SQLite's in-memory test database fails instead of
    # waiting on a lock, so the race is run where production scales out (CI's PostgreSQL run).
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections (CI runs it on PostgreSQL)")
    site = sites.create_site(
        kind=Site.Kind.COMMUNITY, name="锦绣花园小区", code="a", minimum_monthly_wage=Decimal("2690.00"),
        by=None,
    )  # fmt: skip
    people = {}
    for role in (Role.SUPERVISOR, Role.GENERAL_MANAGER, Role.EMPLOYEE):
        people[role] = users.create_user(
            username=role.value, password=None, display_name=role.value, roles=[role], by=None
        )
        sites.add_member(site, people[role], by=None)
    shift = employees.create_shift(site=site, name="正常班", start=dt.time(9), end=dt.time(18), by=None)
    worker: Employee = employees.create_employee(
        user=people[Role.EMPLOYEE], site=site, shift=shift, monthly_wage=Decimal("4350.00"),
        hired_on=dt.date(2025, 1, 1), manager=people[Role.SUPERVISOR], by=None,
    )  # fmt: skip
    day = AttendanceDay.objects.create(
        employee=worker, day=WEDNESDAY, shift_start=dt.time(9), shift_end=dt.time(18),
        clock_in=at(WEDNESDAY, "09:45"), clock_out=at(WEDNESDAY, "18:00"),
    )  # fmt: skip
    with transaction.atomic():
        reconcile_months([(worker, MARCH)], by=None)
    appeal = appeal_shift(
        day, reason="考勤机故障", clock_in=at(WEDNESDAY, "08:58"), clock_out=None, by=worker.user
    )
    start = threading.Barrier(2)
    results: list[str] = []

    def decider(user: User) -> None:
        try:
            start.wait()
            decide_appeal(appeal, upheld=True, note="", by=user)
            results.append("won")
        except Conflict:
            results.append("409")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decider, args=(people[role],))
        for role in (Role.SUPERVISOR, Role.GENERAL_MANAGER)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["409", "won"]
    assert LedgerEntry.objects.filter(reverses__isnull=False).count() == 2  # the fine and the bonus, once
