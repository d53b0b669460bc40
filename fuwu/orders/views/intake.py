"""The desk's intake form: type the caller's number, see the household and its past orders, write the
report. Photos are checked before anything is saved, so a bad photo leaves no half-made order."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from fuwu.core.access import role_required
from fuwu.core.errors import Invalid
from fuwu.core.scoping import sites_visible_to
from fuwu.customers.models import Household
from fuwu.orders import labels
from fuwu.orders.forms import IntakeForm
from fuwu.orders.models import Order
from fuwu.orders.services import orders, photos
from fuwu.orders.views.common import DESK, field_errors, too_many_photos, user_of

MIN_DIGITS = 4
PAST_ORDERS = 5
MAX_PHOTOS = 6


@login_required
@role_required(DESK)
@require_http_methods(["GET", "POST"])
def new_order(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = IntakeForm(request.POST or None, user=user)
    errors: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household = None
        if data["household"]:
            household = Household.objects.filter(
                pk=data["household"], site__in=sites_visible_to(user)
            ).first()
            if household is None:
                errors["household"] = gettext("Household not found")
        uploads = request.FILES.getlist("photos")
        try:
            if len(uploads) > MAX_PHOTOS:
                raise Invalid.field(("body", "photos"), too_many_photos(MAX_PHOTOS))
            for upload in uploads:
                photos.check_photo(upload)
            if not errors:
                order = orders.create_order(
                    site=data["site"],
                    by=user,
                    description=data["description"],
                    channel=data["channel"],
                    tags=data["tags"],
                    household=household,
                    location=data["location"],
                    contact_name=data["contact_name"],
                    contact_phone=data["caller_phone"],
                    appointment=data["appointment"],
                    outside_service_list=data["outside_service_list"],
                )
                for upload in uploads:
                    photos.add_photo(order, upload, stage="report", by=user)
                return redirect("orders:detail", pk=order.pk)
        except Invalid as error:
            errors.update(field_errors(error))
    status = 422 if request.method == "POST" else 200
    return render(request, "orders/new.html", {"form": form, "errors": errors}, status=status)


@login_required
@role_required(DESK)
@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """The households whose residents' number contains what was typed, and the orders from that number."""
    user = user_of(request)
    phone = "".join(ch for ch in request.GET.get("caller_phone", "") if ch.isdigit())
    households: list[Household] = []
    calls: list[Order] = []
    if len(phone) >= MIN_DIGITS:
        sites = sites_visible_to(user)
        recent = Order.objects.order_by("-received_at", "-id")
        households = list(
            Household.objects.filter(site__in=sites, residence__owner__phone__contains=phone)
            .distinct()
            .select_related("site")
            .prefetch_related(
                "residence_set__owner", Prefetch("orders", queryset=recent, to_attr="recent_orders")
            )[:5]
        )
        for household in households:
            household.recent_orders = household.recent_orders[:PAST_ORDERS]  # type: ignore[attr-defined]
        calls = list(
            recent.filter(Q(site__in=sites), contact_phone__contains=phone, household__isnull=True)[
                :PAST_ORDERS
            ]
        )
    context = {
        "phone": phone,
        "households": households,
        "calls": calls,
        "too_short": 0 < len(phone) < MIN_DIGITS,
        "status_words": labels.STATUS,
    }
    return render(request, "orders/partials/lookup.html", context)
