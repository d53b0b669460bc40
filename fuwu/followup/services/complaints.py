"""A complaint raised in a call belongs to the after-sales desk (p14.3.4.7, p14.4): it is received there,
through the after-sales app's own service, when that app is installed and the person on the phone works
its desk at the customer's site. Otherwise the complaint is put on the customer's timeline here, so the
reply it owes (p14.4.1) is still a stored deadline, and the desk takes it from the request."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.utils.translation import gettext

from fuwu.core.models import User
from fuwu.customers.models import Customer, CustomerEvent
from fuwu.customers.services import timeline
from fuwu.followup.models import Call, CallRequest

AFTERSALES = "fuwu.aftersales"


def receive(call: Call, customer: Customer, *, by: User, text: str, request: CallRequest) -> int | None:
    """Receive the complaint at the after-sales desk and return its id, or put it on the timeline and
    return None."""
    if apps.is_installed(AFTERSALES):
        from fuwu.aftersales.models import Complaint
        from fuwu.aftersales.selectors.access import DESK_ROLES, site_of_user
        from fuwu.aftersales.services.complaints import receive_complaint

        if site_of_user(by, customer.site, DESK_ROLES):
            complaint = receive_complaint(
                customer.site,
                by=by,
                customer=customer,
                kind=Complaint.Kind.OTHER,
                content=text[:1000],
                received_at=call.at,
                channel=Complaint.Channel.PHONE,
            )
            return complaint.pk
    timeline.record_event(
        customer,
        CustomerEvent.Type.CONTACT,
        at=call.at,
        by=by,
        reason=CustomerEvent.Reason.COMPLAINT,
        ref=f"call_request:{request.pk}",
        note=text or gettext("Complaint raised in a call"),
    )
    return None


def replied(complaint_ids: Iterable[int | None]) -> set[int]:
    """Which of the after-sales complaints have had their reply (one query; none without the app)."""
    ids = {pk for pk in complaint_ids if pk is not None}
    if not ids or not apps.is_installed(AFTERSALES):
        return set()
    from fuwu.aftersales.models import Complaint

    found = Complaint.objects.filter(pk__in=ids, state=Complaint.State.REPLIED).values_list("pk", flat=True)
    return set(found)


def link(complaint_id: int | None) -> str:
    """The after-sales complaint's page, or '' without one."""
    if complaint_id is None or not apps.is_installed(AFTERSALES):
        return ""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("aftersales:complaint", args=[complaint_id])
    except NoReverseMatch:
        return ""
