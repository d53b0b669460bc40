"""The customer list (newest first, a cursor for the next page, or the caller lookup's answer for a search)
and the forms that make and change a customer's file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.errors import Invalid
from fuwu.core.models import Site, User
from fuwu.core.scoping import site_choices
from fuwu.customers.forms.files import CustomerFilterForm, CustomerForm, managers_at
from fuwu.customers.models import Customer, Vehicle
from fuwu.customers.selectors.customers import (
    customer_scope,
    customers_visible_to,
    sees_every_customer_of_their_sites,
)
from fuwu.customers.selectors.households import household_at
from fuwu.customers.selectors.lookup import lookup
from fuwu.customers.services import customers as services
from fuwu.customers.services import files
from fuwu.customers.views.common import READERS, WRITERS, customer_in_scope, show_problems

PER_PAGE = 50


@login_required
@role_required(READERS)
@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    """A customer manager's own customers (and those they stand in for), everyone else their sites'."""
    user = signed_in_user(request)
    scope = customer_scope(user)
    sites = [site for site in site_choices(user) if site[0] in scope.site_ids]
    wide = sees_every_customer_of_their_sites(user)
    managers = list(managers_at([site[0] for site in sites])) if wide else []
    form = CustomerFilterForm(request.GET, sites=sites, managers=managers)
    form.is_valid()  # a filter that does not validate is dropped, never obeyed
    data = form.cleaned_data
    search = request.GET.get("q", "").strip()[:60]
    context: dict[str, Any] = {"form": form, "search": search, "show_site": len(sites) > 1, "wide": wide}
    if search:
        found = lookup(user, search, scope=scope)
        context.update(rows=found.customers, more=found.more, typed=found.typed)
        return render(request, "customers/list.html", context)
    rows = customers_visible_to(user, scope)
    if data.get("site"):
        rows = rows.filter(site_id=data["site"])
    if data.get("manager"):
        rows = rows.filter(manager_id=data["manager"])
    if data.get("kind"):
        rows = rows.filter(kind=data["kind"])
    if data.get("unfiled"):
        rows = rows.filter(filed_at__isnull=True)
    after = request.GET.get("after", "")
    if after.isdigit() and len(after) < 19:
        rows = rows.filter(pk__lt=int(after))
    page = list(
        rows.select_related("site", "manager")
        .prefetch_related(Prefetch("vehicles", queryset=Vehicle.objects.order_by("pk")))
        .order_by("-pk")[: PER_PAGE + 1]
    )
    shown = page[:PER_PAGE]
    following = request.GET.copy()
    following.pop("after", None)
    if len(page) > PER_PAGE:
        following["after"] = str(shown[-1].pk)
    first = request.GET.copy()
    first.pop("after", None)
    context.update(
        rows=shown,
        next_query=following.urlencode() if len(page) > PER_PAGE else "",
        first_query=first.urlencode() if after else None,
    )
    return render(request, "customers/list.html", context)


def _form_sites(user: User) -> list[tuple[int, str, str]]:
    scope = customer_scope(user)
    return [site for site in site_choices(user) if site[0] in scope.site_ids]


@login_required
@role_required(WRITERS)
@require_http_methods(["GET", "POST"])
def customer_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    sites = _form_sites(user)
    managers = list(managers_at([site[0] for site in sites]))
    initial: dict[str, Any] = {}
    if not sees_every_customer_of_their_sites(user) and any(m.pk == user.pk for m in managers):
        initial["manager"] = user.pk  # a customer manager's new customer is their own
    form = CustomerForm(request.POST or None, sites=sites, managers=managers, new=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            customer = _create(user, data, managers)
        except Invalid as error:
            show_problems(form, error)
        else:
            messages.success(request, gettext("Customer added."))
            return redirect("customers:detail", pk=customer.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "customers/form.html", {"form": form, "new": True}, status=status)


def _manager(user: User, wanted: int | None, managers: list[User]) -> User | None:
    """The manager chosen; a customer manager who may not see everyone's customers keeps them their own."""
    chosen = next((m for m in managers if m.pk == wanted), None)
    if not sees_every_customer_of_their_sites(user) and (chosen is None or chosen.pk != user.pk):
        raise Invalid.field(("body", "manager"), gettext("Your new customers are your own."))
    return chosen


def _create(user: User, data: dict[str, Any], managers: list[User]) -> Customer:
    phones = files.split_numbers(data["phones"])
    problems = files.customer_problems(name=data["name"], phones=phones)
    if data["plate"]:
        problems += files.vehicle_problems(
            plate=data["plate"], service_interval_days=data["service_interval_days"]
        )
    Invalid.unless_empty(problems)
    manager = _manager(user, data["manager"], managers)
    site = Site.objects.get(pk=data["site"])
    with transaction.atomic():
        customer = services.create_customer(
            site=site,
            name=data["name"],
            kind=data["kind"],
            phones=phones,
            address=data["address"],
            manager=manager,
            by=user,
            household=household_at(site, data["address"]),
            services_wanted=data["services_wanted"],
            note=data["note"],
            visited_on=data["visited_on"],
        )
        if data["plate"]:
            files.add_vehicle(
                customer,
                plate=data["plate"],
                model=data["model"],
                vehicle_type=data["vehicle_type"],
                service_interval_days=data["service_interval_days"],
                next_service_on=data["next_service_on"],
                by=user,
            )
    return customer


@login_required
@role_required(WRITERS)
@require_http_methods(["GET", "POST"])
def customer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    customer = customer_in_scope(user, pk)
    sites = _form_sites(user)
    managers = list(managers_at([customer.site_id]))
    if customer.manager is not None and all(m.pk != customer.manager_id for m in managers):
        managers.append(customer.manager)
    numbers = list(customer.phones.order_by("pk").values_list("number", flat=True))
    if customer.phone in numbers:  # the number to call first stays first
        numbers.remove(customer.phone)
        numbers.insert(0, customer.phone)
    initial = {
        "kind": customer.kind,
        "name": customer.name,
        "phones": ", ".join(numbers),
        "address": customer.address,
        "visited_on": customer.visited_on,
        "services_wanted": customer.services_wanted,
        "note": customer.note,
        "manager": customer.manager_id,
    }
    form = CustomerForm(request.POST or None, sites=sites, managers=managers, new=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _save(user, customer, data, managers)
        except Invalid as error:
            show_problems(form, error)
        else:
            messages.success(request, gettext("Customer file saved."))
            return redirect("customers:detail", pk=customer.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "new": False, "customer": customer}
    return render(request, "customers/form.html", context, status=status)


def _save(user: User, customer: Customer, data: dict[str, Any], managers: list[User]) -> None:
    phones = files.split_numbers(data["phones"])
    Invalid.unless_empty(files.customer_problems(name=data["name"], phones=phones))
    manager = next((m for m in managers if m.pk == data["manager"]), None)
    if manager != customer.manager and not sees_every_customer_of_their_sites(user):
        raise Invalid.field(
            ("body", "manager"), gettext("Only a supervisor gives a customer another manager.")
        )
    with transaction.atomic():
        files.update_customer(
            customer,
            by=user,
            kind=data["kind"],
            name=data["name"],
            address=data["address"],
            household=household_at(customer.site, data["address"]) or customer.household,
            visited_on=data["visited_on"],
            services_wanted=data["services_wanted"],
            note=data["note"],
        )
        files.set_phones(customer, phones, by=user)
        if manager is not None and manager != customer.manager:
            services.assign_manager(customer, manager, by=user)
