"""Approval chains built from the packs: request, approve, reject, above the amount, who decides, 409."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied

from fuwu.approvals import services as approvals
from fuwu.approvals.models import ApprovalRequest, ApprovalStep
from fuwu.approvals.services import chains
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import AuditEntry, OutboxMessage
from tests.approvals.base import CALLS, ApprovalsTestCase


def states(request: ApprovalRequest) -> list[tuple[str, str]]:
    return list(request.steps.order_by("position").values_list("role", "state"))


class RequestTests(ApprovalsTestCase):
    def test_a_return_needs_the_general_manager_as_p12_15_says(self) -> None:
        request = self.ask("p12.15")
        self.assertEqual(
            (request.clause, request.pack, request.pack_version, request.action, request.unapproved),
            ("p12.15", "p12", 1, "售后退货", "costs_to_customer"),
        )
        self.assertIn("未经总经理同意的退货", request.rule_text())
        self.assertEqual(states(request), [("general_manager", "pending")])
        # The general managers are told (the company-wide role), not the requester.
        told = set(OutboxMessage.objects.values_list("recipient_id", flat=True))
        self.assertEqual(told, {self.gm.pk, self.gm2.pk})

    def test_work_outside_the_service_list_needs_the_site_s_supervisors(self) -> None:
        request = self.ask("p10.3.5", by=self.dispatcher)
        self.assertEqual(states(request), [("supervisor", "pending")])
        step = request.steps.get()
        self.assertEqual(step.pack_role, "department_head")
        told = set(OutboxMessage.objects.values_list("recipient_id", flat=True))
        self.assertEqual(told, {self.supervisor.pk, self.supervisor2.pk})

    def test_a_clause_without_an_approval_rule_is_refused(self) -> None:
        for clause in ("p09.2a", "p99.1"):
            with self.subTest(clause), self.assertRaises(Conflict):
                self.ask(clause)
        with self.assertRaises(Conflict):
            self.ask("p10.3.4")  # the customer's consent is no staff approval
        self.assertFalse(ApprovalRequest.objects.exists())

    def test_one_pending_request_per_subject(self) -> None:
        self.ask()
        with self.assertRaises(Conflict):
            self.ask()
        self.ask(subject_id=2)

    def test_a_rule_with_an_amount_limit_needs_the_amount(self) -> None:
        with self.assertRaises(Invalid) as raised:
            self.ask("p14.3.4.7")
        self.assertEqual(raised.exception.problems[0][0], ("body", "amount"))
        with self.assertRaises(Invalid):
            self.ask("p12.15", amount=Decimal("-1"))

    def test_the_request_is_audited_with_its_steps(self) -> None:
        request = self.ask(("p12.15", "p14.3.4.7"), amount=Decimal("6000"))
        entry = AuditEntry.objects.get(action="approval.request")
        self.assertEqual(entry.object_pk, str(request.pk))
        self.assertEqual(
            (entry.after or {})["steps"],
            [[1, "general_manager", ["p12.15"]], [2, "general_manager_meeting", ["p14.3.4.7"]]],
        )


class AmountTests(ApprovalsTestCase):
    """p14.3.4.7: the general manager approves; above office_meeting_above (5000.00) the office meeting."""

    def test_at_the_limit_the_general_manager_decides(self) -> None:
        request = self.ask("p14.3.4.7", amount=Decimal("5000.00"))
        self.assertEqual(states(request), [("general_manager", "pending")])
        self.assertEqual(request.rules[0]["above_amount"], "5000.00")

    def test_above_the_limit_the_office_meeting_decides(self) -> None:
        request = self.ask("p14.3.4.7", amount=Decimal("5000.01"))
        self.assertEqual(states(request), [("general_manager_meeting", "pending")])
        self.assertEqual(request.steps.get().pack_role, "general_manager_office")

    def test_a_return_below_the_limit_is_one_step_answering_both_clauses(self) -> None:
        request = self.ask(("p12.15", "p14.3.4.7"), amount=Decimal("1200"))
        self.assertEqual(
            list(request.steps.values_list("role", "step_clauses")),
            [("general_manager", ["p12.15", "p14.3.4.7"])],
        )
        self.assertEqual(request.unapproved, "costs_to_customer")

    def test_a_return_above_the_limit_goes_from_the_general_manager_to_the_meeting(self) -> None:
        request = self.ask(("p12.15", "p14.3.4.7"), amount=Decimal("6200"))
        self.assertEqual(
            states(request), [("general_manager", "pending"), ("general_manager_meeting", "waiting")]
        )
        request = approvals.decide(request, by=self.gm, approve=True, note="同意提交办公会")
        self.assertEqual(request.state, "pending")
        self.assertEqual(
            states(request), [("general_manager", "approved"), ("general_manager_meeting", "pending")]
        )
        self.assertEqual(CALLS, [])
        # The meeting's decision is recorded by a general manager, with the meeting's note.
        with self.assertRaises(Invalid) as raised:
            approvals.decide(request, by=self.gm, approve=True, note=" ")
        self.assertEqual(raised.exception.problems[0][0], ("body", "note"))
        with self.assertRaises(PermissionDenied):
            approvals.decide(request, by=self.supervisor, approve=True, note="办公会")
        request = approvals.decide(
            request, by=self.gm2, approve=True, note="2026-03-02 总经理办公会决议同意退货"
        )
        self.assertEqual(request.state, "approved")
        self.assertEqual(CALLS, [(request.pk, "approved", self.gm2.pk)])
        # The meeting's waiting step was announced to the general managers when it was reached.
        told = OutboxMessage.objects.filter(
            idempotency_key__startswith=f"approval:{request.pk}:step:2:waiting"
        )
        self.assertEqual(set(told.values_list("recipient_id", flat=True)), {self.gm.pk, self.gm2.pk})


class DecideTests(ApprovalsTestCase):
    def test_approve_calls_the_handler_once_and_tells_the_requester(self) -> None:
        request = approvals.decide(self.ask(), by=self.gm, approve=True, note="同意")
        self.assertEqual((request.state, request.costs_to_customer), ("approved", False))
        self.assertIsNotNone(request.decided_at)
        step = request.steps.get()
        self.assertEqual(
            (step.state, step.decided_by_id, step.on_behalf_of_id, step.note),
            ("approved", self.gm.pk, None, "同意"),
        )
        self.assertEqual(CALLS, [(request.pk, "approved", self.gm.pk)])
        told = OutboxMessage.objects.filter(
            recipient=self.cm, idempotency_key__startswith=f"approval:{request.pk}:approved"
        )
        self.assertEqual(told.count(), 1)

    def test_reject_ends_the_chain_and_the_costs_fall_on_the_customer(self) -> None:
        request = self.ask(("p12.15", "p14.3.4.7"), amount=Decimal("9000"))
        request = approvals.decide(request, by=self.gm, approve=False, note="不符合退货条件")
        self.assertEqual(request.state, "rejected")
        self.assertTrue(request.costs_to_customer)
        self.assertEqual(
            states(request), [("general_manager", "rejected"), ("general_manager_meeting", "skipped")]
        )
        self.assertEqual(CALLS, [(request.pk, "rejected", self.gm.pk)])

    def test_a_decided_step_again_is_a_conflict(self) -> None:
        request = self.ask()
        approvals.decide(request, by=self.gm, approve=True)
        with self.assertRaises(Conflict):
            approvals.decide(request, by=self.gm2, approve=False)
        self.assertEqual(CALLS, [(request.pk, "approved", self.gm.pk)])

    def test_a_double_click_does_not_decide_the_next_step(self) -> None:
        request = self.ask(("p12.15", "p14.3.4.7"), amount=Decimal("9000"))
        approvals.decide(request, by=self.gm, approve=True, step=1)
        with self.assertRaises(Conflict):
            approvals.decide(request, by=self.gm, approve=True, note="办公会同意", step=1)
        self.assertEqual(states(request)[1], ("general_manager_meeting", "pending"))

    def test_only_the_role_s_holders_at_the_site_decide(self) -> None:
        request = self.ask("p10.3.5", by=self.dispatcher)
        for outsider in (self.supervisor_b, self.gm, self.dispatcher, self.cm, self.admin):
            with self.subTest(outsider.username), self.assertRaises(PermissionDenied):
                approvals.decide(request, by=outsider, approve=True)
        approvals.decide(request, by=self.supervisor2, approve=True)

    def test_the_requester_never_decides_their_own_request(self) -> None:
        request = self.ask("p10.3.5", by=self.supervisor)
        with self.assertRaises(PermissionDenied):
            approvals.decide(request, by=self.supervisor, approve=True)
        self.assertEqual(approvals.decide(request, by=self.supervisor2, approve=True).state, "approved")

    def test_every_step_is_audited(self) -> None:
        request = self.ask(("p12.15", "p14.3.4.7"), amount=Decimal("9000"))
        approvals.decide(request, by=self.gm, approve=True)
        approvals.decide(request, by=self.gm, approve=False, note="办公会不同意")
        actions = list(
            AuditEntry.objects.filter(model_label__startswith="approvals.")
            .order_by("id")
            .values_list("action", "actor_id")
        )
        self.assertEqual(
            actions,
            [
                ("approval.request", self.cm.pk),
                ("approval.step.approve", self.gm.pk),
                ("approval.step.open", self.gm.pk),
                ("approval.step.reject", self.gm.pk),
                ("approval.rejected", self.gm.pk),
            ],
        )

    def test_cancel_by_the_requester_or_the_subject_s_app(self) -> None:
        request = self.ask()
        with self.assertRaises(PermissionDenied):
            approvals.cancel(request, by=self.dispatcher)
        request = approvals.cancel(request, by=self.cm, reason="客户撤回")
        self.assertEqual((request.state, request.cancel_reason), ("cancelled", "客户撤回"))
        self.assertEqual(states(request), [("general_manager", "skipped")])
        self.assertEqual(CALLS, [(request.pk, "cancelled", self.cm.pk)])
        with self.assertRaises(Conflict):
            approvals.cancel(request, by=self.cm)
        with self.assertRaises(Conflict):
            approvals.decide(request, by=self.gm, approve=True)
        # The subject's own app withdraws without being called back.
        CALLS.clear()
        second = approvals.cancel(self.ask(subject_id=2), by=self.dispatcher, by_subject=True)
        self.assertEqual((second.state, CALLS), ("cancelled", []))

    def test_a_failing_handler_rolls_the_decision_back(self) -> None:
        from tests.approvals import base

        request = self.ask()

        def boom(request: ApprovalRequest, by: object) -> None:
            raise RuntimeError("the subject refused")

        original = chains._handlers[base.SUBJECT]
        chains._handlers[base.SUBJECT] = boom
        try:
            with self.assertRaises(RuntimeError):
                approvals.decide(request, by=self.gm, approve=True)
        finally:
            chains._handlers[base.SUBJECT] = original
        request.refresh_from_db()
        self.assertEqual((request.state, states(request)), ("pending", [("general_manager", "pending")]))
        self.assertFalse(ApprovalStep.objects.filter(decided_by__isnull=False).exists())
