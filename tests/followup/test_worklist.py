"""The worklist: one person's follow-up owed now by due time, from every source (call windows with their
earliest and latest moment, files due, replies, planned contacts, files without a next contact, requests,
campaign notices, new owners' visits, service tasks), a warning when a call now falls in the quiet hours;
a stand-in's list takes the absent manager's work and gives it back (p16.4); queries do not grow with rows."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fuwu.customers.models import CustomerEvent
from fuwu.customers.services import timeline
from fuwu.customers.services.customers import create_customer, file_made
from fuwu.customers.services.households import household_create
from fuwu.followup.models import Call, Campaign, HouseholdVisit, Occasion
from fuwu.followup.selectors.worklist import worklist
from fuwu.followup.services import campaigns, care, occasions, plans, standins
from fuwu.followup.services.calls import record_call
from tests.followup.base import FollowupTestCase, days_ago, days_on, local

# Statements that read nothing: savepoints, and the planner settings PostgreSQL gets before one query.
BOOKKEEPING = ("SAVEPOINT", "RELEASE SAVEPOINT", "SELECT set_config(")


class WorklistTests(FollowupTestCase):
    def fill(self, manager_customers: int = 1) -> None:
        """Work of every kind for the manager (``manager_customers`` customers of each kind), and some for
        the colleague."""
        now = timezone.now()
        start = getattr(self, "filled", 0)
        self.filled = start + manager_customers
        for index in range(start, start + manager_customers):
            collected = create_customer(
                site=self.site_a, name=f"取车{index}", manager=self.manager, by=self.admin
            )
            self.pickup(now - dt.timedelta(days=4), collected)
            dropped = create_customer(
                site=self.site_a, name=f"送修{index}", manager=self.manager, by=self.admin
            )
            timeline.record_event(
                dropped,
                CustomerEvent.Type.CONTACT,
                at=now - dt.timedelta(hours=3),
                by=self.admin,
                reason=CustomerEvent.Reason.DROPOFF,
            )
            filed = create_customer(
                site=self.site_a, name=f"建档{index}", manager=self.manager, by=self.admin
            )
            file_made(filed, by=self.manager)
            asked = create_customer(
                site=self.site_a, name=f"咨询{index}", manager=self.manager, by=self.admin
            )
            record_call(
                asked,
                by=self.manager,
                at=local(days_ago(1), 10),
                direction=Call.Direction.OUT,
                purpose=Call.Purpose.PLANNED,
                requests="希望优惠",
            )
            planned = create_customer(
                site=self.site_a, name=f"计划{index}", manager=self.manager, by=self.admin
            )
            plans.plan_contact(
                planned, by=self.manager, needs="保养", content="提醒保养", planned_at=local(days_on(2), 10)
            )
            home = household_create(
                site=self.site_a,
                building="8",
                unit=str(index),
                room="101",
                moved_in_on=days_ago(1),
                by=self.admin,
            )
            care.set_care(home, by=self.supervisor, assignee=self.manager, elderly_alone=True)
            occasions.record_occasion(
                self.site_a,
                by=self.supervisor,
                kind=Occasion.Kind.WEDDING,
                date=days_on(3),
                title="婚礼",
                household=home,
            )
            campaigns.create_campaign(
                self.site_a,
                by=self.supervisor,
                title=f"活动{index}",
                kind=Campaign.Kind.SOCIAL,
                date=days_on(30),
                owner=self.manager,
                customers=[collected],
            )
        self.pickup(now - dt.timedelta(days=4), self.other)  # the colleague's
        care.follow_new_households()

    def test_every_kind_of_work_is_listed_by_due_with_its_window_and_clause(self) -> None:
        self.fill()
        found = worklist(self.manager.pk)
        kinds = sorted({(item.source, item.what, item.clause) for item in found.items})
        self.assertEqual(
            kinds,
            [
                ("file", "plan_next_contact", "p16.b3"),
                ("obligation", "archive", "p16.b2"),
                ("obligation", "call", "p16.b4"),
                ("obligation", "call", "p16.b6"),
                ("obligation", "letter", "p16.b6"),
                ("obligation", "visit", "p08.5"),
                ("plan", "plan", "p16.b3"),
                ("request", "request", "p16.b4"),
                ("task", "wedding_service", "p08.4"),
            ],
        )
        self.assertEqual([item.due for item in found.items], sorted(item.due for item in found.items))
        window = next(item for item in found.items if item.clause == "p16.b4" and item.source == "obligation")
        assert window.earliest is not None
        self.assertEqual((window.subject, window.due - window.earliest), ("取车0", dt.timedelta(days=4)))
        self.assertEqual(window.state, "open")
        self.assertNotIn("钱女士", {item.subject for item in found.items})
        self.assertEqual({item.owner_id for item in found.items}, {self.manager.pk})

    def test_a_call_now_in_the_quiet_hours_is_flagged(self) -> None:
        self.pickup(timezone.now() - dt.timedelta(days=4))
        with mock.patch("fuwu.followup.selectors.worklist.call_allowed", return_value=False):
            (item,) = [i for i in worklist(self.manager.pk).items if i.what == "call"]
        self.assertTrue(item.quiet)
        with mock.patch("fuwu.followup.selectors.worklist.call_allowed", return_value=True):
            (item,) = [i for i in worklist(self.manager.pk).items if i.what == "call"]
        self.assertFalse(item.quiet)

    def test_a_page_continues_after_the_last_row_of_the_one_before(self) -> None:
        self.fill(2)
        whole = worklist(self.manager.pk, limit=100).items
        first = worklist(self.manager.pk, limit=5)
        second = worklist(self.manager.pk, limit=100, after=first.items[-1].key)
        self.assertTrue(first.more)
        self.assertEqual([i.key for i in first.items + second.items], [i.key for i in whole])

    def test_queries_do_not_grow_with_the_rows(self) -> None:
        self.fill(1)
        with CaptureQueriesContext(connection) as small:
            worklist(self.manager.pk)
        self.fill(3)
        with CaptureQueriesContext(connection) as large:
            found = worklist(self.manager.pk)
        self.assertGreater(len(found.items), 20)
        self.assertEqual(len(small), len(large))
        # Reads only: PostgreSQL adds the planner settings of one query and its savepoint around it.
        reads = [q["sql"] for q in large.captured_queries if not q["sql"].startswith(BOOKKEEPING)]
        self.assertLessEqual(len(reads), 12, reads)


class StandInTests(FollowupTestCase):
    def test_the_absent_managers_work_moves_to_the_stand_in_and_back(self) -> None:
        now = timezone.now()
        self.pickup(now - dt.timedelta(days=4))
        record_call(
            self.customer,
            by=self.manager,
            at=local(days_ago(1), 10),
            direction=Call.Direction.OUT,
            purpose=Call.Purpose.PLANNED,
            requests="希望优惠",
        )
        home = household_create(site=self.site_a, building="5", unit="1", room="1", by=self.admin)
        care.set_care(home, by=self.supervisor, assignee=self.manager, elderly_alone=True)
        occasions.monthly_visits(self.site_a, days_on(0).replace(day=1))
        mine = {(i.source, i.id) for i in worklist(self.manager.pk).items}
        self.assertEqual(len(mine), 3)
        self.assertEqual(worklist(self.colleague.pk).items, [])

        standing_in = standins.start_stand_in(
            self.site_a, by=self.supervisor, absent=self.manager, substitute=self.colleague, reason="年假"
        )
        away = worklist(self.manager.pk)
        self.assertEqual((away.items, away.cover.away), ([], standing_in))
        theirs = worklist(self.colleague.pk).items
        self.assertEqual({(i.source, i.id) for i in theirs}, mine)
        self.assertEqual({i.owner_id for i in theirs}, {self.colleague.pk, self.manager.pk})
        # The customer's stored window itself moved to the stand-in (the customers app's reconcile).
        window = next(i for i in theirs if i.what == "call")
        self.assertEqual(window.owner_id, self.colleague.pk)

        standins.end_stand_in(standing_in, by=self.supervisor)
        self.assertEqual({(i.source, i.id) for i in worklist(self.manager.pk).items}, mine)
        self.assertEqual(worklist(self.colleague.pk).items, [])
        window = next(i for i in worklist(self.manager.pk).items if i.what == "call")
        self.assertEqual(window.owner_id, self.manager.pk)

    def test_only_a_supervisor_appoints_and_nobody_stands_in_for_themself(self) -> None:
        from django.core.exceptions import PermissionDenied

        from fuwu.core.errors import Invalid

        with self.assertRaises(PermissionDenied):
            standins.start_stand_in(
                self.site_a, by=self.manager, absent=self.manager, substitute=self.colleague
            )
        with self.assertRaises(Invalid) as refused:
            standins.start_stand_in(
                self.site_a, by=self.supervisor, absent=self.manager, substitute=self.manager
            )
        self.assertEqual([loc for loc, _m in refused.exception.problems], [("body", "substitute")])
        with self.assertRaises(Invalid):
            standins.start_stand_in(
                self.site_a, by=self.supervisor, absent=self.manager, substitute=self.outsider
            )

    def test_a_stand_in_past_its_end_no_longer_covers(self) -> None:
        self.pickup(timezone.now() - dt.timedelta(days=4))
        standins.start_stand_in(
            self.site_a,
            by=self.supervisor,
            absent=self.manager,
            substitute=self.colleague,
            ends_at=timezone.now() + dt.timedelta(days=1),
        )
        later = timezone.now() + dt.timedelta(days=2)
        self.assertIsNone(worklist(self.manager.pk, now=later).cover.away)
        self.assertEqual(worklist(self.colleague.pk, now=later).cover.standing_in, ())
        self.assertEqual(HouseholdVisit.objects.count(), 0)
