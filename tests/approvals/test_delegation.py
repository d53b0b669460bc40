"""Delegation: an approver away hands their approvals to a colleague, who decides on their behalf while it
is in force, and no longer once it ends."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fuwu.approvals import services as approvals
from fuwu.approvals.models import ApprovalStep, Delegation
from fuwu.approvals.selectors import waiting_for
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import AuditEntry, OutboxMessage
from tests.approvals.base import CALLS, ApprovalsTestCase

HOUR = dt.timedelta(hours=1)


class DelegationTests(ApprovalsTestCase):
    def away(self, *, hours: int = 72, starts_in: dt.timedelta = -HOUR) -> Delegation:
        """The general manager away, their approvals with the customer manager."""
        now = timezone.now()
        return approvals.delegate(
            delegator=self.gm,
            delegate=self.cm,
            starts_at=now + starts_in,
            ends_at=now + dt.timedelta(hours=hours),
            by=self.gm,
            reason="出差",
        )

    def test_the_delegate_decides_on_behalf_of_the_approver(self) -> None:
        self.away()
        request = self.ask(by=self.dispatcher)
        [row] = waiting_for(self.cm)
        self.assertEqual((row.request.pk, row.for_user), (request.pk, self.gm))
        request = approvals.decide(request, by=self.cm, approve=True, note="代总经理同意")
        step = request.steps.get()
        self.assertEqual((step.decided_by_id, step.on_behalf_of_id), (self.cm.pk, self.gm.pk))
        entry = AuditEntry.objects.get(action="approval.step.approve")
        self.assertEqual((entry.actor_id, (entry.after or {})["on_behalf_of_id"]), (self.cm.pk, self.gm.pk))
        self.assertEqual(CALLS, [(request.pk, "approved", self.cm.pk)])

    def test_the_delegate_is_told_when_a_step_waits(self) -> None:
        self.away()
        request = self.ask(by=self.dispatcher)
        told = OutboxMessage.objects.filter(
            idempotency_key__startswith=f"approval:{request.pk}:step:1:waiting"
        )
        self.assertEqual(
            set(told.values_list("recipient_id", flat=True)), {self.gm.pk, self.gm2.pk, self.cm.pk}
        )
        self.assertTrue(
            OutboxMessage.objects.filter(
                recipient=self.cm, idempotency_key__startswith="delegation:"
            ).exists()
        )

    def test_after_the_delegation_ends_the_delegate_cannot_decide(self) -> None:
        delegation = self.away()
        request = self.ask(by=self.dispatcher)
        approvals.end_delegation(delegation, by=self.gm)
        self.assertEqual(waiting_for(self.cm), [])
        with self.assertRaises(PermissionDenied):
            approvals.decide(request, by=self.cm, approve=True)
        with self.assertRaises(Conflict):
            approvals.end_delegation(delegation, by=self.gm)
        self.assertTrue(AuditEntry.objects.filter(action="approval.delegation.end", actor=self.gm).exists())

    def test_before_and_after_its_period_the_delegate_cannot_decide(self) -> None:
        self.away(starts_in=dt.timedelta(hours=2), hours=5)
        request = self.ask(by=self.dispatcher)
        with self.assertRaises(PermissionDenied):
            approvals.decide(request, by=self.cm, approve=True)
        later = timezone.now() + dt.timedelta(hours=3)
        self.assertEqual(len(waiting_for(self.cm, at=later)), 1)
        self.assertEqual(waiting_for(self.cm, at=later + dt.timedelta(hours=3)), [])

    def test_a_supervisor_s_delegate_decides_only_at_the_supervisor_s_site(self) -> None:
        now = timezone.now()
        approvals.delegate(
            delegator=self.supervisor_b,
            delegate=self.cm,
            starts_at=now - HOUR,
            ends_at=now + HOUR,
            by=self.supervisor_b,
        )
        here = self.ask("p10.3.5", by=self.dispatcher)
        there = self.ask("p10.3.5", by=self.dispatcher, subject_id=2, site=self.site_b)
        self.assertEqual([row.request.pk for row in waiting_for(self.cm)], [there.pk])
        with self.assertRaises(PermissionDenied):
            approvals.decide(here, by=self.cm, approve=True)
        approvals.decide(there, by=self.cm, approve=False, note="门店不做")
        self.assertEqual(ApprovalStep.objects.get(request=there).on_behalf_of_id, self.supervisor_b.pk)

    def test_the_requester_cannot_decide_as_a_delegate(self) -> None:
        self.away()
        request = self.ask(by=self.cm)
        self.assertEqual(waiting_for(self.cm), [])
        with self.assertRaises(PermissionDenied):
            approvals.decide(request, by=self.cm, approve=True)

    def test_who_may_hand_over_what(self) -> None:
        now = timezone.now()
        period: dict[str, Any] = {"starts_at": now, "ends_at": now + HOUR}
        with self.assertRaises(PermissionDenied):  # someone else's approvals
            approvals.delegate(delegator=self.supervisor, delegate=self.cm, by=self.dispatcher, **period)
        with self.assertRaises(Invalid):  # a delegate holds nothing of their own to hand on
            approvals.delegate(delegator=self.cm, delegate=self.dispatcher, by=self.cm, **period)
        with self.assertRaises(Invalid):
            approvals.delegate(
                delegator=self.supervisor, delegate=self.supervisor, by=self.supervisor, **period
            )
        with self.assertRaises(Invalid):
            approvals.delegate(
                delegator=self.supervisor,
                delegate=self.cm,
                by=self.supervisor,
                starts_at=now,
                ends_at=now - HOUR,
            )
        # The general manager may hand over a supervisor's approvals; one delegation at a time.
        approvals.delegate(delegator=self.supervisor, delegate=self.supervisor2, by=self.gm, **period)
        with self.assertRaises(Conflict):
            approvals.delegate(delegator=self.supervisor, delegate=self.cm, by=self.supervisor, **period)
        self.assertEqual(AuditEntry.objects.filter(action="approval.delegate").count(), 1)

    def test_only_the_parties_or_a_general_manager_end_it(self) -> None:
        delegation = self.away()
        with self.assertRaises(PermissionDenied):
            approvals.end_delegation(delegation, by=self.dispatcher)
        self.assertIsNotNone(approvals.end_delegation(delegation, by=self.cm).ended_at)
