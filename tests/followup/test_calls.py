"""Calls (p16.b4, p16.b5, p16.b7, p08.23): a follow-up call meets its window at both edges and breaches
it a minute outside, the violation kept on the call; one call fills both registers; the call hours bind
every outgoing call but an emergency; incoming consultations owe a reply; a complaint goes to the desk."""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from fuwu.core.errors import Conflict
from fuwu.customers.models import Customer, CustomerEvent
from fuwu.customers.services.customers import create_customer, file_made
from fuwu.followup.models import Call, CallRequest
from fuwu.followup.selectors import registers
from fuwu.followup.services.calls import record_call
from fuwu.regulations.models import Obligation
from tests.followup.base import FollowupTestCase, days_ago, local

OUT, IN = Call.Direction.OUT, Call.Direction.IN
MINUTE = dt.timedelta(minutes=1)


class WindowTests(FollowupTestCase):
    def fresh(self, name: str) -> Customer:
        return create_customer(
            site=self.site_a, name=name, phones=["13700000000"], manager=self.manager, by=self.admin
        )

    def window(self, customer: Customer, clause: str) -> Obligation:
        return Obligation.objects.get(
            subject_type="customer", subject_id=str(customer.pk), what="call", clause=clause
        )

    def call(
        self, customer: Customer, at: dt.datetime, purpose: str = Call.Purpose.FIRST, **more: object
    ) -> Call:
        return record_call(customer, by=self.manager, at=at, direction=OUT, purpose=purpose, **more)  # type: ignore[arg-type]

    def test_the_first_call_meets_p16b4_from_3_to_7_days_after_the_car_is_collected(self) -> None:
        collected = local(days_ago(30), 10)
        cases = [
            (dt.timedelta(days=3), "met", []),
            (dt.timedelta(days=3) - MINUTE, "breached", ["p16.b4"]),
            (dt.timedelta(days=7), "met", []),
            (dt.timedelta(days=7) + MINUTE, "breached", ["p16.b4"]),
        ]
        for index, (after, state, clauses) in enumerate(cases):
            with self.subTest(after=after):
                customer = self.fresh(f"客户{index}")
                self.pickup(collected, customer)
                window = self.window(customer, "p16.b4")
                self.assertEqual(
                    (window.earliest, window.due),
                    (collected + dt.timedelta(days=3), collected + dt.timedelta(days=7)),
                )
                call = self.call(customer, collected + after)
                window.refresh_from_db()
                self.assertEqual(window.state, state)
                self.assertEqual([v["clause"] for v in call.violations], clauses)

    def test_the_second_call_meets_p16b5_from_7_to_14_days_after_the_first(self) -> None:
        collected = local(days_ago(40), 10)
        first = collected + dt.timedelta(days=4)
        cases = [
            (dt.timedelta(days=7), "met"),
            (dt.timedelta(days=7) - MINUTE, "breached"),
            (dt.timedelta(days=14), "met"),
            (dt.timedelta(days=14) + MINUTE, "breached"),
        ]
        for index, (after, state) in enumerate(cases):
            with self.subTest(after=after):
                customer = self.fresh(f"客户{index}")
                self.pickup(collected, customer)
                self.call(customer, first)
                window = self.window(customer, "p16.b5")
                self.assertEqual(
                    (window.earliest, window.due),
                    (first + dt.timedelta(days=7), first + dt.timedelta(days=14)),
                )
                self.call(customer, first + after, purpose=Call.Purpose.SECOND)
                window.refresh_from_db()
                self.assertEqual(window.state, state)

    def test_a_call_is_refused_when_no_follow_up_call_is_owed(self) -> None:
        at = local(days_ago(10), 10)
        with self.assertRaises(Conflict):
            self.call(self.customer, at)
        self.pickup(at - dt.timedelta(days=4))
        with self.assertRaises(Conflict):
            self.call(self.customer, at, purpose=Call.Purpose.SECOND)
        self.call(self.customer, at)
        with self.assertRaises(Conflict):
            self.call(self.customer, at + MINUTE)  # the first call has been made
        self.assertEqual(Call.objects.count(), 1)


class CallHoursTests(FollowupTestCase):
    def test_p08_23_binds_at_its_edges_and_an_emergency_is_exempt(self) -> None:
        day = days_ago(20)
        cases = [
            ((7, 59), False, ["p08.23"]),
            ((8, 0), False, []),
            ((11, 59), False, []),
            ((12, 0), False, ["p08.23"]),
            ((12, 1), False, ["p08.23"]),
            ((13, 59), False, ["p08.23"]),
            ((14, 0), False, []),
            ((21, 0), False, []),
            ((21, 1), False, ["p08.23"]),
            ((12, 30), True, []),
            ((22, 30), True, []),
        ]
        for (hour, minute), emergency, clauses in cases:
            with self.subTest(at=f"{hour:02}:{minute:02}", emergency=emergency):
                call = record_call(
                    self.customer,
                    by=self.manager,
                    at=local(day, hour, minute),
                    direction=OUT,
                    purpose=Call.Purpose.PLANNED,
                    emergency=emergency,
                )
                self.assertEqual([v["clause"] for v in call.violations], clauses)

    def test_a_follow_up_call_out_of_hours_keeps_the_engines_violation(self) -> None:
        collected = local(days_ago(30), 10)
        self.pickup(collected)
        call = record_call(
            self.customer,
            by=self.manager,
            at=collected + dt.timedelta(days=4, hours=2, minutes=30),
            direction=OUT,
            purpose=Call.Purpose.FIRST,
        )
        self.assertEqual(len(call.violations), 1)
        self.assertEqual(call.violations[0]["clause"], "p08.23")
        self.assertIn("12:30", call.violations[0]["because"])
        self.assertEqual(call.event.sequence, 1)  # type: ignore[union-attr]


class RegisterTests(FollowupTestCase):
    def test_one_call_fills_the_call_record_and_the_call_register(self) -> None:
        at = local(days_ago(3), 15)
        record_call(
            self.customer,
            by=self.agent,
            at=at,
            direction=IN,
            purpose=Call.Purpose.CONSULTATION,
            points="询问保养周期",
            requests="希望周末保养",
            handling="已预约周六",
            answered=True,
        )
        (line,) = registers.calls(site_ids=[self.site_a.pk], start=days_ago(3), end=days_ago(3))
        self.assertEqual(
            (line.day, line.customer, line.phone, line.direction, line.purpose, line.by),
            (days_ago(3), "赵先生", "13800138000", "in", "consultation", self.agent.display_name),
        )
        self.assertEqual(
            (line.points, line.requests, line.handling), ("询问保养周期", "希望周末保养", "已预约周六")
        )
        self.assertEqual(registers.calls(site_ids=[self.site_a.pk], start=days_ago(2)), [])


class IncomingTests(FollowupTestCase):
    def stored(self, what: str) -> Obligation:
        return Obligation.objects.get(subject_type="customer", subject_id=str(self.customer.pk), what=what)

    def test_a_consultation_owes_a_reply_answered_at_once_it_is_met(self) -> None:
        file_made(self.customer, by=self.manager, at=local(days_ago(10), 9))
        at = local(days_ago(2), 15)
        record_call(
            self.customer,
            by=self.agent,
            at=at,
            direction=IN,
            purpose=Call.Purpose.CONSULTATION,
            requests="问保养价格",
            answered=True,
        )
        self.assertEqual((self.stored("reply").clause, self.stored("reply").state), ("p14.4.1", "met"))
        # The customer has a file: the call record is filed in it, so no new file is owed (p16.b2).
        self.assertEqual(self.stored("archive").state, "met")
        self.assertEqual(CallRequest.objects.get().state, CallRequest.State.ANSWERED)

    def test_a_consultation_not_answered_stays_owed_and_is_studied(self) -> None:
        record_call(
            self.customer,
            by=self.agent,
            at=local(days_ago(2), 15),
            direction=IN,
            purpose=Call.Purpose.CONSULTATION,
            requests="能否上门取车",
        )
        self.assertEqual(self.stored("reply").state, "breached")  # 24 hours have passed
        request = CallRequest.objects.get()
        self.assertEqual(
            (request.state, request.escalate_at),
            (CallRequest.State.STUDYING, local(days_ago(2), 15) + dt.timedelta(days=2)),
        )

    def test_a_complaint_raised_in_a_call_goes_to_the_after_sales_desk(self) -> None:
        collected = local(days_ago(30), 10)
        self.pickup(collected)
        record_call(
            self.customer,
            by=self.manager,
            at=collected + dt.timedelta(days=4),
            direction=OUT,
            purpose=Call.Purpose.FIRST,
            requests="保养后异响",
            complaint=True,
        )
        request = CallRequest.objects.get()
        self.assertEqual(request.kind, CallRequest.Kind.COMPLAINT)
        contact = CustomerEvent.objects.get(customer=self.customer, reason=CustomerEvent.Reason.COMPLAINT)
        if apps.is_installed("fuwu.aftersales"):
            self.assertIsNotNone(request.complaint_id)
            self.assertEqual(contact.ref, f"complaint:{request.complaint_id}")
        else:
            self.assertEqual(contact.ref, f"call_request:{request.pk}")
        self.assertEqual(self.stored("reply").clause, "p14.4.1")

    def test_a_complaint_taken_by_someone_off_the_desk_is_still_owed_its_reply(self) -> None:
        record_call(
            self.customer,
            by=self.agent,
            at=local(days_ago(1), 10),
            direction=IN,
            purpose=Call.Purpose.COMPLAINT,
            requests="维修员态度差",
        )
        request = CallRequest.objects.get()
        self.assertEqual((request.kind, request.complaint_id), (CallRequest.Kind.COMPLAINT, None))
        contact = CustomerEvent.objects.get(customer=self.customer, reason=CustomerEvent.Reason.COMPLAINT)
        self.assertEqual(contact.ref, f"call_request:{request.pk}")
