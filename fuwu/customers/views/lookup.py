"""The desk's caller lookup: one box for a phone fragment, a plate, a name or an address as written; the
customers it finds with their household, cars and recent history, updated as the caller's words are typed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fuwu.core.access import role_required, signed_in_user
from fuwu.customers.selectors.customers import may_write
from fuwu.customers.selectors.lookup import lookup
from fuwu.customers.views.common import READERS


@login_required
@role_required(READERS)
@require_GET
def caller_lookup(request: HttpRequest) -> HttpResponse:
    """The page, or only its answer when htmx asks as the box is typed in."""
    user = signed_in_user(request)
    text = request.GET.get("q", "").strip()[:60]
    found = lookup(user, text) if text else None
    context = {"q": text, "found": found, "may_write": may_write(user)}
    if getattr(request, "htmx", False):
        return render(request, "customers/partials/lookup_results.html", context)
    return render(request, "customers/lookup.html", context)
