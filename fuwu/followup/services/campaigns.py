"""Campaigns (p16.b6): decided with their date and the customers to tell; each customer told by phone at
least two weeks ahead, then sent a letter within two days where letters are sent. The campaign is its own
subject for the regulations: its phone-notice and letter deadlines are stored obligations of the campaign,
assigned to whoever tells its customers, and are met once every customer on its list has been told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.access import has_any_role
from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.customers.models import Customer
from fuwu.followup.access import FOLLOWUP_ROLES, SUPERVISING_ROLES
from fuwu.followup.models import Call, Campaign, CampaignCustomer, Letter
from fuwu.followup.services.calls import record_call
from fuwu.followup.services.common import local_date, require_site, text_problem
from fuwu.followup.services.letters import record_letter
from fuwu.regulations.services import Evaluation, reconcile

SUBJECT = "campaign"  # the subject type of a campaign's stored obligations
NOON = dt.time(12, 0)


def link(campaign: Campaign) -> str:
    return reverse("followup:campaign", args=[campaign.pk])


def facts(campaign: Campaign) -> list[dict[str, Any]]:
    """The campaign as the engine's events: the campaign (its date, when it was decided), told by phone
    once every customer on its list was phoned, mailed once every one was sent a letter."""
    subject, ref = str(campaign.pk), f"campaign:{campaign.pk}"
    events: list[dict[str, Any]] = [
        {
            "type": "campaign",
            "campaign": subject,
            "date": campaign.date.isoformat(),
            "decided_at": campaign.decided_at.isoformat(),
            "ref": ref,
        }
    ]
    told = list(
        CampaignCustomer.objects.filter(campaign=campaign).values_list("phoned_at", "letter__sent_on")
    )
    if told and all(phoned is not None for phoned, _sent in told):
        phoned = max(at for at, _sent in told if at is not None)
        events.append({"type": "campaign.phoned", "campaign": subject, "at": phoned.isoformat(), "ref": ref})
    if told and all(sent is not None for _at, sent in told):
        zone = timezone.get_current_timezone()
        # A letter is registered by the day it was sent: as sent at noon, never before the decision.
        last = max(dt.datetime.combine(sent, NOON, zone) for _at, sent in told if sent is not None)
        mailed = max(last, campaign.decided_at)
        events.append({"type": "campaign.mailed", "campaign": subject, "at": mailed.isoformat(), "ref": ref})
    return events


def follow(campaign: Campaign, *, new: bool = False) -> Evaluation:
    """Make the campaign's stored deadlines match the engine's answer (inside the caller's transaction);
    without letters only the phone notice is owed."""
    return reconcile(
        campaign.site,
        SUBJECT,
        campaign.pk,
        facts(campaign),
        assignee=campaign.owner,
        link=link(campaign),
        keep=lambda decision: campaign.letters or decision.what != "letter",
        new=new,
    )


def campaign_problems(
    site: Site,
    *,
    by: User,
    title: Maybe[str],
    kind: Maybe[str],
    date: Maybe[dt.date],
    owner: Maybe[User | None],
    description: Maybe[str],
) -> list[FieldProblem]:
    """403 unless a supervisor of the site (or the general manager); then every bad field."""
    require_site(by, site, SUPERVISING_ROLES, gettext("Only a supervisor decides campaigns."))
    problems = text_problem(title, "title", longest=100)
    problems += text_problem(description, "description", longest=500, required=False)
    if kind is not UNKNOWN and kind not in Campaign.Kind.values:
        problems.append(
            (("body", "kind"), gettext("Choose a get-together, a discount offer or a free service."))
        )
    if date is not UNKNOWN and date <= local_date(timezone.now()):
        problems.append((("body", "date"), gettext("A campaign is decided before its day.")))
    if owner is None:
        problems.append((("body", "owner"), gettext("Name who tells the customers.")))
    elif owner is not UNKNOWN and (
        not has_any_role(owner, FOLLOWUP_ROLES) or not owner.sites.filter(pk=site.pk).exists()
    ):
        problems.append((("body", "owner"), gettext("Choose someone of the site who calls customers.")))
    return problems


def create_campaign(
    site: Site,
    *,
    by: User,
    title: str,
    kind: str,
    date: dt.date,
    owner: User,
    description: str = "",
    letters: bool = True,
    customers: Iterable[Customer] = (),
) -> Campaign:
    """Decide a campaign now: its notices are owed from this moment (p16.b6)."""
    Invalid.unless_empty(
        campaign_problems(
            site, by=by, title=title, kind=kind, date=date, owner=owner, description=description
        )
    )
    with transaction.atomic():
        campaign = Campaign.objects.create(
            site=site,
            title=title.strip(),
            kind=kind,
            date=date,
            decided_at=timezone.now(),
            description=description.strip(),
            letters=letters,
            owner=owner,
            by=by,
        )
        audit.record_created(campaign, actor=by, action="followup.campaign", site=site)
        _add(campaign, list(customers), by)
        follow(campaign, new=True)
    return campaign


def add_customers(campaign: Campaign, customers: Sequence[Customer], *, by: User) -> int:
    """Put customers of the campaign's site on its list (those on it already stay as they are); return how
    many were added."""
    if by.pk != campaign.owner_id:
        require_site(
            by, campaign.site, SUPERVISING_ROLES, gettext("Only a supervisor changes a campaign's list.")
        )
    with transaction.atomic():
        added = _add(campaign, customers, by)
        if added:
            follow(campaign)
    return added


def _add(campaign: Campaign, customers: Sequence[Customer], by: User) -> int:
    others = [customer for customer in customers if customer.site_id != campaign.site_id]
    if others:
        raise Invalid.field(("body", "customers"), gettext("Only customers of the campaign's site are told."))
    taken = set(
        CampaignCustomer.objects.filter(campaign=campaign, customer__in=customers).values_list(
            "customer_id", flat=True
        )
    )
    rows = [
        CampaignCustomer(campaign=campaign, customer=customer)
        for customer in dict.fromkeys(customers)
        if customer.pk not in taken
    ]
    created = CampaignCustomer.objects.bulk_create(rows)
    audit.record_many(
        [
            audit.Entry(
                action="followup.campaign.customer",
                obj=row,
                before=None,
                after=audit.snapshot(row),
                actor=by,
                site=campaign.site,
            )
            for row in created
        ]
    )
    return len(created)


def phone_notice(
    campaign: Campaign,
    customer: Customer,
    *,
    by: User,
    at: dt.datetime | None = None,
    points: str = "",
    emergency: bool = False,
) -> Call:
    """The customer was told of the campaign by phone: the call is in the registers, and once every
    customer on the list is told the phone notice is met."""
    at = at or timezone.now()
    with transaction.atomic():
        row = (
            CampaignCustomer.objects.select_for_update().filter(campaign=campaign, customer=customer).first()
        )
        if row is None:
            raise Invalid.field(("body", "customer"), gettext("This customer is not on the campaign's list."))
        if row.phoned_at is not None:
            raise Conflict(gettext("This customer has been told by phone already."))
        said = points.strip() or gettext("Told of %(campaign)s on %(date)s") % {
            "campaign": campaign.title,
            "date": campaign.date.isoformat(),
        }
        call = record_call(
            customer,
            by=by,
            at=at,
            direction=Call.Direction.OUT,
            purpose=Call.Purpose.CAMPAIGN,
            points=said,
            emergency=emergency,
            campaign=campaign,
        )
        before = audit.snapshot(row)
        row.phoned_at, row.call = at, call
        row.save(update_fields=["phoned_at", "call"])
        audit.record(
            actor=by,
            action="followup.campaign.phoned",
            obj=row,
            before=before,
            after=audit.snapshot(row),
            site=campaign.site,
        )
        follow(campaign)
    return call


def send_letters(
    campaign: Campaign, *, by: User, sent_on: dt.date | None = None, summary: str = ""
) -> list[Letter]:
    """Letters went to every customer told by phone who has none yet (p16.b6: the letter follows the phone
    notice), each a line of the letter register; once every customer has one the letters are met."""
    sent_on = sent_on or local_date(timezone.now())
    category = Letter.Category.INVITATION if campaign.kind == Campaign.Kind.SOCIAL else Letter.Category.NOTICE
    text = summary.strip() or gettext("%(campaign)s on %(date)s") % {
        "campaign": campaign.title,
        "date": campaign.date.isoformat(),
    }
    with transaction.atomic():
        rows = list(
            CampaignCustomer.objects.select_for_update(of=("self",))
            .filter(campaign=campaign, phoned_at__isnull=False, letter__isnull=True)
            .select_related("customer", "customer__site")
            .order_by("pk")
        )
        if not rows:
            raise Conflict(gettext("Every customer told by phone has their letter already."))
        letters = []
        for row in rows:
            letter = record_letter(
                row.customer, by=by, sent_on=sent_on, category=category, summary=text[:300], campaign=campaign
            )
            before = audit.snapshot(row)
            row.letter = letter
            row.save(update_fields=["letter"])
            audit.record(
                actor=by,
                action="followup.campaign.mailed",
                obj=row,
                before=before,
                after=audit.snapshot(row),
                site=campaign.site,
            )
            letters.append(letter)
        follow(campaign)
    return letters
