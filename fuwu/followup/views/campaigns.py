"""Campaigns (p16.b6): the list of a user's sites, a new one (a supervisor), and a campaign's page — its
phone-notice and letter deadlines with their clauses, its customers and which of them were told by phone
and by letter, and the forms to add customers, tell one by phone and send the letters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fuwu.core.access import has_any_role, role_required, signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import Site, User
from fuwu.core.scoping import sites_visible_to
from fuwu.customers.selectors.customers import customers_visible_to
from fuwu.followup.access import FOLLOWUP_ROLES, SUPERVISING_ROLES
from fuwu.followup.forms import CampaignForm, show_problems
from fuwu.followup.models import Campaign, CampaignCustomer
from fuwu.followup.selectors.scoped import campaigns_visible_to
from fuwu.followup.services import campaigns
from fuwu.followup.views.common import people_of
from fuwu.regulations.selectors import obligations_of

SEARCH_ROWS = 30


@login_required
@role_required(FOLLOWUP_ROLES)
@require_GET
def campaigns_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    rows = list(
        campaigns_visible_to(user)
        .select_related("site", "owner")
        .annotate(
            listed=Count("customers"),
            phoned=Count("customers", filter=Q(customers__phoned_at__isnull=False)),
            mailed=Count("customers", filter=Q(customers__letter__isnull=False)),
        )
        .order_by("-date", "-pk")[:100]
    )
    owed = obligations_of(campaigns.SUBJECT, [row.pk for row in rows])
    context = {
        "rows": [(row, owed.get(str(row.pk), [])) for row in rows],
        "decides": has_any_role(user, SUPERVISING_ROLES),
        "now": timezone.now(),
    }
    return render(request, "followup/campaigns.html", context)


def _site_for_new(request: HttpRequest, user: User) -> Site:
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
def campaign_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    site = _site_for_new(request, user)
    people = people_of(site)
    form = CampaignForm(request.POST or None, people=people, initial={"letters": True})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            owner = next(person for person in people if person.pk == data["owner"])
            try:
                campaign = campaigns.create_campaign(
                    site,
                    by=user,
                    title=data["title"],
                    kind=data["kind"],
                    date=data["date"],
                    owner=owner,
                    description=data["description"],
                    letters=data["letters"],
                )
            except Invalid as error:
                show_problems(form, error)
            else:
                messages.success(
                    request, gettext("Campaign decided: its phone notice is owed 14 days ahead.")
                )
                return redirect("followup:campaign", campaign.pk)
    sites = list(sites_visible_to(user).order_by("code"))
    context = {"form": form, "site": site, "sites": sites}
    return render(request, "followup/campaign_new.html", context, status=status)


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    found = (
        campaigns_visible_to(signed_in_user(request))
        .select_related("site", "owner", "by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@role_required(FOLLOWUP_ROLES)
@require_GET
def campaign_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    campaign = _campaign(request, pk)
    listed = list(
        CampaignCustomer.objects.filter(campaign=campaign)
        .select_related("customer", "call__by", "letter")
        .order_by("customer__name", "pk")
    )
    search = request.GET.get("q", "").strip()
    found = []
    if search:
        taken = {row.customer_id for row in listed}
        found = [
            customer
            for customer in customers_visible_to(user)
            .filter(site=campaign.site)
            .filter(Q(name__icontains=search) | Q(phone__contains=search))
            .order_by("name", "pk")[:SEARCH_ROWS]
            if customer.pk not in taken
        ]
    context = {
        "campaign": campaign,
        "listed": listed,
        "owed": obligations_of(campaigns.SUBJECT, [campaign.pk]).get(str(campaign.pk), []),
        "search": search,
        "found": found,
        "changes_list": user.pk == campaign.owner_id or has_any_role(user, SUPERVISING_ROLES),
        "to_mail": sum(1 for row in listed if row.phoned_at is not None and row.letter_id is None),
        "now": timezone.now(),
    }
    return render(request, "followup/campaign.html", context)


@login_required
@role_required(FOLLOWUP_ROLES)
@require_POST
def campaign_customers(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    campaign = _campaign(request, pk)
    ids = [int(value) for value in request.POST.getlist("customer") if value.isdigit() and len(value) < 18]
    chosen = list(customers_visible_to(user).filter(pk__in=ids, site=campaign.site))
    try:
        added = campaigns.add_customers(campaign, chosen, by=user)
    except Invalid as error:
        messages.error(request, "；".join(message for _loc, message in error.problems))
    else:
        messages.success(request, gettext("%(count)s customers added.") % {"count": added})
    return redirect("followup:campaign", campaign.pk)


@login_required
@role_required(FOLLOWUP_ROLES)
@require_POST
def campaign_phoned(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    campaign = _campaign(request, pk)
    wanted = request.POST.get("customer", "")
    customer = (
        customers_visible_to(user).filter(pk=int(wanted)).first()
        if wanted.isdigit() and len(wanted) < 18
        else None
    )
    if customer is None:
        raise Http404
    try:
        call = campaigns.phone_notice(campaign, customer, by=user, points=request.POST.get("points", ""))
    except (Invalid, Conflict) as error:
        text = error.message if isinstance(error, Conflict) else "；".join(m for _l, m in error.problems)
        messages.error(request, text)
    else:
        if call.violations:
            found = "；".join(f"{v['clause']} {v['because']}" for v in call.violations)
            messages.warning(
                request, gettext("Call recorded, against the regulations: %(found)s") % {"found": found}
            )
        else:
            messages.success(request, gettext("%(name)s told by phone.") % {"name": customer.name})
    return redirect("followup:campaign", campaign.pk)


@login_required
@role_required(FOLLOWUP_ROLES)
@require_POST
def campaign_letters(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    campaign = _campaign(request, pk)
    try:
        sent = campaigns.send_letters(campaign, by=user, summary=request.POST.get("summary", ""))
    except (Invalid, Conflict) as error:
        text = error.message if isinstance(error, Conflict) else "；".join(m for _l, m in error.problems)
        messages.error(request, text)
    else:
        messages.success(request, gettext("%(count)s letters registered.") % {"count": len(sent)})
    return redirect("followup:campaign", campaign.pk)
