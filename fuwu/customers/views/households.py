"""The households of the user's sites."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fuwu.core.access import role_required
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.customers.forms import HouseholdFilterForm
from fuwu.customers.selectors import households_visible_to

# Roles that serve owners and call them back; the menu and the view share this set.
HOUSEHOLD_READERS: frozenset[Role] = frozenset(
    {Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.DISPATCHER, Role.CUSTOMER_MANAGER, Role.VISITOR_AGENT}
)
HOUSEHOLDS_PER_PAGE = 50


@login_required
@role_required(HOUSEHOLD_READERS)
@require_GET
def households(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    form = HouseholdFilterForm(request.GET, user=user)
    # A filter that does not validate (another site's id, say) is dropped, never obeyed.
    form.is_valid()
    site = form.cleaned_data.get("site")
    search = form.cleaned_data.get("q") or ""
    rows = households_visible_to(user, site=site, search=search)
    page = Paginator(rows, HOUSEHOLDS_PER_PAGE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filters": filters.urlencode(),
        "filtered": bool(site or search.strip()),
        "show_site": sites_visible_to(user).count() > 1,
    }
    return render(request, "customers/households.html", context)
