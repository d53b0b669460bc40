"""`fuwu demo`'s follow-up: the collected cars called in their windows (done, open, one missed), next
contacts planned and calls made only within p08.23's call hours, requests answered at once, solved and told
the same day, or studied and reported to the supervisor after two days, campaigns with the phone notice
14 days ahead, the property services' tasks, and a stand-in that ended beside one that holds the absent
manager's open work; a second run adds nothing. The whole demo runs once for the class."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.db.models import Model
from django.test import TestCase

from fuwu.core.models import AuditEntry, Notification, OutboxMessage, Site, User
from fuwu.customers.models import Customer, Substitution
from fuwu.followup.models import (
    Call,
    CallRequest,
    Campaign,
    CampaignCustomer,
    ContactPlan,
    HouseholdCare,
    HouseholdVisit,
    Letter,
    Occasion,
    ServiceTask,
)
from fuwu.followup.selectors.worklist import worklist
from fuwu.followup.services import requests
from fuwu.regulations.customers import call_allowed
from fuwu.regulations.models import Obligation

TABLES: tuple[type[Model], ...] = (
    ContactPlan,
    Call,
    Letter,
    CallRequest,
    Campaign,
    CampaignCustomer,
    HouseholdCare,
    HouseholdVisit,
    Occasion,
    ServiceTask,
    Substitution,
    Obligation,
    OutboxMessage,
    AuditEntry,
)


def _counts() -> dict[str, int]:
    return {table.__name__: table._default_manager.count() for table in TABLES}


def _windows(name: str) -> list[tuple[str, str]]:
    """The customer's follow-up call windows: (clause, state), in due order."""
    customer = Customer.objects.get(name=name)
    rows = Obligation.objects.filter(subject_type="customer", subject_id=str(customer.pk), what="call")
    return list(rows.order_by("due").values_list("clause", "state"))


class FollowupDemoTests(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        out = StringIO()
        call_command("demo", stdout=out)
        cls.output = out.getvalue()

    def test_the_follow_up_calls_are_made_in_their_windows_one_is_open_and_one_missed(self) -> None:
        met = [("p16.b4", Obligation.State.MET), ("p16.b5", Obligation.State.MET)]
        for name in ("魏国强", "陶建明", "戚晓燕", "姜丽萍"):
            self.assertEqual(_windows(name), met, name)
        self.assertEqual(_windows("华永平"), [("p16.b4", Obligation.State.OPEN)])
        missed = Obligation.objects.filter(
            subject_type="customer", what="call", state=Obligation.State.BREACHED
        )
        self.assertEqual([Customer.objects.get(pk=int(o.subject_id)).name for o in missed], ["金秀兰"])
        purposes = {purpose: Call.objects.filter(purpose=purpose).count() for purpose in Call.Purpose.values}
        self.assertEqual((purposes["first_follow_up"], purposes["second_follow_up"]), (4, 4))

    def test_no_call_or_planned_contact_falls_in_the_quiet_hours(self) -> None:
        calls = list(Call.objects.select_related("site"))
        self.assertTrue(calls)
        for call in calls:
            self.assertTrue(call_allowed(call.site, call.at), call)
            self.assertEqual(call.violations, [])
        plans = list(ContactPlan.objects.filter(state=ContactPlan.State.PLANNED).select_related("site"))
        self.assertEqual(len(plans), 4)
        for plan in plans:
            self.assertTrue(call_allowed(plan.site, plan.planned_at), plan)
        for task in ServiceTask.objects.select_related("site"):
            self.assertTrue(call_allowed(task.site, task.due), task)

    def test_requests_are_answered_told_the_same_day_or_reported_to_the_supervisor(self) -> None:
        states = dict(CallRequest.objects.values_list("customer__name", "state"))
        self.assertEqual(
            states,
            {
                "魏国强": CallRequest.State.ANSWERED,
                "陶建明": CallRequest.State.TOLD,
                "杭州顺达物流有限公司": CallRequest.State.ESCALATED,
            },
        )
        told = CallRequest.objects.get(state=CallRequest.State.TOLD)
        self.assertEqual(requests.telling(told), "met")
        self.assertTrue(Call.objects.filter(customer=told.customer, purpose=Call.Purpose.ANSWER).exists())
        escalated = CallRequest.objects.get(state=CallRequest.State.ESCALATED)
        self.assertEqual(escalated.escalated_at, escalated.raised_at + dt.timedelta(days=2))
        self.assertTrue(escalated.study_note)
        told_supervisor = Notification.objects.filter(
            recipient__username="supervisor2", url=requests.link(escalated)
        )
        self.assertEqual(told_supervisor.count(), 1)

    def test_campaigns_are_phoned_fourteen_days_ahead_and_written_to(self) -> None:
        store = Site.objects.get(code="binjiang")
        told, telling = Campaign.objects.filter(site=store).order_by("date")
        for campaign in (told, telling):
            notice = Obligation.objects.get(subject_type="campaign", subject_id=str(campaign.pk), what="call")
            self.assertEqual(notice.due.date() + dt.timedelta(days=14), campaign.date)
        # Decided in the call hours the first is phoned and written to at once; at night it waits.
        if call_allowed(store, told.decided_at):
            states = dict(
                Obligation.objects.filter(subject_type="campaign", subject_id=str(told.pk)).values_list(
                    "what", "state"
                )
            )
            self.assertEqual(states, {"call": Obligation.State.MET, "letter": Obligation.State.MET})
            self.assertEqual(Letter.objects.filter(campaign=told).count(), 4)
            self.assertEqual(
                CampaignCustomer.objects.filter(campaign=telling, phoned_at__isnull=False).count(), 2
            )
        open_notice = Obligation.objects.get(subject_type="campaign", subject_id=str(telling.pk), what="call")
        self.assertEqual(open_notice.state, Obligation.State.OPEN)
        self.assertEqual(
            Letter.objects.filter(campaign__isnull=True, category=Letter.Category.NOTICE).count(), 2
        )

    def test_the_property_services_owe_their_tasks(self) -> None:
        by_state = {
            state: ServiceTask.objects.filter(what="visit_elderly_alone", state=state).count()
            for state in ServiceTask.State.values
        }
        self.assertEqual(by_state, {"open": 1, "done": 1})
        self.assertEqual(ServiceTask.objects.filter(what="holiday_greeting_elderly").count(), 2)
        greeting = Occasion.objects.get(kind=Occasion.Kind.HOLIDAY)
        self.assertEqual((greeting.date.month, greeting.date.day), (1, 1))
        # The new owners' visits (p08.5): one made within three days, the others owed.
        visits = Obligation.objects.filter(subject_type="household", what="visit")
        self.assertEqual(visits.filter(state=Obligation.State.MET).count(), 1)
        self.assertGreaterEqual(visits.exclude(state=Obligation.State.MET).count(), 1)
        self.assertEqual(HouseholdVisit.objects.filter(kind=HouseholdVisit.Kind.NEW_OWNER).count(), 1)

    def test_the_running_stand_in_holds_the_absent_managers_open_work(self) -> None:
        cm2, cm3 = User.objects.get(username="cm2"), User.objects.get(username="cm3")
        ended = Substitution.objects.get(site__code="binjiang", ended_at__isnull=False)
        running = Substitution.objects.get(site__code="binjiang", ended_at__isnull=True)
        self.assertEqual((ended.absent, ended.substitute), (cm3, cm2))
        self.assertEqual((running.absent, running.substitute), (cm2, cm3))
        # cm2's customers' open deadlines and windows are cm3's while the stand-in runs.
        customers = [str(pk) for pk in Customer.objects.filter(manager=cm2).values_list("pk", flat=True)]
        owed = Obligation.objects.filter(
            subject_type="customer", subject_id__in=customers, state=Obligation.State.OPEN
        )
        self.assertTrue(owed.exists())
        self.assertEqual(set(owed.values_list("assignee__username", flat=True)), {"cm3"})
        # cm3's worklist holds cm2's work too (the planned contact among it); cm2's is empty while away.
        items = worklist(cm3.pk, limit=200).items
        self.assertIn(cm2.pk, {item.owner_id for item in items})
        self.assertIn("plan", {item.source for item in items if item.owner_id == cm2.pk})
        self.assertEqual(worklist(cm2.pk).items, [])

    def test_a_second_run_adds_nothing(self) -> None:
        before = _counts()
        out = StringIO()
        call_command("demo", stdout=out)
        self.assertEqual(_counts(), before)
        self.assertIn("\n  followup: 4 planned contacts, ", self.output)
        self.assertIn("\n  followup: 0 planned contacts, 0 calls, 0 letters, 0 requests", out.getvalue())
