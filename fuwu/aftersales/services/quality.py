"""Quality complaints (p14.4.3): routed to the technical quality department, which gives its opinion;
when the quality is disputed, the product goes to the inspection body the contract names, whose
conclusion is final. Each step is a row of the quality complaint register, audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.aftersales.models import Complaint, QualityCase
from fuwu.aftersales.selectors.access import DECIDER_ROLES
from fuwu.aftersales.services.common import require, text_problem
from fuwu.aftersales.services.complaints import link
from fuwu.aftersales.services.desk import quality_department
from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import User
from fuwu.core.services import audit, outbox

QUALITY_DEPARTMENT = "quality_department"
INSPECTION_BODY = "inspection_body"
DESTINATIONS = (QUALITY_DEPARTMENT, INSPECTION_BODY)


def _case(complaint: Complaint) -> QualityCase | None:
    return QualityCase.objects.select_for_update().filter(complaint=complaint).first()


def routing_problems(
    complaint: Complaint,
    *,
    by: User,
    to: Maybe[str],
    inspection_body: Maybe[str],
    case: QualityCase | None,
) -> list[FieldProblem]:
    """403 unless a supervisor or the general manager of the site; 409 for a complaint that is no quality
    complaint, routed there already, or sent for inspection before the department has it."""
    require(by, complaint.site, DECIDER_ROLES, gettext("Only a supervisor or the general manager routes."))
    if complaint.kind != Complaint.Kind.QUALITY:
        raise Conflict(gettext("Only a quality complaint goes to the technical quality department."))
    if to is UNKNOWN:
        return []
    if to not in DESTINATIONS:
        message = gettext("Route to the technical quality department or to the inspection body.")
        return [(("body", "to"), message)]
    if to == QUALITY_DEPARTMENT:
        if case is not None:
            raise Conflict(gettext("The technical quality department has this complaint already."))
        return []
    if case is None:
        raise Conflict(gettext("Route it to the technical quality department first."))
    if case.sent_to_inspection_at is not None:
        raise Conflict(gettext("It has been sent for inspection already."))
    return text_problem(inspection_body, "inspection_body", longest=200)


def route(complaint: Complaint, *, by: User, to: str, inspection_body: str = "") -> QualityCase:
    """Send a quality complaint to the technical quality department (who is told), or — its quality
    disputed — to the inspection body the contract names."""
    with transaction.atomic():
        case = _case(complaint)
        Invalid.unless_empty(
            routing_problems(complaint, by=by, to=to, inspection_body=inspection_body, case=case)
        )
        now = timezone.now()
        if case is None:
            case = QualityCase.objects.create(
                complaint=complaint, site=complaint.site, routed_at=now, routed_by=by
            )
            audit.record_created(case, actor=by, action="aftersales.quality_route", site=complaint.site)
            outbox.notify(
                targets=[outbox.in_app(person) for person in quality_department(complaint.site)],
                subject=gettext("Quality complaint for the technical quality department (p14.4.3): %(who)s")
                % {"who": complaint.customer_name},
                body=complaint.content,
                url=link(complaint),
                key=f"complaint:{complaint.pk}:quality",
                site=complaint.site,
                by=by,
            )
            return case
        before = audit.snapshot(case)
        case.disputed, case.inspection_body, case.sent_to_inspection_at = True, inspection_body.strip(), now
        case.save(update_fields=["disputed", "inspection_body", "sent_to_inspection_at"])
        audit.record(
            actor=by, action="aftersales.quality_inspection", obj=case, before=before,
            after=audit.snapshot(case), site=complaint.site,
        )  # fmt: skip
    return case


def record_opinion(case: QualityCase, *, by: User, opinion: str) -> QualityCase:
    """The technical quality department's opinion (技术质量部处理意见), once."""
    return _record(case, by=by, field="opinion", text=opinion)


def record_conclusion(case: QualityCase, *, by: User, conclusion: str) -> QualityCase:
    """The inspection body's conclusion (检定结论), final, once; only after it was sent for inspection."""
    return _record(case, by=by, field="conclusion", text=conclusion)


def _record(case: QualityCase, *, by: User, field: str, text: str) -> QualityCase:
    with transaction.atomic():
        case = QualityCase.objects.select_for_update(of=("self",)).select_related("site").get(pk=case.pk)
        require(by, case.site, DECIDER_ROLES, gettext("Only a supervisor or the general manager records it."))
        if getattr(case, field):
            raise Conflict(gettext("This has been recorded already."))
        if field == "conclusion" and case.sent_to_inspection_at is None:
            raise Conflict(gettext("Only a product sent for inspection gets its conclusion."))
        Invalid.unless_empty(text_problem(text, field, longest=1000))
        before = audit.snapshot(case)
        stamp = "opinion_at" if field == "opinion" else "concluded_at"
        setattr(case, field, text.strip())
        setattr(case, stamp, timezone.now())
        case.save(update_fields=[field, stamp])
        audit.record(
            actor=by, action=f"aftersales.quality_{field}", obj=case, before=before,
            after=audit.snapshot(case), site=case.site,
        )  # fmt: skip
    return case
