"""Recording a letter sent to a customer: a line of the letter register (p16.b8: 发出日期, 客户名称, 地址,
信函类别, 内容摘要, 经办人). A reply letter answers the customer: on their timeline it is the reply."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import UNKNOWN, FieldProblem, Invalid, Maybe
from fuwu.core.models import User
from fuwu.core.services import audit
from fuwu.customers.models import Customer, CustomerEvent
from fuwu.customers.services import timeline
from fuwu.followup.access import FOLLOWUP_ROLES
from fuwu.followup.models import Campaign, Letter
from fuwu.followup.services.common import local_date, require_customer, text_problem


def letter_problems(
    customer: Customer,
    *,
    by: User,
    sent_on: Maybe[dt.date],
    category: Maybe[str],
    summary: Maybe[str],
    address: Maybe[str] = "",
) -> list[FieldProblem]:
    """403 for someone who may not write to this customer; then every bad field."""
    require_customer(by, customer, FOLLOWUP_ROLES, gettext("You may not record letters to this customer."))
    problems: list[FieldProblem] = []
    if sent_on is not UNKNOWN and sent_on > local_date(timezone.now()):
        problems.append((("body", "sent_on"), gettext("This cannot be later than today.")))
    if category is not UNKNOWN and category not in Letter.Category.values:
        problems.append((("body", "category"), gettext("Choose a notice, an invitation or a reply letter.")))
    problems += text_problem(summary, "summary", longest=300)
    problems += text_problem(address, "address", longest=200, required=False)
    return problems


def record_letter(
    customer: Customer,
    *,
    by: User,
    sent_on: dt.date,
    category: str,
    summary: str,
    address: str = "",
    campaign: Campaign | None = None,
    reply_at: dt.datetime | None = None,
) -> Letter:
    """Register a letter sent; a reply letter is the customer's reply on their timeline (at ``reply_at``,
    else when it is recorded)."""
    Invalid.unless_empty(
        letter_problems(customer, by=by, sent_on=sent_on, category=category, summary=summary, address=address)
    )
    with transaction.atomic():
        letter = Letter.objects.create(
            site_id=customer.site_id,
            customer=customer,
            sent_on=sent_on,
            address=(address.strip() or customer.address)[:200],
            category=category,
            summary=summary.strip(),
            by=by,
            campaign=campaign,
        )
        audit.record_created(letter, actor=by, action="followup.letter", site=customer.site)
        if category == Letter.Category.REPLY:
            timeline.record_event(
                customer,
                CustomerEvent.Type.REPLIED,
                at=reply_at or timezone.now(),
                by=by,
                ref=f"letter:{letter.pk}",
                note=letter.summary,
            )
    return letter
