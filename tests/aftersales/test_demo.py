"""The after-sales demo: `fuwu demo` leaves the store's department at work — complaints in every state with
their p12.6 and p12.17 incidents in open months, returns and exchanges in every state of the approval
chain with a delegate's decision on the general manager's behalf, p10.3.5 decisions on repair orders, a
parts store whose movements add up to its stock, reports with rows — and a second run makes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from unittest import mock

from django.apps import apps
from django.core.management import call_command
from django.db.models import Sum
from django.test import TestCase
from django.utils import timezone

from fuwu.aftersales import demo_desk
from fuwu.aftersales.models import (
    AccountEntry,
    Call,
    Complaint,
    DesignDefect,
    Part,
    PartMovement,
    QualityCase,
    ReturnRequest,
)
from fuwu.aftersales.reports.feedback import weekly_feedback
from fuwu.aftersales.reports.parts_cost import parts_cost
from fuwu.aftersales.reports.summary import monthly_summary
from fuwu.aftersales.selectors.complaints import reply_deadlines
from fuwu.aftersales.selectors.parts import parts_with_stock
from fuwu.aftersales.services.parts import stock_of
from fuwu.approvals.models import ApprovalRequest, ApprovalStep, Delegation
from fuwu.core.models import AuditEntry, Notification, OutboxMessage, Site, User
from fuwu.regulations.policies import in_force
from fuwu.staff.models import Incident, LedgerEntry, MonthClose

STORE = "binjiang"

COUNTED_APPS = ("aftersales", "approvals", "orders", "staff", "customers", "regulations")
R = ReturnRequest.State


def _counts() -> dict[str, int]:
    """Every row of the apps the demo writes to, with the audit trail and the outbox."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in COUNTED_APPS
    }
    counts.update(
        audit=AuditEntry.objects.count(),
        outbox=OutboxMessage.objects.count(),
        notifications=Notification.objects.count(),
    )
    return counts


def _demo() -> str:
    """`fuwu demo` with the desk's repair calls and their orders (left out under the test suite unless
    asked for); what it printed."""
    out = StringIO()
    with mock.patch.object(demo_desk, "REPAIRS_UNDER_TEST", True):
        call_command("demo", stdout=out)
    return out.getvalue()


def _month_start(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day.replace(day=1), dt.time(), tzinfo=zone)


class AftersalesDemoTests(TestCase):
    summary: str
    first: dict[str, int]
    site: Site

    @classmethod
    def setUpTestData(cls) -> None:
        cls.summary = _demo()
        cls.first = _counts()
        cls.site = Site.objects.get(code=STORE)

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    def test_a_second_run_makes_nothing(self) -> None:
        again = _demo()
        assert _counts() == self.first
        line = next(row for row in self.summary.splitlines() if row.startswith("  aftersales: "))
        assert line in again.splitlines()  # the same summary on every run
        assert "36 calls, 8 complaints (3 awaiting a reply), 9 returns and exchanges" in line

    def test_returns_and_exchanges_stand_in_every_state_of_the_chain(self) -> None:
        requests = ReturnRequest.objects.filter(site=self.site)
        assert set(requests.values_list("state", flat=True)) == set(R.values)
        chains = {r.pk: ApprovalRequest.objects.get(pk=r.approval_id or 0) for r in requests}
        limit = Decimal(str(in_force(self.site).policy.param("p14", "office_meeting_above")))
        gm = self.user("gm")

        def steps(request: ReturnRequest) -> list[tuple[str, str]]:
            return [(s.role, s.state) for s in chains[request.pk].steps.order_by("position")]

        waiting_gm = requests.filter(state=R.AWAITING, amount__lte=limit).get()
        assert steps(waiting_gm) == [("general_manager", "pending")]
        waiting_meeting = requests.filter(state=R.AWAITING, amount__gt=limit).get()
        assert steps(waiting_meeting) == [
            ("general_manager", "approved"),
            ("general_manager_meeting", "pending"),
        ]
        by_meeting = requests.filter(state=R.APPROVED, amount__gt=limit).get()
        meeting = chains[by_meeting.pk].steps.get(role="general_manager_meeting")
        assert (meeting.state, meeting.decided_by) == (ApprovalStep.State.APPROVED, gm)
        assert "总经理办公会" in meeting.note  # the meeting's minutes, recorded by the general manager
        refused = requests.get(state=R.REFUSED)
        assert (refused.costs_to_customer, refused.costs_clause) == (True, "p12.15")
        assert chains[refused.pk].state == ApprovalRequest.State.REJECTED
        withdrawn = requests.filter(state=R.WITHDRAWN)
        assert {chains[r.pk].state for r in withdrawn} == {ApprovalRequest.State.CANCELLED}
        # Closed without approval: a return's costs fall on the customer, a withdrawn exchange's do not.
        assert {(r.kind, r.costs_to_customer) for r in withdrawn} == {
            (ReturnRequest.Kind.RETURN, True),
            (ReturnRequest.Kind.EXCHANGE, False),
        }

    def test_what_was_carried_out_moved_the_store_and_the_account(self) -> None:
        done = ReturnRequest.objects.filter(site=self.site, state=R.DONE)
        returned = done.get(kind=ReturnRequest.Kind.RETURN)
        [back] = PartMovement.objects.filter(return_request=returned)
        assert (back.kind, back.quantity, back.part.code) == (PartMovement.Kind.RETURN, 1, "MT-01")
        refund = AccountEntry.objects.get(return_request=returned, kind=AccountEntry.Kind.REFUND)
        assert refund.expense == returned.amount
        assert returned.complaint is not None and returned.complaint.kind == Complaint.Kind.QUALITY
        exchanged = done.get(kind=ReturnRequest.Kind.EXCHANGE)
        [issued] = PartMovement.objects.filter(return_request=exchanged)
        assert (issued.kind, issued.quantity) == (PartMovement.Kind.EXCHANGE, -1)
        assert AccountEntry.objects.get(movement=issued).expense == -issued.amount > 0

    def test_a_delegate_decided_on_behalf_of_the_general_manager(self) -> None:
        gm, first, second = self.user("gm"), self.user("supervisor1"), self.user("supervisor2")
        step = ApprovalStep.objects.get(on_behalf_of=gm)
        assert (step.decided_by, step.state, step.role) == (
            first,
            ApprovalStep.State.APPROVED,
            "general_manager",
        )
        request = ReturnRequest.objects.get(approval_id=step.request_id)
        assert request.state == R.APPROVED
        entry = AuditEntry.objects.get(action="approval.step.approve", object_pk=str(step.pk))
        assert (entry.actor_id, (entry.after or {})["on_behalf_of_id"]) == (first.pk, gm.pk)
        ended = Delegation.objects.get(delegator=gm, delegate=first)
        assert ended.ended_at is not None and not ended.in_force()
        assert step.decided_at is not None  # decided while it was in force:
        assert ended.starts_at <= step.decided_at <= ended.ended_at
        current = Delegation.objects.get(delegator=gm, delegate=second)
        assert current.in_force()

    def test_complaints_stand_in_every_state(self) -> None:
        complaints = list(Complaint.objects.filter(site=self.site).prefetch_related("notes"))
        deadlines = reply_deadlines(complaints)
        owed = [(c, d) for c in complaints if (d := deadlines[c.pk]) is not None]
        assert len(owed) == len(complaints) == 8  # each owes its reply, under p14.4.1
        assert {d.clause for _c, d in owed} == {"p14.4.1"}
        states = {(c.state, c.finding, bool(c.notes.all()), d.state, d.late) for c, d in owed}
        assert (Complaint.State.OPEN, "", False, "open", False) in states  # new
        assert (Complaint.State.OPEN, "", True, "open", False) in states  # under investigation
        assert (Complaint.State.REPLIED, Complaint.Finding.UNFOUNDED, False, "met", False) in states
        overdue = [c for c, d in owed if c.state == Complaint.State.OPEN and d.late]
        assert len(overdue) == 1 and timezone.now() - overdue[0].received_at > dt.timedelta(days=1)
        cases = QualityCase.objects.filter(site=self.site)
        routed = cases.get(disputed=False)
        assert routed.opinion and routed.complaint.kind == Complaint.Kind.QUALITY
        disputed = cases.get(disputed=True)
        assert disputed.inspection_body and disputed.sent_to_inspection_at is not None and disputed.opinion

    def test_substantiated_complaints_about_staff_gave_their_incidents_in_open_months(self) -> None:
        attitude = Complaint.objects.get(site=self.site, kind=Complaint.Kind.ATTITUDE)
        assert attitude.finding == Complaint.Finding.SUBSTANTIATED and attitude.incident is not None
        assert (attitude.incident.clause, attitude.incident.state) == ("p12.6", Incident.State.RECORDED)
        assert attitude.incident.amount == Decimal("200.00")
        assert attitude.incident.employee.user.username == "tech7"
        about_supervisor = Complaint.objects.get(site=self.site, kind=Complaint.Kind.SUPERVISOR)
        incident = about_supervisor.incident
        assert incident is not None and incident.employee.user.username == "supervisor2"
        assert (incident.clause, incident.state) == ("p12.17", Incident.State.APPROVED)
        fine = LedgerEntry.objects.filter(ref=f"incident:{incident.pk}").aggregate(total=Sum("amount"))
        assert fine["total"] == Decimal("10.00")
        zone = in_force(self.site).zone
        for row in (attitude.incident, incident):
            month = row.at.astimezone(zone).date().replace(day=1)
            assert not MonthClose.objects.filter(site=row.site, month=month).exists()

    def test_repair_orders_wait_for_or_got_the_department_heads_approval(self) -> None:
        chains = ApprovalRequest.objects.filter(site=self.site, subject_type="order", clause="p10.3.5")
        states = set(chains.values_list("state", flat=True))
        assert {ApprovalRequest.State.PENDING, ApprovalRequest.State.APPROVED} <= states
        decided = chains.get(state=ApprovalRequest.State.APPROVED).steps.get()
        assert decided.decided_by == self.user("supervisor2")
        calls = Call.objects.filter(site=self.site, order__isnull=False)
        assert calls.count() == 10 and all(call.needs_repair for call in calls)

    def test_the_parts_ledger_adds_up_to_the_stock(self) -> None:
        parts = list(parts_with_stock(self.site))
        assert len(parts) == 10
        for part in parts:
            held, value = stock_of(part)
            assert (part.held, part.value) == (held, value)  # type: ignore[attr-defined]
            assert held >= 0 and value >= 0
        issues = PartMovement.objects.filter(site=self.site, kind=PartMovement.Kind.ORDER)
        assert issues.count() >= 8 and not issues.filter(order__isnull=True).exists()
        for movement in issues:
            assert AccountEntry.objects.get(movement=movement).expense == -movement.amount
        # Month by month, the report carries the store's value on: last month's end is this month's start.
        zone = in_force(self.site).zone
        today = timezone.localtime(timezone=zone).date()
        this_month = _month_start(today, zone)
        last_month = _month_start(today.replace(day=1) - dt.timedelta(days=1), zone)
        later = _month_start(today.replace(day=28) + dt.timedelta(days=4), zone)
        before, now = parts_cost(self.site, last_month, this_month), parts_cost(self.site, this_month, later)
        assert before.movements and now.movements and before.cost > 0
        assert before.closing_value == now.opening_value
        total = PartMovement.objects.filter(site=self.site).aggregate(value=Sum("amount"))["value"]
        assert (
            now.closing_value
            == total
            == sum((stock_of(p)[1] for p in Part.objects.filter(site=self.site)), 0)
        )

    def test_the_reports_have_content(self) -> None:
        zone = in_force(self.site).zone
        today = timezone.localtime(timezone=zone).date()
        last_month = _month_start(today.replace(day=1) - dt.timedelta(days=1), zone)
        this_month = _month_start(today, zone)
        later = _month_start(today.replace(day=28) + dt.timedelta(days=4), zone)
        before, now = (
            monthly_summary(self.site, last_month, this_month),
            monthly_summary(self.site, this_month, later),
        )
        assert now.returns and now.complaints and now.costs_to_customers[0] == 2
        assert before.desk_calls and before.parts_cost > 0
        # The incidents came in within the last week: this month's, or last month's early in a month.
        assert before.incidents + now.incidents == 2
        monday = dt.datetime.combine(today - dt.timedelta(days=today.weekday()), dt.time(), tzinfo=zone)
        week = weekly_feedback(self.site, monday, monday + dt.timedelta(days=7))
        assert week.returns and week.defects and week.hard_cases
        earlier = weekly_feedback(self.site, monday - dt.timedelta(days=7), monday)
        assert earlier.calls and earlier.repairs_asked >= 1
        assert DesignDefect.objects.filter(site=self.site).count() == 2
        supervisor_calls = Call.objects.filter(site=self.site, register=Call.Register.SUPERVISOR)
        assert supervisor_calls.filter(holiday=True).exists()  # p12.14: holidays are no exception
