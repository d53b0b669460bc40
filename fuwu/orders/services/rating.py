"""The owner rates a return visit from a signed link: valid 7 days, used once (decision 0013).

An owner's rating is recorded as a phone visit with no staff recorder (recorded_by None, audit actor
None); a score of 2 or 1 starts the same rectification as a visit recorded by staff.
"""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import User
from fuwu.core.services import audit, outbox
from fuwu.orders.models import ReturnVisit
from fuwu.orders.services.refresh import refresh_order
from fuwu.orders.services.visits import DISSATISFIED_AT_MOST, _rectification_decision, _start_rectification
from fuwu.regulations.models import SiteRegulation

SALT = "orders.rate"
MAX_AGE_SECONDS = 7 * 24 * 3600


def rating_token(visit: ReturnVisit) -> str:
    """A signed, timestamped token naming the visit (django.core.signing uses a TimestampSigner)."""
    return signing.dumps(visit.pk, salt=SALT)


def visit_of_token(token: str) -> ReturnVisit | None:
    """The visit a token names, or None when it is tampered with or older than 7 days."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(pk, int):
        return None
    return ReturnVisit.objects.select_related("order", "site").filter(pk=pk, order__isnull=False).first()


def rating_link(visit: ReturnVisit, base: str = "") -> str:
    """The owner's link; ``base`` ("https://fuwu.example") makes it absolute for a message."""
    return base.rstrip("/") + reverse("public:rate", args=[rating_token(visit)])


def send_rating_link(visit: ReturnVisit, *, by: User | None, base: str) -> str:
    """Queue the link to the visit's assignee (to forward to the owner) and the site's WeCom robot."""
    if visit.state != ReturnVisit.State.DUE or visit.order is None:
        raise Conflict(gettext("This return visit is already recorded; no rating link is sent."))
    link = rating_link(visit, base)
    targets = [outbox.in_app(visit.assignee)] if visit.assignee is not None else []
    webhook = SiteRegulation.objects.filter(site=visit.site).values_list("wecom_webhook", flat=True).first()
    if webhook:
        targets.append(outbox.wecom(webhook))
    if not targets:
        raise Conflict(
            gettext(
                "This return visit has no assignee and the site has no WeCom robot: there is nowhere to send"
                " the link."
            )
        )
    with transaction.atomic():
        outbox.notify(
            targets=targets,
            subject=gettext("Ask the owner to rate the repair: %(order)s") % {"order": visit.order},
            body=gettext("Forward this to the owner; it is valid for 7 days and can be used once: %(link)s")
            % {"link": link},
            url=link,
            key=f"visit:{visit.pk}:rating-link:{timezone.now().date().isoformat()}",
            site=visit.site,
            by=by,
        )
    return link


def rate_by_owner(visit: ReturnVisit, *, score: int, reason: str = "") -> ReturnVisit:
    """Record the owner's own score; a second use of the link is a Conflict ("Already rated")."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    if not isinstance(score, int) or not 1 <= score <= 5:
        problems.append((("body", "score"), gettext("Choose a score from 1 to 5.")))
    elif score <= DISSATISFIED_AT_MOST and not reason.strip():
        message = gettext("With a score of 1 or 2, please tell us what you were not satisfied with.")
        problems.append((("body", "reason"), message))
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        visit = (
            ReturnVisit.objects.select_for_update(of=("self",))
            .select_related("order", "site")
            .get(pk=visit.pk)
        )
        if visit.state == ReturnVisit.State.DONE:
            raise Conflict(gettext("Already rated. Thank you for your feedback."))
        before = audit.snapshot(visit)
        visit.state = ReturnVisit.State.DONE
        visit.channel = ReturnVisit.Channel.PHONE
        visit.score = score
        visit.visited_at = timezone.now()
        visit.reason = reason.strip()
        visit.recorded_by = None
        visit.save()
        audit.record(actor=None, action="visit.rate_by_owner", obj=visit, before=before,
                     after=audit.snapshot(visit), site=visit.site)  # fmt: skip
        order = visit.order
        assert order is not None
        evaluation = refresh_order(order)
        decision = _rectification_decision(evaluation, f"visit:{visit.pk}")
        if decision is not None:
            _start_rectification(visit, order, decision, None)
    return visit
