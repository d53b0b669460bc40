"""Stand-ins (p16.4) for a supervisor: who stands in for whom now and before, the absent manager's open
follow-up work counted where it is now (with the stand-in while it runs, back with the manager after),
the form to appoint one and the button to hand the work back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import Site
from fuwu.core.scoping import sites_visible_to
from fuwu.customers.models import Substitution
from fuwu.followup.access import SUPERVISING_ROLES
from fuwu.followup.forms import StandInForm, show_problems
from fuwu.followup.selectors.cover import running
from fuwu.followup.selectors.worklist import worklist
from fuwu.followup.services import standins
from fuwu.followup.views.common import people_of

# How much of a person's open work the page counts (the worklist's first page is enough to show it moved).
COUNTED = 99


def _site(request: HttpRequest) -> Site:
    user = signed_in_user(request)
    sites = sites_visible_to(user).order_by("code")
    wanted = request.GET.get("site") or request.POST.get("site") or ""
    site = sites.filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 18 else None
    site = site or sites.first()
    if site is None:
        raise Http404
    return site


@login_required
@role_required(SUPERVISING_ROLES)
@require_http_methods(["GET", "POST"])
def standins_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    site = _site(request)
    people = people_of(site)
    form = StandInForm(request.POST or None, people=people)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            by_pk = {person.pk: person for person in people}
            try:
                standins.start_stand_in(
                    site,
                    by=user,
                    absent=by_pk[data["absent"]],
                    substitute=by_pk[data["substitute"]],
                    ends_at=data["ends_at"],
                    reason=data["reason"],
                )
            except Invalid as error:
                show_problems(form, error)
            except Conflict as conflict:
                form.add_error(None, conflict.message)
            else:
                messages.success(request, gettext("The stand-in begins now: the open work has moved."))
                return redirect(f"{request.path}?site={site.pk}")
    now = timezone.now()
    current = list(
        Substitution.objects.filter(site=site)
        .filter(running(now))
        .select_related("absent", "substitute", "by")
        .order_by("starts_at", "pk")
    )
    earlier = list(
        Substitution.objects.filter(site=site)
        .exclude(pk__in=[row.pk for row in current])
        .select_related("absent", "substitute", "by")
        .order_by("-starts_at", "-pk")[:20]
    )
    # Where each absent manager's open work is now: counted on the stand-in's worklist for the manager.
    moved = {
        row.pk: sum(
            1
            for item in worklist(row.substitute_id, now=now, limit=COUNTED).items
            if item.owner_id == row.absent_id
        )
        for row in current
    }
    context = {
        "site": site,
        "sites": list(sites_visible_to(user).order_by("code")),
        "form": form,
        "current": [(row, moved[row.pk]) for row in current],
        "earlier": earlier,
    }
    return render(request, "followup/standins.html", context, status=status)


@login_required
@role_required(SUPERVISING_ROLES)
@require_POST
def standin_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    row = Substitution.objects.filter(pk=pk, site__in=sites_visible_to(user)).select_related("site").first()
    if row is None:
        raise Http404
    try:
        standins.end_stand_in(row, by=user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, gettext("Handed back: the open work is with the manager again."))
    return redirect(f"/followup/substitutions/?site={row.site_id}")
