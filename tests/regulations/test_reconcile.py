"""The door's reconcile: same facts, same rows; changed facts, changed rows; nothing ever deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from fuwu.core.models import AuditEntry
from fuwu.regulations.models import Obligation
from fuwu.regulations.policies import in_force
from fuwu.regulations.services import reconcile, set_profile
from tests.core.base import RoleUsersTestCase

SH = ZoneInfo("Asia/Shanghai")
RECEIVED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SH)


def created(tags: list[str], appointment: dt.datetime | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "work_order.created",
        "ref": "order:1:created",
        "order": "1",
        "at": RECEIVED.isoformat(),
        "tags": tags,
    }
    if appointment is not None:
        event["appointment"] = appointment.isoformat()
    return event


def arrived(minutes: int) -> dict[str, Any]:
    at = RECEIVED + dt.timedelta(minutes=minutes)
    return {"type": "work_order.arrived", "ref": "order:1:arrived", "order": "1", "at": at.isoformat()}


class ReconcileTests(RoleUsersTestCase):
    def run_door(self, events: list[dict[str, Any]], as_of: dt.datetime | None = None) -> list[Obligation]:
        with transaction.atomic():
            reconcile(self.site_a, "order", 1, events, as_of=as_of or RECEIVED)
        return list(Obligation.objects.filter(subject_type="order", subject_id="1").order_by("key"))

    def test_it_stores_the_arrival_deadline_with_its_clause_and_versions(self) -> None:
        rows = self.run_door([created(["general"])])
        arrival = next(row for row in rows if row.what == "arrival")
        self.assertEqual(arrival.clause, "p09.2a")
        self.assertEqual(arrival.due, RECEIVED + dt.timedelta(minutes=25))
        self.assertEqual(arrival.state, Obligation.State.OPEN)
        self.assertGreaterEqual(arrival.pack_version, 1)
        self.assertEqual((arrival.profile, arrival.profile_version), ("demo", 1))
        self.assertTrue(arrival.because)

    def test_evaluating_twice_leaves_the_same_rows_and_no_new_audit(self) -> None:
        first = self.run_door([created(["general"]), arrived(20)])
        audits = AuditEntry.objects.count()
        second = self.run_door([created(["general"]), arrived(20)])
        self.assertEqual([(r.pk, r.state, r.due) for r in first], [(r.pk, r.state, r.due) for r in second])
        self.assertEqual(AuditEntry.objects.count(), audits)

    def test_a_tighter_clause_moves_the_same_row(self) -> None:
        # 10:00 is within p10.3.7's hours: an emergency's arrival is due in 10 minutes, not 25.
        before = {r.what: r for r in self.run_door([created(["general"])])}
        after = {r.what: r for r in self.run_door([created(["general", "emergency", "burst_pipe"])])}
        self.assertEqual(before["arrival"].pk, after["arrival"].pk)
        self.assertEqual(after["arrival"].clause, "p10.3.7")
        self.assertEqual(after["arrival"].due, RECEIVED + dt.timedelta(minutes=10))

    def test_a_fact_that_no_longer_applies_voids_its_row(self) -> None:
        appointment = RECEIVED + dt.timedelta(hours=3)
        rows = self.run_door([created(["general"], appointment)])
        window = next(row for row in rows if row.kind == Obligation.Kind.WINDOW)
        self.run_door([created(["general"])])
        window.refresh_from_db()
        self.assertEqual(window.state, Obligation.State.VOID)
        self.assertTrue(Obligation.objects.filter(pk=window.pk).exists())

    def test_arrival_in_time_is_met_and_late_arrival_breached(self) -> None:
        rows = {r.what: r for r in self.run_door([created(["general"]), arrived(20)])}
        self.assertEqual(rows["arrival"].state, Obligation.State.MET)
        self.assertEqual(rows["arrival"].met_at, RECEIVED + dt.timedelta(minutes=20))
        rows = {r.what: r for r in self.run_door([created(["general"]), arrived(40)])}
        self.assertEqual(rows["arrival"].state, Obligation.State.BREACHED)
        self.assertEqual(rows["arrival"].breached_at, RECEIVED + dt.timedelta(minutes=25))

    def test_as_of_past_the_due_time_breaches_an_open_deadline(self) -> None:
        rows = {r.what: r for r in self.run_door([created(["general"])], RECEIVED + dt.timedelta(hours=1))}
        self.assertEqual(rows["arrival"].state, Obligation.State.BREACHED)


class ProfileTests(RoleUsersTestCase):
    def test_a_change_of_profile_takes_effect_without_a_restart(self) -> None:
        first = in_force(self.site_a)
        set_profile(self.site_a, "demo", by=self.admin)
        set_profile(self.site_a, "demo", by=self.admin)
        second = in_force(self.site_a)
        self.assertEqual((first.profile_version, second.profile_version), (1, 2))
        self.assertIs(first.policy, second.policy)  # same profile text: the compiled policy is reused

    def test_an_unknown_profile_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            set_profile(self.site_a, "nope", by=self.admin)
