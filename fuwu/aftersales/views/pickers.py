"""Choosing a customer, their purchase and a repair order on the after-sales forms: a search that lists
the site's customers by name or a fragment of their number (htmx swaps the choices in; without
JavaScript the form takes the customer's number in the list)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from fuwu.aftersales.selectors.access import DESK_ROLES
from fuwu.aftersales.views.common import Form
from fuwu.core.access import has_any_role, signed_in_user
from fuwu.core.errors import Maybe
from fuwu.core.models import Site
from fuwu.core.scoping import sites_visible_to
from fuwu.customers.models import Customer, Purchase
from fuwu.orders.models import Order

SHOWN = 20


def customer_of(site: Site, pk: int) -> Customer | None:
    return Customer.objects.filter(site=site, pk=pk).first()


def purchase_of(customer: Customer | None, pk: int) -> Purchase | None:
    return Purchase.objects.filter(customer=customer, pk=pk).first() if customer is not None else None


def order_of(form: Form, site: Site) -> Maybe[Order | None]:
    """The repair order named by its number (or id) in the field ``order``; None when empty."""
    text = form.text("order")
    if not text:
        return None
    found = Order.objects.filter(site=site).filter(
        Q(number=text) | Q(pk=int(text)) if text.isdigit() and len(text) < 18 else Q(number=text)
    )
    order = found.first()
    if order is None:
        return form.bad("order", gettext("No repair order with this number at the site."))
    return order


def matching(site_ids: list[int], query: str) -> list[Customer]:
    """Up to 20 customers of the sites whose name holds ``query`` or whose numbers hold its digits."""
    text = query.strip()
    if not text:
        return []
    digits = "".join(ch for ch in text if ch.isdigit())
    where = Q(name__icontains=text)
    if len(digits) >= 3:
        where |= Q(phones__digits__contains=digits)
    ids = list(
        Customer.objects.filter(where, site_id__in=site_ids)
        .order_by("name", "pk")
        .values_list("pk", flat=True)
        .distinct()[:SHOWN]
    )
    rows = Customer.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("purchases", queryset=Purchase.objects.order_by("-purchased_on", "pk"))
    )
    return sorted(rows, key=lambda c: (c.name, c.pk))


@login_required
@require_GET
def customer_pick(request: HttpRequest) -> HttpResponse:
    """The customers (and their purchases) matching ?q= at the site ?site=, as the form's choices."""
    user = signed_in_user(request)
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied
    site = sites_visible_to(user).filter(code=request.GET.get("site", "")).first()
    found = matching([site.pk], request.GET.get("q", "")) if site is not None else []
    return render(
        request,
        "aftersales/partials/customer_choices.html",
        {"customers": found, "q": request.GET.get("q", "")},
    )
