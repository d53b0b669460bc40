"""Campaigns (p16.b6): GET and POST /followup/campaigns, one campaign with its customers, and its steps —
customers added, one told by phone, the letters sent — the same services as the campaign pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import Day, Moment, ObjectId
from fuwu.core.api.scoping import site_named, site_or_problems
from fuwu.core.errors import UNKNOWN, FieldProblem, Invalid
from fuwu.core.models import User
from fuwu.customers.selectors.customers import customers_visible_to
from fuwu.followup.api.common import (
    CUSTOMER,
    PERSON,
    FollowupDeadlineOut,
    FollowupViolationOut,
    customer_of,
    deadline_out,
    followup_user,
)
from fuwu.followup.models import Campaign, CampaignCustomer
from fuwu.followup.selectors.scoped import campaigns_visible_to
from fuwu.followup.services import campaigns as services
from fuwu.regulations.selectors import obligations_of

router = Router(tags=["follow-up"])
Kind = Literal["social", "discount", "free"]


class FollowupCampaignIn(Body):
    site: str = Field(description="Site code or id.")
    title: str = Field(max_length=100)
    kind: Kind = Field(description="social (联谊活动), discount (优惠服务活动) or free (免费服务活动).")
    date: Day = Field(description="The campaign's day; later than today (it is decided now).")
    owner: ObjectId = Field(description="Who tells the customers: " + PERSON)
    description: str = Field("", max_length=500)
    letters: bool = Field(
        True, description="Letters follow the phone notice; without them only the phone notice is owed."
    )
    customers: list[ObjectId] = Field(
        [], max_length=1000, description="Customers of the site to tell: " + CUSTOMER
    )


class FollowupCampaignCustomerOut(Schema):
    customer: int
    name: str
    phoned_at: dt.datetime | None = Field(description="When they were told by phone.")
    call: int | None = Field(description="That call (GET /followup/calls).")
    violations: list[FollowupViolationOut] = Field(
        description="What the regulations found wrong with that call."
    )
    letter: int | None
    letter_sent_on: dt.date | None


class FollowupCampaignOut(Schema):
    id: int
    site: str
    title: str
    kind: Kind
    date: dt.date
    decided_at: dt.datetime
    description: str
    letters: bool
    owner: int
    listed: int = Field(description="Customers on the list.")
    phoned: int = Field(description="Of them, told by phone.")
    mailed: int = Field(description="Of them, sent a letter.")
    deadlines: list[FollowupDeadlineOut] = Field(
        description="p16.b6: the phone notice (what call) at least 14 days ahead, letters (what letter) at "
        "the latest 12; met once every customer on the list is told."
    )
    customers: list[FollowupCampaignCustomerOut] | None = Field(
        description="The list, on one campaign's answers; null in the list of campaigns."
    )


class FollowupCampaignFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")


def _rows(user: User) -> QuerySet[Campaign]:
    return (
        campaigns_visible_to(user)
        .select_related("site")
        .annotate(
            listed=Count("customers"),
            phoned=Count("customers", filter=Q(customers__phoned_at__isnull=False)),
            mailed=Count("customers", filter=Q(customers__letter__isnull=False)),
        )
    )


def _out(row: Campaign, deadlines: list[Any], customers: list[CampaignCustomer] | None) -> dict[str, Any]:
    return {
        "id": row.pk,
        "site": row.site.code,
        "title": row.title,
        "kind": row.kind,
        "date": row.date,
        "decided_at": row.decided_at,
        "description": row.description,
        "letters": row.letters,
        "owner": row.owner_id,
        "listed": getattr(row, "listed", 0),
        "phoned": getattr(row, "phoned", 0),
        "mailed": getattr(row, "mailed", 0),
        "deadlines": [deadline_out(d) for d in deadlines],
        "customers": None
        if customers is None
        else [
            {
                "customer": c.customer_id,
                "name": c.customer.name,
                "phoned_at": c.phoned_at,
                "call": c.call_id,
                "violations": c.call.violations if c.call is not None else [],
                "letter": c.letter_id,
                "letter_sent_on": c.letter.sent_on if c.letter is not None else None,
            }
            for c in customers
        ],
    }


def _whole(user: User, pk: int) -> dict[str, Any]:
    row = _rows(user).get(pk=pk)
    listed = list(
        CampaignCustomer.objects.filter(campaign=row)
        .select_related("customer", "call", "letter")
        .order_by("pk")
    )
    return _out(row, obligations_of(services.SUBJECT, [row.pk]).get(str(row.pk), []), listed)


@router.get(
    "/followup/campaigns", response=page_of(FollowupCampaignOut), summary="Campaigns, latest date first"
)
def list_campaigns(
    request: HttpRequest, page: Query[PageParams], filters: Query[FollowupCampaignFilters]
) -> dict[str, Any]:
    """The campaigns of the caller's sites, with how many of each list were told and the deadlines."""
    rows = _rows(followup_user(request))
    if filters.site is not None:
        rows = rows.filter(site_named(filters.site, via="site"))
    result = paginate(request, rows, lambda row: row, order=("-date", "-id"), page=page)
    shown: list[Campaign] = result["results"]
    owed = obligations_of(services.SUBJECT, [row.pk for row in shown])
    result["results"] = [_out(row, owed.get(str(row.pk), []), None) for row in shown]
    return result


@router.get(
    "/followup/campaigns/{int:campaign_id}", response=FollowupCampaignOut, summary="One campaign and its list"
)
def get_campaign(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    return _whole(followup_user(request), campaign_id)


@router.post(
    "/followup/campaigns", response={201: FollowupCampaignOut}, summary="Decide a campaign (a supervisor)"
)
def create_campaign(request: HttpRequest, body: FollowupCampaignIn) -> Status[dict[str, Any]]:
    """Decided now: the phone notice is owed 14 days before its date (p16.b6), to whoever tells the
    customers (`owner`)."""
    user = followup_user(request)
    given = body.given
    site, found = site_or_problems(user, given.site, loc=("body", "site"))
    owner: Any = UNKNOWN
    if given.owner is not UNKNOWN:
        owner = User.objects.filter(pk=given.owner, is_active=True).first()
        if owner is None:
            found.append((("body", "owner"), gettext("No person with this id.")))
            owner = UNKNOWN
    chosen: list[Any] = []
    if site is not None and given.customers is not UNKNOWN:
        wanted = set(given.customers)
        chosen = list(customers_visible_to(user).filter(pk__in=wanted, site=site))
        if len(chosen) != len(wanted):
            found.append(
                (("body", "customers"), gettext("Some customers are not among this site's you can see."))
            )
    if site is None:
        body.check(found=found)
        raise Invalid(found)
    here = site
    body.check(
        lambda given: services.campaign_problems(
            here,
            by=user,
            title=given.title,
            kind=given.kind,
            date=given.date,
            owner=owner,
            description=given.description,
        ),
        found=found,
    )
    campaign = services.create_campaign(
        here,
        by=user,
        title=body.title,
        kind=body.kind,
        date=body.date,
        owner=owner,
        description=body.description,
        letters=body.letters,
        customers=chosen,
    )
    return Status(201, _whole(user, campaign.pk))


class FollowupCustomersIn(Body):
    customers: list[ObjectId] = Field(min_length=1, max_length=1000, description=CUSTOMER)


class FollowupPhonedIn(Body):
    customer: ObjectId = Field(description=CUSTOMER)
    at: Moment | None = Field(None, description="When they were told; now when omitted.")
    points: str = Field(
        "", max_length=1000, description="What was said; the campaign and its date when empty."
    )
    emergency: bool = False


class FollowupLettersIn(Body):
    sent_on: Day | None = Field(None, description="发出日期; today when omitted.")
    summary: str = Field("", max_length=300, description="内容摘要; the campaign and its date when empty.")


@router.post(
    "/followup/campaigns/{int:campaign_id}/customers", response=FollowupCampaignOut, summary="Add customers"
)
def add_customers(request: HttpRequest, campaign_id: int, body: FollowupCustomersIn) -> dict[str, Any]:
    """Customers of the campaign's site (a supervisor, or whoever tells them); those on it already stay."""
    user = followup_user(request)
    campaign = campaigns_visible_to(user).select_related("site").get(pk=campaign_id)
    wanted = set(body.customers)
    chosen = list(customers_visible_to(user).filter(pk__in=wanted, site=campaign.site))
    if len(chosen) != len(wanted):
        raise Invalid.field(
            ("body", "customers"), gettext("Some customers are not among this site's you can see.")
        )
    services.add_customers(campaign, chosen, by=user)
    return _whole(user, campaign.pk)


@router.post(
    "/followup/campaigns/{int:campaign_id}/phoned",
    response=FollowupCampaignOut,
    summary="A customer told by phone",
)
def phoned(request: HttpRequest, campaign_id: int, body: FollowupPhonedIn) -> dict[str, Any]:
    """The call is in the call registers (its violations on the customer's row); 409 when they were told
    already."""
    user = followup_user(request)
    campaign = campaigns_visible_to(user).select_related("site").get(pk=campaign_id)
    customer, found = customer_of(user, body.given.customer)
    body.check(found=found)
    if customer is None:
        raise Invalid(found)
    services.phone_notice(
        campaign, customer, by=user, at=body.at, points=body.points, emergency=body.emergency
    )
    return _whole(user, campaign.pk)


@router.post(
    "/followup/campaigns/{int:campaign_id}/letters", response=FollowupCampaignOut, summary="Letters sent"
)
def letters(request: HttpRequest, campaign_id: int, body: FollowupLettersIn) -> dict[str, Any]:
    """A letter to every customer told by phone without one yet, each in the letter register; 409 when there
    is nobody to send one to."""
    user = followup_user(request)
    campaign = campaigns_visible_to(user).select_related("site").get(pk=campaign_id)
    problems: list[FieldProblem] = []
    body.check(found=problems)
    services.send_letters(campaign, by=user, sent_on=body.sent_on, summary=body.summary)
    return _whole(user, campaign.pk)
