"""The reminder and breach sweep: one notice per deadline, whoever runs it and however often."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fuwu.core.models import AuditEntry, OutboxMessage, Site, User
from fuwu.core.roles import Role
from fuwu.regulations.models import Obligation, SiteRegulation
from fuwu.regulations.sweep import _breach_one, sweep
from tests.core.base import RoleUsersTestCase

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def make_obligation(site: Site, assignee: User | None, due: dt.datetime, what: str = "arrival") -> Obligation:
    return Obligation(
        site=site,
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
        assignee=assignee,
        link="/orders/7/",
    )


class SweepTests(RoleUsersTestCase):
    def obligation(self, due: dt.datetime, what: str = "arrival") -> Obligation:
        row = make_obligation(self.site_a, self.by_role[Role.TECHNICIAN], due, what)
        row.save()
        return row

    def past_due(self, count: int, before: dt.datetime) -> list[int]:
        rows = [
            make_obligation(self.site_a, self.by_role[Role.TECHNICIAN], before - dt.timedelta(seconds=i + 1))
            for i in range(count)
        ]
        return [row.pk for row in Obligation.objects.bulk_create(rows)]

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

    @override_settings(FUWU_REMINDER_LEAD_MINUTES={"default": 10})
    def test_a_backlog_is_announced_once_per_row_in_statements_per_chunk_not_per_row(self) -> None:
        small = self.past_due(50, NOW)
        later = NOW + dt.timedelta(hours=2)
        large = self.past_due(600, later)  # due within the hour before `later`: no reminder at NOW
        with CaptureQueriesContext(connection) as fifty:
            self.assertEqual(sweep(now=NOW), (0, 50))
        with CaptureQueriesContext(connection) as six_hundred:
            self.assertEqual(sweep(now=later), (0, 600))  # two chunks: 500 and 100

        def statements(captured: CaptureQueriesContext) -> Counter[str]:
            return Counter(query["sql"].split()[0].upper() for query in captured.captured_queries)

        small_counts, large_counts = statements(fifty), statements(six_hundred)
        candidates = 3  # reminders, passed, unannounced breaches: once per sweep
        per_chunk = sum(small_counts.values()) - small_counts["INSERT"] - candidates
        # Every statement but the inserts is the same per chunk, whatever the chunk holds.
        self.assertEqual(sum(large_counts.values()) - large_counts["INSERT"] - candidates, 2 * per_chunk)
        # Each insert carries many rows (SQLite splits a bulk insert at 999 variables; PostgreSQL does not):
        # 650 breach audits, 1,950 messages and their 1,950 audits.
        inserted = 650 + 1950 + 1950
        self.assertLessEqual(small_counts["INSERT"] + large_counts["INSERT"], inserted // 50)
        self.assertLess(sum(large_counts.values()), 600 // 5)
        for pk in (*small, *large):
            keys = OutboxMessage.objects.filter(idempotency_key__startswith=f"obligation:{pk}:breached")
            self.assertEqual(
                sorted(keys.values_list("recipient__username", flat=True)),
                ["dispatcher", "supervisor", "technician"],
            )
        self.assertEqual(Obligation.objects.filter(state=Obligation.State.BREACHED).count(), 650)
        self.assertEqual(AuditEntry.objects.filter(action="obligation.breach").count(), 650)
        self.assertEqual(AuditEntry.objects.filter(action="outbox.queue").count(), 1950)
        self.assertEqual(sweep(now=later), (0, 0))
        self.assertEqual(OutboxMessage.objects.count(), 1950)

    def test_the_breach_is_audited_with_the_row_before_and_after(self) -> None:
        row = self.obligation(NOW - dt.timedelta(minutes=3))
        sweep(now=NOW)
        entry = AuditEntry.objects.get(action="obligation.breach", object_pk=str(row.pk))
        assert entry.before is not None and entry.after is not None
        self.assertEqual((entry.before["state"], entry.before["breached_at"]), ("open", None))
        self.assertEqual(entry.after["state"], "breached")
        self.assertEqual(entry.after["breached_at"], entry.after["due"])
        self.assertEqual((entry.actor_name, entry.site_id), ("system", self.site_a.pk))

    @override_settings(FUWU_REMINDER_LEAD_MINUTES={"default": 10})
    def test_many_reminders_go_out_once_each(self) -> None:
        rows = [
            make_obligation(self.site_a, self.by_role[Role.TECHNICIAN], NOW + dt.timedelta(seconds=i + 1))
            for i in range(520)
        ]
        Obligation.objects.bulk_create(rows)
        self.assertEqual(sweep(now=NOW), (520, 0))
        self.assertEqual(sweep(now=NOW), (0, 0))
        reminders = OutboxMessage.objects.filter(idempotency_key__contains=":reminder:")
        self.assertEqual(reminders.count(), 520)
        self.assertEqual(set(reminders.values_list("recipient__username", flat=True)), {"technician"})


class ConcurrentSweepTests(TransactionTestCase):
    """Two sweepers at once, each on its own connection: every row is announced once per recipient."""

    def setUp(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("needs row locks across connections (run with DATABASE_URL naming PostgreSQL)")
        RoleUsersTestCase.setUpTestData.__func__(self)  # type: ignore[attr-defined]

    def test_two_sweeps_at_once_announce_each_row_once(self) -> None:
        technician = self.by_role[Role.TECHNICIAN]  # type: ignore[attr-defined]
        site: Site = self.site_a  # type: ignore[attr-defined]
        rows = [make_obligation(site, technician, NOW - dt.timedelta(seconds=i + 1)) for i in range(1200)]
        Obligation.objects.bulk_create(rows)
        start = threading.Barrier(2)
        results: list[tuple[int, int]] = []
        errors: list[BaseException] = []

        def sweeper() -> None:
            try:
                start.wait()
                results.append(sweep(now=NOW))
            except BaseException as error:  # reported by the assertion below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=sweeper) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(sum(breached for _, breached in results), 1200)
        per_recipient = Counter(
            OutboxMessage.objects.filter(idempotency_key__startswith="obligation:").values_list(
                "idempotency_key", "recipient_id"
            )
        )
        self.assertEqual(len(per_recipient), 1200 * 3)
        self.assertEqual(set(per_recipient.values()), {1})
        pairs = OutboxMessage.objects.values_list("target", "idempotency_key")
        rows_heard = Counter(key.split(":")[1] for _, key in pairs)
        self.assertEqual(set(rows_heard.values()), {3})
        self.assertEqual(AuditEntry.objects.filter(action="obligation.breach").count(), 1200)
        self.assertEqual(AuditEntry.objects.filter(action="outbox.queue").count(), 3600)
