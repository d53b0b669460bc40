"""A customer's follow-up (``/followup/customers/<id>/``): what is owed them (the regulations' stored
deadlines and windows with their clauses), the next contact planned, their calls as the call record
keeps them, their letters and requests; and the forms to record a call, plan the next contact and
register a letter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.customers.services.timeline import SUBJECT
from fuwu.followup.access import FOLLOWUP_ROLES
from fuwu.followup.forms import CallForm, LetterForm, PlanForm, now_local, show_problems
from fuwu.followup.models import Call, CallRequest, ContactPlan
from fuwu.followup.selectors import registers
from fuwu.followup.services import calls, letters, plans
from fuwu.followup.services.calls import next_sequence
from fuwu.followup.views.common import customer_in_reach
from fuwu.regulations.customers import call_allowed
from fuwu.regulations.selectors import obligations_of
from fuwu.regulations.sweep import what_label

PURPOSE_OF_SEQUENCE = {1: Call.Purpose.FIRST, 2: Call.Purpose.SECOND}


@login_required
@role_required(FOLLOWUP_ROLES)
@require_GET
def customer_page(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_in_reach(request, pk)
    owed = [
        (row, what_label(row.what))
        for row in obligations_of(SUBJECT, [customer.pk]).get(str(customer.pk), [])
    ]
    context = {
        "customer": customer,
        "owed": owed,
        "plans": ContactPlan.objects.filter(customer=customer).order_by("-planned_at", "-pk")[:10],
        "calls": list(reversed(registers.calls(customer_id=customer.pk)))[:50],
        "letters": list(reversed(registers.letters(customer_id=customer.pk)))[:30],
        "requests": CallRequest.objects.filter(customer=customer).order_by("-raised_at", "-pk")[:20],
        "next_call": next_sequence(customer, timezone.now()),
        "quiet": not call_allowed(customer.site, timezone.now()),
        "now": timezone.now(),
    }
    return render(request, "followup/customer.html", context)


@login_required
@role_required(FOLLOWUP_ROLES)
@require_http_methods(["GET", "POST"])
def call_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    customer = customer_in_reach(request, pk)
    plan = _plan(request, customer.pk)
    owed = next_sequence(customer, timezone.now())
    purpose = request.GET.get("purpose") or PURPOSE_OF_SEQUENCE.get(owed or 0, Call.Purpose.PLANNED)
    initial = {
        "at": now_local(),
        "direction": Call.Direction.OUT,
        "purpose": purpose,
        "phone": customer.phone,
    }
    if plan is not None:
        initial.update(points=plan.content, emergency=plan.emergency)
    form = CallForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                call = calls.record_call(
                    customer,
                    by=user,
                    at=data["at"],
                    direction=data["direction"],
                    purpose=data["purpose"],
                    phone=data["phone"],
                    emergency=data["emergency"],
                    points=data["points"],
                    requests=data["requests"],
                    handling=data["handling"],
                    answered=data["answered"],
                    complaint=data["complaint"],
                    plan=plan,
                )
            except Invalid as error:
                show_problems(form, error)
            except Conflict as conflict:
                form.add_error(None, conflict.message)
            else:
                _told(request, call)
                return redirect("followup:customer", customer.pk)
    context = {
        "customer": customer,
        "form": form,
        "plan": plan,
        "owed": owed,
        "quiet": not call_allowed(customer.site, timezone.now()),
    }
    return render(request, "followup/call_form.html", context, status=status)


def _plan(request: HttpRequest, customer_pk: int) -> ContactPlan | None:
    wanted = request.GET.get("plan", "")
    if not wanted.isdigit() or len(wanted) > 18:
        return None
    return ContactPlan.objects.filter(
        pk=int(wanted), customer_id=customer_pk, state=ContactPlan.State.PLANNED
    ).first()


def _told(request: HttpRequest, call: Call) -> None:
    if call.violations:
        found = "；".join(f"{v['clause']} {v['because']}" for v in call.violations)
        messages.warning(
            request, gettext("Call recorded, against the regulations: %(found)s") % {"found": found}
        )
    else:
        messages.success(request, gettext("Call recorded in the call record and the call register."))


@login_required
@role_required(FOLLOWUP_ROLES)
@require_http_methods(["GET", "POST"])
def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    customer = customer_in_reach(request, pk)
    suggested = timezone.localtime(plans.suggested_time(customer))
    form = PlanForm(request.POST or None, initial={"planned_at": suggested})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                plans.plan_contact(
                    customer,
                    by=user,
                    needs=data["needs"],
                    content=data["content"],
                    planned_at=data["planned_at"],
                    emergency=data["emergency"],
                )
            except Invalid as error:
                show_problems(form, error)
            else:
                messages.success(request, gettext("Next contact planned."))
                return redirect("followup:customer", customer.pk)
    context = {"customer": customer, "form": form, "suggested": suggested}
    return render(request, "followup/plan_form.html", context, status=status)


@login_required
@role_required(FOLLOWUP_ROLES)
@require_POST
def plan_drop(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    plan = ContactPlan.objects.select_related("customer").filter(pk=pk).first()
    if plan is None:
        raise Http404
    customer = customer_in_reach(request, plan.customer_id)
    try:
        plans.drop_plan(plan, by=user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    return redirect("followup:customer", customer.pk)


@login_required
@role_required(FOLLOWUP_ROLES)
@require_http_methods(["GET", "POST"])
def letter_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    customer = customer_in_reach(request, pk)
    today = timezone.localtime().date()
    form = LetterForm(request.POST or None, initial={"sent_on": today, "address": customer.address})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                letters.record_letter(
                    customer,
                    by=user,
                    sent_on=data["sent_on"],
                    category=data["category"],
                    summary=data["summary"],
                    address=data["address"],
                )
            except Invalid as error:
                show_problems(form, error)
            else:
                messages.success(request, gettext("Letter registered."))
                return redirect("followup:customer", customer.pk)
    return render(request, "followup/letter_form.html", {"customer": customer, "form": form}, status=status)
