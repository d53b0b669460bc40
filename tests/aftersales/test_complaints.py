"""Complaints: registered with p14.3.4.7's facts, owing a reply within the pack's time (p14.4.1) that the
reply meets, non-quality ones reported at once (p12.12), and the finding: a substantiated complaint about
staff attitude becomes a p12.6 incident, one about the after-sales supervisor a p12.17 one, and both reach
the staff ledger with their clause and pack version once approved."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied

from fuwu.aftersales.models import Complaint, ComplaintNote
from fuwu.aftersales.selectors.complaints import reply_deadlines
from fuwu.aftersales.services import complaints
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import AppendOnlyError, AuditEntry, OutboxMessage
from fuwu.core.roles import Role
from fuwu.customers.models import CustomerEvent
from fuwu.customers.services.customers import create_customer
from fuwu.regulations.policies import in_force
from fuwu.staff.models import Incident, LedgerEntry, Review
from fuwu.staff.services.incidents import approve_incident
from tests.aftersales.base import RECEIVED, AftersalesTestCase


def reply_within(site: object) -> dt.timedelta:
    """p14.4.1's time as the pack in force writes it (its parameter reply_within, e.g. "24h")."""
    text = str(in_force(site).policy.param("p14", "reply_within"))  # type: ignore[arg-type]
    number, unit = re.fullmatch(r"(\d+)([hd])", text).groups()  # type: ignore[union-attr]
    return dt.timedelta(hours=int(number)) * (24 if unit == "d" else 1)


class ReceiveTests(AftersalesTestCase):
    def test_it_registers_the_customers_facts_and_puts_the_complaint_on_the_timeline(self) -> None:
        complaint = self.complaint()
        self.assertEqual(
            (
                complaint.customer_name,
                complaint.address,
                complaint.contact,
                complaint.product,
                complaint.grade,
                complaint.purchased_on,
            ),
            (
                "王女士",
                "锦绣花园3栋2单元1201",
                "138-0013-8000",
                "格力空调 KFR-35GW",
                "一级能效",
                dt.date(2025, 6, 1),
            ),
        )
        event = complaint.contact_event
        assert event is not None
        self.assertEqual(
            (event.type, event.reason, event.at, event.ref),
            (CustomerEvent.Type.CONTACT, "complaint", RECEIVED, f"complaint:{complaint.pk}"),
        )
        self.assertTrue(
            AuditEntry.objects.filter(action="aftersales.complaint", object_pk=str(complaint.pk)).exists()
        )

    def test_a_non_quality_complaint_is_reported_to_the_company_at_once_and_a_quality_one_is_not(
        self,
    ) -> None:
        quality = self.complaint()
        other = self.complaint(Complaint.Kind.OTHER, content="上门时间一改再改")
        self.assertIsNone(quality.reported_at)
        self.assertIsNotNone(other.reported_at)
        told = set(
            OutboxMessage.objects.filter(
                idempotency_key__startswith=f"complaint:{other.pk}:reported"
            ).values_list("recipient_id", flat=True)
        )
        self.assertEqual(told, {self.gm.pk, self.supervisor.pk})

    def test_every_bad_field_is_named_at_once(self) -> None:
        stranger = create_customer(site=self.site_b, name="外站客户", by=self.admin)
        with self.assertRaises(Invalid) as caught:
            complaints.receive_complaint(
                self.site_a,
                by=self.desk,
                customer=stranger,
                kind="attitude",
                content=" ",
                received_at=RECEIVED + dt.timedelta(days=5),
                channel="fax",
            )
        fields = [loc[-1] for loc, _message in caught.exception.problems]
        self.assertEqual(fields, ["customer", "channel", "received_at", "content", "staff_member"])

    def test_roles_off_the_desk_and_other_sites_are_refused(self) -> None:
        for user in (self.by_role[Role.TECHNICIAN], self.by_role[Role.HR_FINANCE], self.outsider):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                self.complaint(by=user)

    def test_investigation_notes_are_written_once(self) -> None:
        complaint = self.complaint()
        note = complaints.add_note(complaint, by=self.desk, text="上门检测:冷媒泄漏")
        note.text = "改写"
        with self.assertRaises(AppendOnlyError):
            note.save()
        self.assertEqual(ComplaintNote.objects.get().text, "上门检测:冷媒泄漏")


class ReplyDeadlineTests(AftersalesTestCase):
    def stored(self, complaint: Complaint) -> tuple[str, str, dt.datetime]:
        deadline = reply_deadlines([complaint])[complaint.pk]
        assert deadline is not None
        return deadline.clause, deadline.state, deadline.due

    def test_the_reply_is_due_within_the_packs_time_and_a_reply_on_the_minute_meets_it(self) -> None:
        within = reply_within(self.site_a)
        self.assertEqual(within, dt.timedelta(hours=24))
        complaint = self.complaint()
        self.assertEqual(self.stored(complaint), ("p14.4.1", "breached", RECEIVED + within))
        complaints.reply(complaint, by=self.desk, text="已安排师傅上门", at=RECEIVED + within)
        complaint.refresh_from_db()
        self.assertEqual(self.stored(complaint), ("p14.4.1", "met", RECEIVED + within))
        self.assertEqual(complaint.state, Complaint.State.REPLIED)

    def test_a_reply_a_minute_late_is_breached(self) -> None:
        complaint = self.complaint()
        complaints.reply(
            complaint,
            by=self.desk,
            text="已安排",
            at=RECEIVED + reply_within(self.site_a) + dt.timedelta(minutes=1),
        )
        self.assertEqual(self.stored(complaint)[1], "breached")

    def test_a_fresh_complaint_is_open_with_its_time_left(self) -> None:
        now = RECEIVED + dt.timedelta(days=2)
        complaint = self.complaint(received_at=now - dt.timedelta(hours=1))
        deadline = reply_deadlines([complaint])[complaint.pk]
        assert deadline is not None
        self.assertEqual(deadline.state, "open")
        self.assertEqual(deadline.due, now + dt.timedelta(hours=23))

    def test_a_second_reply_is_refused_and_a_reply_before_the_complaint_too(self) -> None:
        complaint = self.complaint()
        with self.assertRaises(Invalid) as caught:
            complaints.reply(complaint, by=self.desk, text="x", at=RECEIVED - dt.timedelta(minutes=5))
        self.assertEqual(caught.exception.problems[0][0], ("body", "at"))
        complaints.reply(complaint, by=self.desk, text="已答复", at=RECEIVED + dt.timedelta(hours=1))
        with self.assertRaises(Conflict):
            complaints.reply(complaint, by=self.desk, text="再次答复")


class FindingTests(AftersalesTestCase):
    def test_a_substantiated_attitude_complaint_is_a_p12_6_incident_with_the_recorders_amount(self) -> None:
        complaint = self.complaint(Complaint.Kind.ATTITUDE, content="维修工态度恶劣,与业主争吵")
        complaints.conclude(
            complaint,
            by=self.supervisor,
            substantiated=True,
            note="调查属实:与业主争吵",
            amount=Decimal("200.00"),
        )
        complaint.refresh_from_db()
        incident = complaint.incident
        assert incident is not None
        self.assertEqual(
            (incident.employee, incident.clause, incident.amount, incident.state, incident.at),
            (self.worker, "p12.6", Decimal("200.00"), Incident.State.RECORDED, RECEIVED),
        )
        self.assertEqual(complaint.finding, Complaint.Finding.SUBSTANTIATED)
        self.assertFalse(LedgerEntry.objects.exists())  # nothing binds before approval
        approve_incident(incident, by=self.gm)
        entries = list(LedgerEntry.objects.filter(employee=self.worker))
        self.assertEqual(
            [(e.kind, e.clause, e.amount, e.pack_version) for e in entries],
            [("fine", "p12.6", Decimal("200.00"), 1)],
        )
        # p12.6's probation or dismissal is HR's decision: it waits in the review queue.
        self.assertTrue(Review.objects.filter(employee=self.worker, clause="p12.6").exists())

    def test_a_substantiated_complaint_about_the_supervisor_is_the_p12_17_fine(self) -> None:
        complaint = self.complaint(Complaint.Kind.SUPERVISOR, content="售后主管推诿")
        self.assertEqual(complaint.staff_member, self.supervisor)
        with self.assertRaises(PermissionDenied):  # never about themselves
            complaints.conclude(complaint, by=self.supervisor, substantiated=True, note="属实")
        complaints.conclude(complaint, by=self.gm, substantiated=True, note="属实")
        complaint.refresh_from_db()
        incident = complaint.incident
        assert incident is not None
        self.assertEqual((incident.employee, incident.clause, incident.amount), (self.boss, "p12.17", None))
        approve_incident(incident, by=self.gm)
        self.assertEqual(
            [
                (e.kind, e.clause, e.amount, e.pack_version)
                for e in LedgerEntry.objects.filter(employee=self.boss)
            ],
            [("fine", "p12.17", Decimal("10.00"), 1)],
        )

    def test_an_attitude_fine_needs_its_amount_and_p12_17_takes_none(self) -> None:
        attitude = self.complaint(Complaint.Kind.ATTITUDE)
        with self.assertRaises(Invalid) as caught:
            complaints.conclude(attitude, by=self.supervisor, substantiated=True, note="属实")
        self.assertEqual([loc for loc, _m in caught.exception.problems], [("body", "amount")])
        about_boss = self.complaint(Complaint.Kind.SUPERVISOR)
        with self.assertRaises(Invalid) as caught:
            complaints.conclude(about_boss, by=self.gm, substantiated=True, note="属实", amount=Decimal("50"))
        self.assertEqual([loc for loc, _m in caught.exception.problems], [("body", "amount")])

    def test_an_unfounded_complaint_gives_no_incident_and_a_second_finding_is_refused(self) -> None:
        complaint = self.complaint(Complaint.Kind.ATTITUDE)
        complaints.conclude(complaint, by=self.supervisor, substantiated=False, note="查无此事")
        complaint.refresh_from_db()
        self.assertEqual((complaint.finding, complaint.incident), (Complaint.Finding.UNFOUNDED, None))
        with self.assertRaises(Conflict):
            complaints.conclude(
                complaint, by=self.supervisor, substantiated=True, note="再议", amount=Decimal("1")
            )

    def test_only_supervisors_and_the_general_manager_conclude(self) -> None:
        complaint = self.complaint(Complaint.Kind.OTHER)
        with self.assertRaises(PermissionDenied):
            complaints.conclude(complaint, by=self.desk, substantiated=False, note="x")
