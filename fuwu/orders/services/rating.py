"""The owner rates a return visit from a signed link: valid 7 days, used once (decision 0013).

An owner's rating is recorded as a phone visit with no staff recorder (recorded_by None, audit actor
None); a score of 2 or 1 starts the same rectification as a visit recorded by staff.
"""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

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
        raise Conflict("这次回访已经记录过了,不再发送评价链接。")
    link = rating_link(visit, base)
    targets = [outbox.in_app(visit.assignee)] if visit.assignee is not None else []
    webhook = SiteRegulation.objects.filter(site=visit.site).values_list("wecom_webhook", flat=True).first()
    if webhook:
        targets.append(outbox.wecom(webhook))
    if not targets:
        raise Conflict("这次回访没有负责人,站点也没有配置企业微信机器人,无处发送链接。")
    with transaction.atomic():
        outbox.notify(
            targets=targets,
            subject=f"请业主评价维修:{visit.order}",
            body=f"请转发给业主,7 天内有效,只能评价一次:{link}",
            url=link,
            key=f"visit:{visit.pk}:rating-link:{timezone.now().date().isoformat()}",
            site=visit.site,
            by=by,
        )
    return link


def rate_by_owner(visit: ReturnVisit, *, score: int, reason: str = "") -> ReturnVisit:
    """Record the owner's own score; a second use of the link is a Conflict ("已评价")."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    if not isinstance(score, int) or not 1 <= score <= 5:
        problems.append((("body", "score"), "请选择 1 到 5 分"))
    elif score <= DISSATISFIED_AT_MOST and not reason.strip():
        problems.append((("body", "reason"), "选择 1 或 2 分时请告诉我们不满意的原因"))
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        visit = (
            ReturnVisit.objects.select_for_update(of=("self",))
            .select_related("order", "site")
            .get(pk=visit.pk)
        )
        if visit.state == ReturnVisit.State.DONE:
            raise Conflict("已评价,感谢您的反馈。")
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
