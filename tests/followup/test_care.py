"""The property services (p08): the new owner visited within 3 days of moving in (p08.5) at its edge; the
elderly living alone visited monthly on the engine's day and greeted on a holiday the calendar names
(p08.15); a wedding's arrangements (p08.4) and an activity's invitations (p08.16) as tasks."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fuwu.customers.models import Household
from fuwu.customers.services.households import household_create
from fuwu.followup.models import HouseholdVisit, Occasion, ServiceTask
from fuwu.followup.services import care, occasions
from fuwu.regulations.models import Obligation
from tests.followup.base import SHANGHAI, FollowupTestCase, days_ago, days_on, local


class NewOwnerTests(FollowupTestCase):
    def home(self, room: str, moved_in_on: dt.date) -> Household:
        return household_create(
            site=self.site_a, building="9", unit="1", room=room, moved_in_on=moved_in_on, by=self.admin
        )

    def visit_deadline(self, home: Household) -> Obligation:
        return Obligation.objects.get(subject_type="household", subject_id=str(home.pk), what="visit")

    def test_the_daily_run_owes_recent_move_ins_a_visit_within_3_days(self) -> None:
        recent, old = self.home("101", days_ago(2)), self.home("102", days_ago(8))
        self.assertEqual(care.follow_new_households(), 1)
        self.assertEqual(care.follow_new_households(), 0)
        deadline = self.visit_deadline(recent)
        self.assertEqual(
            (deadline.clause, deadline.due),
            ("p08.5", dt.datetime.combine(days_on(1), dt.time(23, 59, 59), SHANGHAI)),
        )
        self.assertFalse(Obligation.objects.filter(subject_type="household", subject_id=str(old.pk)).exists())

    def test_a_visit_on_the_third_day_meets_it_on_the_fourth_breaches_it(self) -> None:
        for moved, state in ((days_ago(3), "met"), (days_ago(4), "breached")):
            with self.subTest(moved=moved):
                home = self.home(f"2{moved.day:02}", moved)
                care.record_visit(
                    home, by=self.manager, at=timezone.now(), kind=HouseholdVisit.Kind.NEW_OWNER
                )
                self.assertEqual(self.visit_deadline(home).state, state)

    def test_the_visit_is_owed_by_whoever_looks_after_the_household(self) -> None:
        home = self.home("301", days_ago(1))
        care.follow_new_households()
        self.assertIsNone(self.visit_deadline(home).assignee)
        care.set_care(home, by=self.supervisor, assignee=self.agent, elderly_alone=False)
        self.assertEqual(self.visit_deadline(home).assignee, self.agent)


class ElderlyTests(FollowupTestCase):
    def setUp(self) -> None:
        self.home = household_create(site=self.site_a, building="2", unit="1", room="101", by=self.admin)
        care.set_care(
            self.home, by=self.supervisor, assignee=self.manager, elderly_alone=True, note="独居老人"
        )

    def test_the_monthly_visit_falls_when_the_engines_duty_does_and_a_visit_meets_it(self) -> None:
        month = days_on(0).replace(day=1)
        (task,) = occasions.monthly_visits(self.site_a, month)
        self.assertEqual(
            (task.what, task.clause, task.title, task.assignee, task.due),
            ("visit_elderly_alone", "p08.15", "走访空巢老人", self.manager, local(month, 9)),
        )
        self.assertEqual(occasions.monthly_visits(self.site_a, month), [])  # made once
        care.record_visit(self.home, by=self.manager, at=timezone.now(), kind=HouseholdVisit.Kind.ELDERLY)
        task.refresh_from_db()
        self.assertEqual(task.state, "done")

    def test_a_public_holiday_in_the_calendar_brings_a_greeting_once(self) -> None:
        self.assertEqual(occasions.holidays_ahead(dt.date(2026, 9, 28)), 2)  # both sites: National Day
        self.assertEqual(occasions.holidays_ahead(dt.date(2026, 9, 29)), 0)
        holiday = Occasion.objects.get(site=self.site_a, kind="holiday")
        self.assertEqual(holiday.date, dt.date(2026, 10, 1))
        (greeting,) = ServiceTask.objects.filter(occasion=holiday)
        self.assertEqual(
            (greeting.what, greeting.clause, greeting.household, greeting.due),
            ("holiday_greeting_elderly", "p08.15", self.home, local(dt.date(2026, 10, 1), 21)),
        )

    def test_a_wedding_brings_its_arrangements_and_an_activity_its_invitations(self) -> None:
        wedding = occasions.record_occasion(
            self.site_a,
            by=self.supervisor,
            kind=Occasion.Kind.WEDDING,
            date=days_on(5),
            title="业主婚礼",
            household=self.home,
        )
        (task,) = wedding.tasks.all()
        self.assertEqual(
            (task.clause, task.title, task.due, task.assignee),
            ("p08.4", "业主婚礼服务", local(days_on(5), 8), self.manager),
        )
        activity = occasions.record_occasion(
            self.site_a,
            by=self.supervisor,
            kind=Occasion.Kind.ACTIVITY,
            date=days_on(7),
            title="中秋游园",
            assignee=self.agent,
        )
        (invite,) = activity.tasks.all()
        self.assertEqual(
            (invite.clause, invite.what, invite.assignee), ("p08.16", "invite_absent_owners", self.agent)
        )
        self.assertEqual(invite.checklist, ["短信或致电邀请", "发送活动照片"])
