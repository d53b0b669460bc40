"""Returns and exchanges through the approval chain (fuwu.approvals): the general manager approves
(p12.15), above the pack's amount the general manager's office meeting too (p14.3.4.7); a refusal or a
request closed without approval leaves the costs with the customer (p12.15); a delegate decides while the
general manager is away; an approved return is carried out into the parts store and the account; every
step is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fuwu.aftersales.models import AccountEntry, PartMovement, ReturnRequest
from fuwu.aftersales.services import parts, returns
from fuwu.approvals import services as approvals
from fuwu.approvals.models import ApprovalRequest
from fuwu.approvals.selectors import steps_of
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import AuditEntry
from fuwu.core.roles import Role
from fuwu.regulations.policies import in_force
from tests.aftersales.base import AftersalesTestCase


class ReturnChainTests(AftersalesTestCase):
    def chain(self, request: ReturnRequest) -> ApprovalRequest:
        assert request.approval_id is not None
        return ApprovalRequest.objects.get(pk=request.approval_id)

    def test_a_return_within_the_amount_needs_the_general_manager_once(self) -> None:
        request = self.return_request("5000.00")
        chain = self.chain(request)
        self.assertEqual(
            [(s.role, s.step_clauses) for s in steps_of(chain)],
            [("general_manager", ["p12.15", "p14.3.4.7"])],
        )
        approvals.decide(chain, by=self.gm, approve=True, note="同意退货")
        request.refresh_from_db()
        self.assertEqual((request.state, request.costs_to_customer), (ReturnRequest.State.APPROVED, False))

    def test_above_the_packs_amount_the_office_meeting_approves_after_the_general_manager(self) -> None:
        limit = Decimal(str(in_force(self.site_a).policy.param("p14", "office_meeting_above")))
        request = self.return_request(str(limit + Decimal("0.01")))
        chain = self.chain(request)
        self.assertEqual(
            [(s.role, s.step_clauses) for s in steps_of(chain)],
            [("general_manager", ["p12.15"]), ("general_manager_meeting", ["p14.3.4.7"])],
        )
        approvals.decide(chain, by=self.gm, approve=True, note="同意")
        request.refresh_from_db()
        self.assertEqual(request.state, ReturnRequest.State.AWAITING)  # the meeting still decides
        with self.assertRaises(Invalid):  # the meeting's decision needs its minutes
            approvals.decide(chain, by=self.gm, approve=True, note="")
        approvals.decide(chain, by=self.gm, approve=True, note="2026年总经理办公会第3次会议:同意退货")
        request.refresh_from_db()
        self.assertEqual(request.state, ReturnRequest.State.APPROVED)

    def test_a_refused_return_is_at_the_customers_cost(self) -> None:
        request = self.return_request()
        approvals.decide(self.chain(request), by=self.gm, approve=False, note="已过保修期")
        request.refresh_from_db()
        self.assertEqual(
            (request.state, request.costs_to_customer, request.costs_clause),
            (ReturnRequest.State.REFUSED, True, "p12.15"),
        )
        with self.assertRaises(Conflict):
            returns.carry_out(request, by=self.supervisor)
        self.assertFalse(PartMovement.objects.exists())

    def test_a_return_closed_without_approval_is_at_the_customers_cost(self) -> None:
        request = self.return_request()
        returns.withdraw(request, by=self.desk, reason="客户放弃退货")
        request.refresh_from_db()
        self.assertEqual(
            (request.state, request.costs_to_customer, request.costs_note),
            (ReturnRequest.State.WITHDRAWN, True, "客户放弃退货"),
        )
        self.assertEqual(self.chain(request).state, ApprovalRequest.State.CANCELLED)
        with self.assertRaises(Conflict):
            returns.withdraw(request, by=self.desk, reason="再关一次")

    def test_a_refused_exchange_is_refused_but_p12_15_speaks_only_of_returns(self) -> None:
        request = self.return_request(kind=ReturnRequest.Kind.EXCHANGE)
        self.assertEqual(self.chain(request).clause, "p14.3.4.7")
        approvals.decide(self.chain(request), by=self.gm, approve=False, note="不予换货")
        request.refresh_from_db()
        self.assertEqual((request.state, request.costs_to_customer), (ReturnRequest.State.REFUSED, False))

    def test_a_delegate_decides_while_the_general_manager_is_away(self) -> None:
        deputy = self.supervisor
        now = timezone.now()
        approvals.delegate(
            delegator=self.gm,
            delegate=deputy,
            starts_at=now - dt.timedelta(hours=1),
            ends_at=now + dt.timedelta(days=3),
            by=self.gm,
            reason="出差",
        )
        request = self.return_request()
        approvals.decide(self.chain(request), by=deputy, approve=True, note="代总经理同意")
        step = steps_of(self.chain(request))[0]
        self.assertEqual((step.decided_by, step.on_behalf_of), (deputy, self.gm))
        request.refresh_from_db()
        self.assertEqual(request.state, ReturnRequest.State.APPROVED)

    def test_the_requester_never_decides_and_others_off_the_chain_neither(self) -> None:
        request = self.return_request(by=self.supervisor)
        for user in (self.supervisor, self.desk, self.by_role[Role.HR_FINANCE]):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                approvals.decide(self.chain(request), by=user, approve=True, note="")

    def test_an_approved_return_goes_back_into_the_store_and_the_refund_out_of_the_account(self) -> None:
        parts.stock_in(self.part, by=self.supervisor, quantity=2, unit_cost=Decimal("2800.00"))
        request = self.return_request("3999.00", quantity=1)
        approvals.decide(self.chain(request), by=self.gm, approve=True, note="同意")
        returns.carry_out(request, by=self.supervisor)
        request.refresh_from_db()
        self.assertEqual(request.state, ReturnRequest.State.DONE)
        back = PartMovement.objects.get(return_request=request)
        self.assertEqual((back.kind, back.quantity, back.amount), ("return", 1, Decimal("2800.00")))
        refund = AccountEntry.objects.get(return_request=request)
        self.assertEqual((refund.kind, refund.expense), ("refund", Decimal("3999.00")))
        self.assertEqual(parts.stock_of(self.part), (3, Decimal("8400.00")))
        with self.assertRaises(Conflict):
            returns.carry_out(request, by=self.supervisor)
        actions = list(
            AuditEntry.objects.filter(model_label="aftersales.ReturnRequest", object_pk=str(request.pk))
            .order_by("pk")
            .values_list("action", flat=True)
        )
        self.assertEqual(
            actions, ["aftersales.return", "aftersales.return_approved", "aftersales.return_done"]
        )
        self.assertTrue(AuditEntry.objects.filter(action="approval.step.approve").exists())

    def test_an_approved_exchange_issues_the_replacement_at_cost(self) -> None:
        parts.stock_in(self.part, by=self.supervisor, quantity=1, unit_cost=Decimal("2800.00"))
        request = self.return_request("3999.00", kind=ReturnRequest.Kind.EXCHANGE)
        approvals.decide(self.chain(request), by=self.gm, approve=True, note="同意换货")
        returns.carry_out(request, by=self.supervisor)
        out = PartMovement.objects.get(return_request=request)
        self.assertEqual((out.kind, out.quantity, out.amount), ("exchange", -1, Decimal("-2800.00")))
        self.assertEqual(AccountEntry.objects.get(return_request=request).expense, Decimal("2800.00"))

    def test_an_exchange_needs_its_part_and_every_field_is_checked(self) -> None:
        with self.assertRaises(Invalid) as caught:
            self.return_request("-1", kind=ReturnRequest.Kind.EXCHANGE, part=None, content="", quantity=0)
        self.assertEqual(
            [loc[-1] for loc, _m in caught.exception.problems], ["content", "amount", "part", "quantity"]
        )
        self.assertFalse(ApprovalRequest.objects.exists())
