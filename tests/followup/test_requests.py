"""A request raised in a call (p16.b4's note): studied, reported to the supervisor once when still open
two days after it was raised (not a minute before), the solution told the customer the same day."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fuwu.core.errors import Conflict
from fuwu.core.models import OutboxMessage
from fuwu.followup.models import Call, CallRequest
from fuwu.followup.services import requests
from fuwu.followup.services.calls import record_call
from fuwu.followup.tasks import escalate_requests
from tests.followup.base import FollowupTestCase, days_ago, local

TWO_DAYS = dt.timedelta(days=2)


class EscalationTests(FollowupTestCase):
    def raise_request(self, at: dt.datetime, text: str = "希望延长质保") -> CallRequest:
        record_call(
            self.customer,
            by=self.manager,
            at=at,
            direction=Call.Direction.OUT,
            purpose=Call.Purpose.PLANNED,
            requests=text,
        )
        return CallRequest.objects.filter(text=text).get()

    def escalated_notices(self) -> int:
        return OutboxMessage.objects.filter(idempotency_key__contains="escalated").count()

    def test_it_goes_to_the_supervisor_two_days_after_it_was_raised_and_only_once(self) -> None:
        raised = local(days_ago(5), 10)
        request = self.raise_request(raised)
        self.assertEqual(requests.escalate_due(now=raised + TWO_DAYS - dt.timedelta(minutes=1)), 0)
        request.refresh_from_db()
        self.assertEqual(request.state, CallRequest.State.STUDYING)
        self.assertEqual(requests.escalate_due(now=raised + TWO_DAYS), 1)
        request.refresh_from_db()
        self.assertEqual(
            (request.state, request.escalated_at, request.escalated_by),
            ("escalated", raised + TWO_DAYS, None),
        )
        self.assertEqual(self.escalated_notices(), 1)
        message = OutboxMessage.objects.get(idempotency_key__contains="escalated")
        self.assertEqual(message.recipient_id, self.supervisor.pk)
        self.assertIn("赵先生", message.payload["subject"])
        # Again, and through the periodic task: nothing more.
        self.assertEqual(requests.escalate_due(now=raised + TWO_DAYS + dt.timedelta(hours=1)), 0)
        self.assertEqual(escalate_requests.call_local(), 0)
        self.assertEqual(self.escalated_notices(), 1)

    def test_a_request_answered_at_once_or_solved_in_time_is_not_escalated(self) -> None:
        raised = local(days_ago(5), 10)
        record_call(
            self.customer,
            by=self.manager,
            at=raised,
            direction=Call.Direction.OUT,
            purpose=Call.Purpose.PLANNED,
            requests="问营业时间",
            answered=True,
        )
        solved = self.raise_request(raised, "希望上门检测")
        requests.solve(solved, by=self.manager, solution="周三上门", at=raised + dt.timedelta(days=1))
        self.assertEqual(requests.escalate_due(now=timezone.now()), 0)
        self.assertEqual(self.escalated_notices(), 0)

    def test_the_manager_may_report_it_earlier_and_not_twice(self) -> None:
        request = self.raise_request(local(days_ago(1), 10))
        requests.escalate(request, by=self.manager)
        request.refresh_from_db()
        self.assertEqual((request.state, request.escalated_by), ("escalated", self.manager))
        with self.assertRaises(Conflict):
            requests.escalate(request, by=self.manager)
        self.assertEqual(requests.escalate_due(), 0)
        self.assertEqual(self.escalated_notices(), 1)


class TellingTests(FollowupTestCase):
    def setUp(self) -> None:
        record_call(
            self.customer,
            by=self.manager,
            at=local(days_ago(4), 10),
            direction=Call.Direction.OUT,
            purpose=Call.Purpose.PLANNED,
            requests="希望延长质保",
        )
        self.request = CallRequest.objects.get()

    def test_told_the_day_the_solution_is_found_is_met_the_next_day_late(self) -> None:
        solved_at = local(days_ago(3), 16)
        requests.solve(self.request, by=self.supervisor, solution="延长半年质保", at=solved_at)
        self.request.refresh_from_db()
        self.assertEqual(self.request.due, local(days_ago(2), 0) - dt.timedelta(microseconds=1))
        self.assertEqual(requests.telling(self.request), "overdue")
        self.assertEqual(requests.telling(self.request, now=local(days_ago(3), 23, 59)), "due")
        told = requests.tell(self.request, by=self.manager, via="call", at=local(days_ago(3), 20, 59))
        self.assertEqual((told.state, requests.telling(told)), ("told", "met"))
        answer = Call.objects.get(purpose=Call.Purpose.ANSWER)
        self.assertEqual((answer.points, answer.violations), ("延长半年质保", []))

    def test_told_a_day_later_by_letter_is_late_and_in_the_letter_register(self) -> None:
        requests.solve(self.request, by=self.supervisor, solution="更换配件", at=local(days_ago(3), 16))
        self.request.refresh_from_db()
        told = requests.tell(self.request, by=self.manager, via="letter", at=local(days_ago(2), 9))
        self.assertEqual(requests.telling(told), "late")
        self.assertEqual(told.customer.pk, self.customer.pk)
        from fuwu.followup.models import Letter

        letter = Letter.objects.get()
        self.assertEqual(
            (letter.category, letter.sent_on, letter.summary), ("reply", days_ago(2), "更换配件")
        )

    def test_the_customer_is_not_told_before_a_solution(self) -> None:
        with self.assertRaises(Conflict):
            requests.tell(self.request, by=self.manager, via="call", at=local(days_ago(3), 10))
