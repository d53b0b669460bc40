"""Quality complaints (p14.4.3): routed to the technical quality department (who is told), its opinion,
and a disputed quality sent to the inspection body the contract names, whose conclusion is final; the
register lists each case with those columns."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fuwu.aftersales.models import Complaint, Desk, QualityCase
from fuwu.aftersales.selectors.registers import REGISTERS, Period
from fuwu.aftersales.services import quality
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import OutboxMessage
from fuwu.core.roles import Role
from tests.aftersales.base import RECEIVED, AftersalesTestCase


class RoutingTests(AftersalesTestCase):
    def test_a_quality_complaint_goes_to_the_department_then_disputed_to_the_inspection_body(self) -> None:
        complaint = self.complaint()
        case = quality.route(complaint, by=self.supervisor, to=quality.QUALITY_DEPARTMENT)
        told = OutboxMessage.objects.filter(idempotency_key__startswith=f"complaint:{complaint.pk}:quality")
        self.assertEqual([m.recipient_id for m in told], [self.supervisor.pk])
        quality.record_opinion(case, by=self.supervisor, opinion="压缩机批次缺陷,同意更换")
        quality.route(
            complaint, by=self.supervisor, to=quality.INSPECTION_BODY, inspection_body="省家电质检所"
        )
        with self.assertRaises(Conflict):
            quality.route(complaint, by=self.supervisor, to=quality.INSPECTION_BODY, inspection_body="另一家")
        quality.record_conclusion(case, by=self.gm, conclusion="属产品质量问题")
        case.refresh_from_db()
        self.assertEqual(
            (case.opinion, case.disputed, case.inspection_body, case.conclusion),
            ("压缩机批次缺陷,同意更换", True, "省家电质检所", "属产品质量问题"),
        )
        start = RECEIVED.replace(day=1, hour=0, minute=0) - dt.timedelta(days=40)
        rows = REGISTERS["quality"].rows(Period(self.site_a, start, timezone.now()))
        self.assertEqual(
            rows[0][1:],
            [
                "王女士",
                "格力空调 KFR-35GW",
                "空调不制冷",
                "压缩机批次缺陷,同意更换",
                True,
                "省家电质检所",
                "属产品质量问题",
            ],
        )

    def test_the_contact_the_department_names_is_told(self) -> None:
        contact = self.by_role[Role.HR_FINANCE]
        Desk.objects.create(site=self.site_a, quality_contact=contact)
        complaint = self.complaint()
        quality.route(complaint, by=self.supervisor, to=quality.QUALITY_DEPARTMENT)
        self.assertEqual(
            list(
                OutboxMessage.objects.filter(idempotency_key__contains=":quality").values_list(
                    "recipient_id", flat=True
                )
            ),
            [contact.pk],
        )

    def test_what_cannot_be_routed_is_refused(self) -> None:
        other = self.complaint(Complaint.Kind.OTHER)
        with self.assertRaises(Conflict):
            quality.route(other, by=self.supervisor, to=quality.QUALITY_DEPARTMENT)
        complaint = self.complaint()
        with self.assertRaises(Conflict):  # not before the department has it
            quality.route(complaint, by=self.supervisor, to=quality.INSPECTION_BODY, inspection_body="质检所")
        with self.assertRaises(PermissionDenied):
            quality.route(complaint, by=self.desk, to=quality.QUALITY_DEPARTMENT)
        case = quality.route(complaint, by=self.supervisor, to=quality.QUALITY_DEPARTMENT)
        with self.assertRaises(Conflict):
            quality.route(complaint, by=self.supervisor, to=quality.QUALITY_DEPARTMENT)
        with self.assertRaises(Invalid):
            quality.route(complaint, by=self.supervisor, to=quality.INSPECTION_BODY, inspection_body=" ")
        with self.assertRaises(Conflict):  # no conclusion without an inspection
            quality.record_conclusion(case, by=self.supervisor, conclusion="合格")
        self.assertEqual(QualityCase.objects.count(), 1)
