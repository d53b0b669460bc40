"""The reminder and breach sweep: one notice per deadline, whoever runs it and however often."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.utils import timezone

from fuwu.core.models import OutboxMessage
from fuwu.core.roles import Role
from fuwu.regulations.models import Obligation, SiteRegulation
from fuwu.regulations.sweep import _breach_one, sweep
from tests.core.base import RoleUsersTestCase

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


class SweepTests(RoleUsersTestCase):
    def obligation(self, due: dt.datetime, what: str = "arrival") -> Obligation:
        return Obligation.objects.create(
            site=self.site_a,
            subject_type="order",
            subject_id="7",
            key=f"deadline|7|{what}|{due.isoformat()}",
            kind=Obligation.Kind.DEADLINE,
            what=what,
            clause="p09.2a",
            pack="p09",
            pack_version=1,
            profile="demo",
            profile_version=1,
            because="接报后25分钟内到场",
            due=due,
            assignee=self.by_role[Role.TECHNICIAN],
            link="/orders/7/",
        )

    def test_a_passed_deadline_is_breached_once_with_one_notice_per_person(self) -> None:
        row = self.obligation(NOW - dt.timedelta(minutes=1))
        self.assertEqual(sweep(now=NOW), (0, 1))
        self.assertEqual(sweep(now=NOW + dt.timedelta(minutes=1)), (0, 0))
        row.refresh_from_db()
        self.assertEqual(row.state, Obligation.State.BREACHED)
        self.assertEqual(row.breached_at, row.due)
        recipients = set(
            OutboxMessage.objects.filter(
                idempotency_key__startswith=f"obligation:{row.pk}:breached"
            ).values_list("recipient__username", flat=True)
        )
        # The assignee, the site's dispatcher and its supervisor.
        self.assertEqual(recipients, {"technician", "dispatcher", "supervisor"})

    def test_a_second_sweeper_finds_the_row_claimed(self) -> None:
        row = self.obligation(NOW - dt.timedelta(minutes=1))
        self.assertTrue(_breach_one(row.pk, NOW))
        self.assertFalse(_breach_one(row.pk, NOW))
        self.assertEqual(
            OutboxMessage.objects.filter(idempotency_key__startswith=f"obligation:{row.pk}:").count(), 3
        )

    def test_the_site_robot_hears_of_a_breach(self) -> None:
        SiteRegulation.objects.create(site=self.site_a, wecom_webhook="https://qyapi.example/robot?key=1")
        row = self.obligation(NOW - dt.timedelta(minutes=1))
        sweep(now=NOW)
        self.assertTrue(
            OutboxMessage.objects.filter(
                idempotency_key__startswith=f"obligation:{row.pk}:breached", channel="wecom"
            ).exists()
        )

    @override_settings(FUWU_REMINDER_LEAD_MINUTES={"arrival": 10, "default": 60})
    def test_a_reminder_goes_out_once_within_the_lead_time(self) -> None:
        soon = self.obligation(NOW + dt.timedelta(minutes=8))
        later = self.obligation(NOW + dt.timedelta(minutes=30))
        self.assertEqual(sweep(now=NOW), (1, 0))
        self.assertEqual(sweep(now=NOW), (0, 0))
        soon.refresh_from_db()
        later.refresh_from_db()
        self.assertIsNotNone(soon.reminded_at)
        self.assertIsNone(later.reminded_at)

    def test_a_breach_found_by_reconcile_is_announced_once(self) -> None:
        row = self.obligation(NOW - dt.timedelta(minutes=5))
        row.state, row.breached_at = Obligation.State.BREACHED, row.due
        row.save()
        self.assertEqual(sweep(now=NOW), (0, 1))
        self.assertEqual(sweep(now=NOW), (0, 0))
        self.assertEqual(
            OutboxMessage.objects.filter(idempotency_key__startswith=f"obligation:{row.pk}:").count(), 3
        )

    def test_void_and_met_rows_are_left_alone(self) -> None:
        for state in (Obligation.State.VOID, Obligation.State.MET):
            row = self.obligation(NOW - dt.timedelta(hours=1), what=state)
            row.state = state
            row.save()
        self.assertEqual(sweep(now=NOW), (0, 0))
        self.assertFalse(OutboxMessage.objects.filter(idempotency_key__startswith="obligation:").exists())

    def test_the_sweep_is_one_query_for_the_candidates(self) -> None:
        with self.assertNumQueries(3):  # reminders, passed and unannounced breaches: nothing due
            sweep(now=timezone.now())
