"""The registers as pages: the calls of a month as the call register (跟踪服务电话登记表) or the
call record (跟踪服务电话记录表), and the letter register (跟踪服务信函登记表), for the sites and
customers the user sees."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.scoping import site_choices
from fuwu.followup.access import FOLLOWUP_ROLES
from fuwu.followup.selectors import registers
from fuwu.followup.selectors.scoped import calls_visible_to, letters_visible_to


def _month(request: HttpRequest) -> tuple[str, dt.date, dt.date]:
    """The month asked for (YYYY-MM), this month when none or a bad one is given: its first and last day."""
    text = request.GET.get("month", "")
    today = timezone.localtime().date()
    try:
        first = dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        first = today.replace(day=1)
    if not 2000 <= first.year <= 2099:
        first = today.replace(day=1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first.strftime("%Y-%m"), first, last


def _site(request: HttpRequest, choices: list[tuple[int, str, str]]) -> int | None:
    wanted = request.GET.get("site", "")
    return next((pk for pk, _code, _name in choices if str(pk) == wanted), None)


@login_required
@role_required(FOLLOWUP_ROLES)
@require_GET
def calls_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    month, first, last = _month(request)
    choices = site_choices(user)
    site = _site(request, choices)
    shown = "record" if request.GET.get("view") == "record" else "register"
    lines = registers.calls(
        base=calls_visible_to(user), site_ids=[site] if site else None, start=first, end=last
    )
    context = {"lines": lines, "month": month, "sites": choices, "site": site, "shown": shown}
    return render(request, "followup/calls.html", context)


@login_required
@role_required(FOLLOWUP_ROLES)
@require_GET
def letters_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    month, first, last = _month(request)
    choices = site_choices(user)
    site = _site(request, choices)
    lines = registers.letters(
        base=letters_visible_to(user), site_ids=[site] if site else None, start=first, end=last
    )
    context = {"lines": lines, "month": month, "sites": choices, "site": site}
    return render(request, "followup/letters.html", context)
