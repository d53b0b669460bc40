"""The customer's page — their file with every field of 客户档案基本资料表, cars, services, purchases, the
timeline and what the regulations owe for them — and its actions: a contact recorded, the file made, a
car, a service or a purchase added."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import User
from fuwu.customers import labels
from fuwu.customers.forms.files import ContactForm, PurchaseForm, ServiceRecordForm, VehicleForm
from fuwu.customers.models import Customer, CustomerEvent, ManagerAssignment, Residence
from fuwu.customers.selectors.customers import may_write
from fuwu.customers.services import files
from fuwu.customers.services.timeline import SUBJECT, responsible
from fuwu.customers.views.common import READERS, WRITERS, customer_in_scope, show_problems
from fuwu.regulations.selectors import obligations_of

TIMELINE = 100


def file_of(customer: Customer) -> dict[str, Any]:
    """Everything the file shows, read in a fixed number of queries."""
    vehicles = list(customer.vehicles.order_by("pk"))
    services = list(customer.services.select_related("vehicle", "by").order_by("-day", "-pk")[:200])
    events = list(
        CustomerEvent.objects.filter(customer=customer).select_related("by").order_by("-at", "-pk")[:TIMELINE]
    )
    residents: list[Residence] = []
    if customer.household_id is not None:
        residents = list(Residence.objects.filter(household_id=customer.household_id).select_related("owner"))
    return {
        "customer": customer,
        "phones": list(customer.phones.order_by("pk")),
        "vehicles": vehicles,
        "services": services,
        "purchases": list(customer.purchases.order_by("-purchased_on", "-pk")),
        "events": events,
        "residents": residents,
    }


@login_required
@role_required(READERS)
@require_GET
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    customer = customer_in_scope(user, pk)
    return _page(request, user, customer)


def _page(
    request: HttpRequest,
    user: User,
    customer: Customer,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    stored = obligations_of(SUBJECT, [customer.pk]).get(str(customer.pk), [])
    owed = [labels.owed(row, now) for row in stored]
    context = file_of(customer)
    vehicles = context["vehicles"]
    forms_ = {
        "contact_form": ContactForm(),
        "vehicle_form": VehicleForm(),
        "service_form": ServiceRecordForm(vehicles=vehicles, initial={"day": timezone.localdate()}),
        "purchase_form": PurchaseForm(initial={"purchased_on": timezone.localdate()}),
    }
    forms_.update(bound or {})
    assignments = (
        ManagerAssignment.objects.filter(customer=customer)
        .select_related("manager")
        .order_by("-starts_at", "-pk")
    )
    context.update(
        forms_,
        open_owed=[row for row in owed if row.state in ("open", "breached") and row.colour != "done"],
        past_owed=[
            row for row in owed if row.state == "met" or (row.state == "breached" and row.colour == "done")
        ],
        assignments=list(assignments[:20]),
        looked_after_by=responsible(customer),
        may_write=may_write(user),
        file_problems=files.file_problems(customer),
        open_forms=set((bound or {}).keys()),
    )
    return render(request, "customers/detail.html", context, status=status)


def _act(
    request: HttpRequest,
    pk: int,
    form_class: Callable[..., forms.Form],
    name: str,
    write: Callable[[User, Customer, dict[str, Any]], str],
) -> HttpResponse:
    """Run one action of the page with its form: back to the page with a message, or the page again
    (422) with the form's problems shown."""
    user = signed_in_user(request)
    customer = customer_in_scope(user, pk)
    form = form_class(request.POST, **_extra(form_class, customer))
    if form.is_valid():
        try:
            done = write(user, customer, form.cleaned_data)
        except Invalid as error:
            show_problems(form, error)
        except Conflict as conflict:
            messages.error(request, conflict.message)
            return redirect("customers:detail", pk=customer.pk)
        else:
            messages.success(request, done)
            return redirect("customers:detail", pk=customer.pk)
    return _page(request, user, customer, bound={name: form}, status=422)


def _extra(form_class: Callable[..., forms.Form], customer: Customer) -> dict[str, Any]:
    if form_class is ServiceRecordForm:
        return {"vehicles": list(customer.vehicles.order_by("pk"))}
    return {}


@login_required
@role_required(WRITERS)
@require_POST
def record_contact(request: HttpRequest, pk: int) -> HttpResponse:
    def write(user: User, customer: Customer, data: dict[str, Any]) -> str:
        files.record_contact(customer, reason=data["reason"], at=data["at"], note=data["note"], by=user)
        return gettext("Recorded on the timeline.")

    return _act(request, pk, ContactForm, "contact_form", write)


@login_required
@role_required(WRITERS)
@require_POST
def add_vehicle(request: HttpRequest, pk: int) -> HttpResponse:
    def write(user: User, customer: Customer, data: dict[str, Any]) -> str:
        files.add_vehicle(customer, by=user, **data)
        return gettext("Car added.")

    return _act(request, pk, VehicleForm, "vehicle_form", write)


@login_required
@role_required(WRITERS)
@require_POST
def add_service(request: HttpRequest, pk: int) -> HttpResponse:
    def write(user: User, customer: Customer, data: dict[str, Any]) -> str:
        vehicle = customer.vehicles.filter(pk=data["vehicle"]).first() if data["vehicle"] else None
        files.add_service_record(
            customer, day=data["day"], work=data["work"], amount=data["amount"], vehicle=vehicle, by=user
        )
        return gettext("Service recorded.")

    return _act(request, pk, ServiceRecordForm, "service_form", write)


@login_required
@role_required(WRITERS)
@require_POST
def add_purchase(request: HttpRequest, pk: int) -> HttpResponse:
    def write(user: User, customer: Customer, data: dict[str, Any]) -> str:
        files.add_purchase(customer, by=user, **data)
        return gettext("Purchase added.")

    return _act(request, pk, PurchaseForm, "purchase_form", write)


@login_required
@role_required(WRITERS)
@require_POST
def make_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    customer = customer_in_scope(user, pk)
    try:
        files.make_file(customer, by=user)
    except Invalid as error:
        for _loc, msg in error.problems:
            messages.error(request, msg)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, gettext("The file is made (p16.b2)."))
    return redirect("customers:detail", pk=customer.pk)
