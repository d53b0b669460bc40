"""Intake: a repair request is checked field by field and recorded; its deadlines start at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext, pgettext

from fuwu.core.errors import UNKNOWN, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.customers.models import Household
from fuwu.orders.models import Order, Tag
from fuwu.orders.services import approval, steps
from fuwu.orders.services.refresh import refresh_order

CLOCK_SKEW = steps.CLOCK_SKEW


def create_order(
    *,
    site: Site,
    by: User | None,
    description: str,
    channel: str,
    tags: Sequence[str] = (),
    household: Household | None = None,
    location: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    appointment: dt.datetime | None = None,
    received_at: dt.datetime | None = None,
    outside_service_list: bool = False,
    rework_of: Order | None = None,
) -> Order:
    """Record a repair request; its deadlines (p09.2a arrival, p10.3.7 emergencies …) start at once."""
    now = timezone.now()
    received = received_at or now
    Invalid.unless_empty(
        intake_problems(
            site=site,
            description=description,
            channel=channel,
            tags=tags,
            household=household,
            location=location,
            contact_phone=contact_phone,
            received_at=received,
            now=now,
        )
    )
    with audit.batched():
        order = Order.objects.create(
            site=site,
            household=household,
            location=location.strip(),
            contact_name=contact_name.strip(),
            contact_phone=contact_phone.strip(),
            tags=list(dict.fromkeys(tags)),
            tag_text=tag_text(tags),
            description=description.strip(),
            channel=channel,
            received_at=received,
            appointment=appointment,
            outside_service_list=outside_service_list,
            rework_of=rework_of,
            created_by=by,
            created_at=now,
            updated_at=now,
        )
        local = timezone.localtime(received)
        order.number = f"{site.code[:3].upper()}{local:%y%m%d}{order.pk:05d}"
        if outside_service_list:
            order.approval = approval.ask(order, by=by)
        order.save(update_fields=["number", "approval"])
        steps.log(order, "created", received, by, order.description, {"channel": channel, "tags": order.tags})
        audit.record_created(order, actor=by, action="order.create", site=site)
        if channel == Order.Channel.QR or by is None:
            subject = gettext("New repair request: %(place)s") % {"place": order.place}
            steps.tell_dispatchers(order, subject=subject, body=order.description)
        refresh_order(order, new=True)  # a new order has no visits, rectifications nor stored rows
    return order


def intake_problems(
    *,
    site: Site | None,
    description: Maybe[str],
    channel: Maybe[str],
    tags: Maybe[Sequence[str]],
    household: Maybe[Household | None],
    location: Maybe[str],
    contact_phone: Maybe[str],
    received_at: Maybe[dt.datetime | None],
    now: dt.datetime | None = None,
) -> list[FieldProblem]:
    """Every problem of a repair request at once, each with the field it is in (empty: acceptable).

    `site` None is a site not known (its own problem is named); an UNKNOWN value is not checked, nor is
    a check that needs it (no household known: the location is not required).
    """
    now = now or timezone.now()
    problems: list[FieldProblem] = []
    known = set(Tag.values)
    if tags is not UNKNOWN:
        choices = pgettext("list separator", ", ").join(Tag.values)
        for index, tag in enumerate(tags):
            if tag not in known:
                unknown = gettext("Unknown tag “%(tag)s”; choose from: %(choices)s")
                problems.append((("body", "tags", index), unknown % {"tag": tag, "choices": choices}))
        if len(set(tags)) != len(tags):
            problems.append((("body", "tags"), gettext("A tag is given twice.")))
    if description is not UNKNOWN and not description.strip():
        problems.append((("body", "description"), gettext("Describe what needs repairing.")))
    if household is None and location is not UNKNOWN and not location.strip():
        problems.append((("body", "location"), gettext("Give the location when no household is chosen.")))
    known_household = None if household is UNKNOWN else household
    if known_household is not None and site is not None and known_household.site_id != site.pk:
        problems.append((("body", "household"), gettext("This household does not belong to this site.")))
    if channel is not UNKNOWN and channel not in Order.Channel.values:
        choices = pgettext("list separator", ", ").join(Order.Channel.values)
        message = gettext("The channel must be one of: %(choices)s") % {"choices": choices}
        problems.append((("body", "channel"), message))
    if received_at is not None and received_at is not UNKNOWN and received_at > now + CLOCK_SKEW:
        problems.append((("body", "received_at"), gettext("The time received cannot be later than now.")))
    if contact_phone is not UNKNOWN and contact_phone and not _is_phone(contact_phone):
        message = gettext("A phone number may contain only digits, spaces, - and +.")
        problems.append((("body", "contact_phone"), message))
    return problems


def tag_text(tags: Sequence[str]) -> str:
    """The tags as one filterable text: ("leak", "general") → ",leak,general,"."""
    return "," + ",".join(dict.fromkeys(tags)) + "," if tags else ""


def _is_phone(text: str) -> bool:
    return all(ch.isdigit() or ch in " -+" for ch in text) and sum(ch.isdigit() for ch in text) >= 5
