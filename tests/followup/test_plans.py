"""The next contact (p16.b3): planned from the file, never at a time p08.23 keeps free (lunch 12:00–14:00,
before 08:00, after 21:00) unless an emergency; the suggestion is the first call window's opening."""

from __future__ import annotations

import datetime as dt

from fuwu.core.errors import Invalid
from fuwu.followup.models import Call, ContactPlan
from fuwu.followup.services import plans
from fuwu.followup.services.calls import record_call
from tests.followup.base import FollowupTestCase, days_ago, days_on, local


class PlanTests(FollowupTestCase):
    def plan(self, at: dt.datetime, emergency: bool = False) -> ContactPlan:
        return plans.plan_contact(
            self.customer,
            by=self.manager,
            needs="保养到期",
            content="提醒按期保养",
            planned_at=at,
            emergency=emergency,
        )

    def test_a_time_the_call_hours_keep_free_is_refused_naming_the_first_allowed(self) -> None:
        day = days_on(2)
        allowed = [(8, 0), (11, 59), (14, 0), (21, 0)]
        refused = [((7, 59), "08:00"), ((12, 0), "14:00"), ((13, 59), "14:00"), ((21, 1), "08:00")]
        for hour, minute in allowed:
            with self.subTest(at=(hour, minute)):
                self.assertEqual(self.plan(local(day, hour, minute)).planned_at, local(day, hour, minute))
        for (hour, minute), first in refused:
            with self.subTest(at=(hour, minute)), self.assertRaises(Invalid) as refusal:
                self.plan(local(day, hour, minute))
            ((loc, message),) = refusal.exception.problems
            self.assertEqual(loc, ("body", "planned_at"))
            self.assertIn(first, message)

    def test_an_emergency_may_be_planned_at_any_hour(self) -> None:
        self.assertTrue(self.plan(local(days_on(1), 12, 30), emergency=True).emergency)

    def test_a_new_plan_replaces_the_one_still_planned_and_a_call_carries_it_out(self) -> None:
        first = self.plan(local(days_on(3), 10))
        second = self.plan(local(days_on(4), 10))
        first.refresh_from_db()
        self.assertEqual((first.state, second.state), ("dropped", "planned"))
        record_call(
            self.customer,
            by=self.manager,
            at=local(days_ago(1), 10),
            direction=Call.Direction.OUT,
            purpose=Call.Purpose.PLANNED,
            plan=second,
        )
        second.refresh_from_db()
        self.assertEqual(second.state, "done")

    def test_the_suggested_time_is_the_opening_of_the_first_calls_window(self) -> None:
        collected = local(days_on(0), 9, 30) - dt.timedelta(days=1)
        self.pickup(collected)
        self.assertEqual(plans.suggested_time(self.customer), collected + dt.timedelta(days=3))
        lunch = local(days_on(0), 12, 10) - dt.timedelta(days=2)
        other = self.other
        self.pickup(lunch, other)
        # Its window opens in the lunch break: the suggestion is the first minute the call hours allow.
        self.assertEqual(plans.suggested_time(other), local(days_on(1), 14))
