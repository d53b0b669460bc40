"""The follow-up worklist (``/followup/``): what a person owes their customers, campaigns and households
now, by due time, with each window's earliest and latest moment and a warning when a call now would fall
in the hours the regulations keep free. A supervisor opens a colleague's (``?manager=``)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from fuwu.core.access import has_any_role, role_required, signed_in_user
from fuwu.core.models import User
from fuwu.core.scoping import sites_visible_to
from fuwu.core.work import WorkItem
from fuwu.followup.access import FOLLOWUP_ROLES, SUPERVISING_ROLES
from fuwu.followup.selectors.worklist import SOURCES, Item, worklist
from fuwu.followup.views.worklist_rows import worklist_table

PAGE = 50


def encode_cursor(item: Item) -> str:
    return f"{item.due.isoformat()}~{SOURCES.index(item.source)}~{item.id}"


def decode_cursor(text: str) -> tuple[dt.datetime, int, int] | None:
    """The cursor a page's "more" link gave, or None for anything else (the first page)."""
    try:
        due, rank, pk = text.split("~")
        moment = dt.datetime.fromisoformat(due)
        if moment.tzinfo is None or not 0 <= int(rank) < len(SOURCES):
            return None
        return moment, int(rank), int(pk)
    except ValueError:
        return None


def whose(request: HttpRequest, user: User) -> User:
    """The person whose worklist is asked for: the user, or (for a supervisor) a colleague of their sites."""
    wanted = request.GET.get("manager", "")
    if not wanted or wanted == str(user.pk):
        return user
    if not has_any_role(user, SUPERVISING_ROLES) or not wanted.isdigit() or len(wanted) > 18:
        raise Http404
    person = User.objects.filter(pk=int(wanted), sites__in=sites_visible_to(user)).distinct().first()
    if person is None:
        raise Http404
    return person


@login_required
@role_required(FOLLOWUP_ROLES)
@require_GET
def worklist_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = whose(request, user)
    now = timezone.now()
    found = worklist(person.pk, now=now, limit=PAGE, after=decode_cursor(request.GET.get("after", "")))
    following = ""
    if found.more and found.items:
        query = request.GET.copy()
        query["after"] = encode_cursor(found.items[-1])
        following = f"?{query.urlencode()}"
    context = {
        "person": person,
        "mine": person.pk == user.pk,
        "cover": found.cover,
        "rows": found.items,
        "table": worklist_table(found.items, person.pk),
        "following": following,
        "now": now,
        "first_page": "after" not in request.GET,
    }
    return render(request, "followup/worklist.html", context)


def open_follow_up(user: User) -> list[WorkItem]:
    """The home page's count of the follow-up owed now (what is due by the end of today, overdue included)."""
    if not has_any_role(user, FOLLOWUP_ROLES):
        return []
    now = timezone.now()
    tonight = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    items = worklist(user.pk, now=now, limit=99).items
    count = sum(1 for item in items if item.due <= tonight and item.state != "upcoming")
    return [WorkItem(_("Follow-up due today"), count, reverse("followup:worklist"))]
