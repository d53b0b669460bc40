"""GET /followup/worklist: one person's follow-up owed now by due time (the worklist page's rows), and the
stand-ins: GET and POST /followup/substitutions, POST /followup/substitutions/{id}/end (p16.4)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.core.access import has_any_role
from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.rendering import json_response
from fuwu.core.api.schemas import Moment, ObjectId
from fuwu.core.api.scoping import site_named, site_or_problems
from fuwu.core.errors import UNKNOWN, Invalid
from fuwu.core.models import User
from fuwu.core.scoping import sites_visible_to
from fuwu.customers.models import Substitution
from fuwu.followup.access import FOLLOWUP_ROLES, SUPERVISING_ROLES
from fuwu.followup.api.common import PERSON
from fuwu.followup.selectors.cover import running
from fuwu.followup.selectors.worklist import SOURCES, Item, worklist
from fuwu.followup.services import standins

router = Router(tags=["follow-up"])


class FollowupWorkItemOut(Schema):
    source: Literal["obligation", "plan", "request", "task", "file"] = Field(
        description="obligation: a deadline or window the regulations store; plan: a planned contact; "
        "request: a request raised in a call; task: a property service's task; file: a customer filed "
        "without a next contact planned (p16.b3)."
    )
    id: int = Field(description="The row's id in its source (a customer's for `file`).")
    what: str = Field(
        description="archive, call, reply, letter, visit, plan, request, plan_next_contact, or the "
        "task's duty."
    )
    label: str
    subject_type: Literal["customer", "campaign", "household", "task"]
    subject_id: int
    subject: str = Field(description="The customer's name, the campaign's title or the household's address.")
    earliest: dt.datetime | None = Field(description="A window's first moment.")
    due: dt.datetime = Field(description="Due by (a window's last moment).")
    clause: str
    because: str
    owner: int | None = Field(description="Whose work it is: the person's own, or an absent colleague's.")
    state: Literal["upcoming", "open", "overdue"]
    quiet: bool = Field(description="A call now would fall in the hours the regulations keep free (p08.23).")


class FollowupWorklistFilters(Schema):
    manager: ObjectId | None = Field(None, description="A colleague's list (supervisors): " + PERSON)


def _encode(item: Item) -> str:
    return base64.urlsafe_b64encode(f"{item.due.isoformat()}~{item.key[1]}~{item.id}".encode()).decode()


def _decode(cursor: str) -> tuple[dt.datetime, int, int]:
    bad = Invalid.field(
        ("query", "cursor"), gettext("The cursor is not one this list gave; start again without it.")
    )
    try:
        due, rank, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("~")
        moment = dt.datetime.fromisoformat(due)
        if moment.tzinfo is None or not 0 <= int(rank) < len(SOURCES) or not 0 < int(pk) < 2**63:
            raise bad
        return moment, int(rank), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise bad from None


def _item(item: Item) -> dict[str, Any]:
    return {
        "source": item.source,
        "id": item.id,
        "what": item.what,
        "label": item.label,
        "subject_type": item.subject_type,
        "subject_id": item.subject_id,
        "subject": item.subject,
        "earliest": item.earliest,
        "due": item.due,
        "clause": item.clause,
        "because": item.because,
        "owner": item.owner_id,
        "state": item.state,
        "quiet": item.quiet,
    }


@router.get("/followup/worklist", response=page_of(FollowupWorkItemOut), summary="The follow-up worklist")
def get_worklist(
    request: HttpRequest, page: Query[PageParams], filters: Query[FollowupWorklistFilters]
) -> Any:
    """Earliest due first (the one list that is not newest first: it is what to do next). A person's own
    work unless someone stands in for them, and the work of every colleague they stand in for."""
    user = current_user(request)
    if not has_any_role(user, FOLLOWUP_ROLES):
        raise PermissionDenied(gettext("Your role has no follow-up work."))
    person = user
    if filters.manager is not None and filters.manager != user.pk:
        if not has_any_role(user, SUPERVISING_ROLES):
            raise PermissionDenied(gettext("Only a supervisor opens a colleague's list."))
        found = User.objects.filter(pk=filters.manager, sites__in=sites_visible_to(user)).distinct().first()
        if found is None:
            raise Invalid.field(("query", "manager"), gettext("No person with this id at your sites."))
        person = found
    after = _decode(page.cursor) if page.cursor else None
    listed = worklist(person.pk, now=timezone.now(), limit=page.page_size, after=after)
    following = None
    if listed.more and listed.items:
        query = request.GET.copy()
        query["cursor"] = _encode(listed.items[-1])
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    # Built as the schema says and rendered once (a manager's list is read all day): validating fifty
    # rows again through the schema cost as much as reading them.
    return json_response({"results": [_item(item) for item in listed.items], "next": following})


class FollowupSubstitutionIn(Body):
    site: str = Field(description="Site code or id.")
    absent: ObjectId = Field(description="The absent manager: " + PERSON)
    substitute: ObjectId = Field(description="Who stands in: " + PERSON)
    ends_at: Moment | None = Field(
        None, description="When it ends by itself; until handed back when omitted."
    )
    reason: str = Field("", max_length=200)


class FollowupSubstitutionOut(Schema):
    id: int
    site: str
    absent: int
    substitute: int
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    ended_at: dt.datetime | None = Field(description="When it was handed back.")
    reason: str
    running: bool


class FollowupSubstitutionFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")
    running: bool | None = Field(None, description="true: only those running now.")


class FollowupEndIn(Body):
    pass


def _substitution(row: Substitution, now: dt.datetime) -> dict[str, Any]:
    on = row.starts_at <= now and row.ended_at is None and (row.ends_at is None or row.ends_at > now)
    return {
        "id": row.pk,
        "site": row.site.code,
        "absent": row.absent_id,
        "substitute": row.substitute_id,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "ended_at": row.ended_at,
        "reason": row.reason,
        "running": on,
    }


def _substitutions(user: User) -> Any:
    if not has_any_role(user, SUPERVISING_ROLES):
        raise PermissionDenied(gettext("Only a supervisor appoints a stand-in."))
    return Substitution.objects.filter(site__in=sites_visible_to(user)).select_related("site")


@router.get(
    "/followup/substitutions", response=page_of(FollowupSubstitutionOut), summary="Stand-ins (supervisors)"
)
def list_substitutions(
    request: HttpRequest, page: Query[PageParams], filters: Query[FollowupSubstitutionFilters]
) -> dict[str, Any]:
    """Newest first, of the supervisor's sites."""
    rows = _substitutions(current_user(request))
    now = timezone.now()
    if filters.site is not None:
        rows = rows.filter(site_named(filters.site, via="site"))
    if filters.running:
        rows = rows.filter(running(now))
    return paginate(
        request, rows, lambda row: _substitution(row, now), order=("-starts_at", "-id"), page=page
    )


@router.post("/followup/substitutions", response={201: FollowupSubstitutionOut}, summary="Appoint a stand-in")
def create_substitution(request: HttpRequest, body: FollowupSubstitutionIn) -> Status[dict[str, Any]]:
    """From now: the absent manager's customers and open follow-up move to the stand-in (p16.4). 409 while
    someone stands in for that manager already."""
    user = current_user(request)
    given = body.given
    site, found = site_or_problems(user, given.site, loc=("body", "site"))
    people: dict[str, Any] = {}
    for name in ("absent", "substitute"):
        pk = getattr(given, name)
        people[name] = UNKNOWN if pk is UNKNOWN else (User.objects.filter(pk=pk).first() or None)
    if site is None:
        body.check(found=found)
        raise Invalid(found)
    here = site
    body.check(
        lambda given: standins.stand_in_problems(
            here,
            by=user,
            absent=people["absent"],
            substitute=people["substitute"],
            ends_at=given.ends_at,
            reason=given.reason,
        ),
        found=found,
    )
    row = standins.start_stand_in(
        here,
        by=user,
        absent=people["absent"],
        substitute=people["substitute"],
        ends_at=body.ends_at,
        reason=body.reason,
    )
    return Status(
        201, _substitution(Substitution.objects.select_related("site").get(pk=row.pk), timezone.now())
    )


@router.post(
    "/followup/substitutions/{int:substitution_id}/end", response=FollowupSubstitutionOut, summary="Hand back"
)
def end_substitution(request: HttpRequest, substitution_id: int, body: FollowupEndIn) -> dict[str, Any]:
    """The manager is back: the work moves back to them. 409 when it was handed back already."""
    user = current_user(request)
    row = _substitutions(user).get(pk=substitution_id)
    standins.end_stand_in(row, by=user)
    return _substitution(Substitution.objects.select_related("site").get(pk=row.pk), timezone.now())
