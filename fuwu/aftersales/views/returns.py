"""Returns and exchanges: the list (awaiting approval first), registering one with the customer's facts
and the amount, and the request's page — its approval chain step by step (decided in the approvals
app), what follows without approval (p12.15), and carrying it out once approved."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fuwu.aftersales.models import Complaint, Part, ReturnRequest
from fuwu.aftersales.selectors.access import DESK_ROLES, PARTS_ROLES, site_of_user
from fuwu.aftersales.selectors.complaints import returns_visible_to
from fuwu.aftersales.services import returns as services
from fuwu.aftersales.views.common import Form, acted, errors_of
from fuwu.aftersales.views.pickers import customer_of, matching, purchase_of
from fuwu.approvals import selectors as approvals
from fuwu.core.access import has_any_role, signed_in_user
from fuwu.core.errors import Invalid
from fuwu.core.models import User
from fuwu.core.scoping import site_choices, sites_visible_to
from fuwu.customers.models import Customer

PAGE_SIZE = 50


@login_required
@require_GET
def return_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied
    rows = returns_visible_to(user).select_related("site")
    state = request.GET.get("state", "")
    if state in ReturnRequest.State.values:
        rows = rows.filter(state=state)
    else:
        state = ""
    waiting = Case(
        When(state__in=(ReturnRequest.State.AWAITING, ReturnRequest.State.APPROVED), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    page = Paginator(
        rows.annotate(waiting=waiting).order_by("waiting", "-recorded_at", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "states": [("", gettext("All")), *ReturnRequest.State.choices],
    }
    return render(request, "aftersales/returns.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def return_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied
    sites = sites_visible_to(user).order_by("code")
    code = request.POST.get("site") or request.GET.get("site", "")
    site = (sites.filter(code=code).first() if code else None) or sites.first()
    if site is None:
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = Form(request.POST)
        customer = form.row("customer", lambda pk: customer_of(site, pk), required=True)
        values: dict[str, Any] = {
            "kind": form.text("kind"),
            "customer": customer,
            "purchase": form.row(
                "purchase", lambda pk: purchase_of(customer if isinstance(customer, Customer) else None, pk)
            ),
            "complaint": form.row("complaint", lambda pk: Complaint.objects.filter(site=site, pk=pk).first()),
            "content": form.text("content"),
            "amount": form.money("amount"),
            "part": form.row("part", lambda pk: Part.objects.filter(site=site, pk=pk).first()),
            "quantity": form.whole("quantity", default=1),
        }
        try:
            Invalid.unless_empty(form.problems + services.return_problems(site, by=user, **values))
            request_row = services.register_return(site, by=user, **values)
        except Invalid as error:
            errors, status = errors_of(error.problems), 422
        else:
            messages.success(request, gettext("Registered: it waits for approval."))
            return redirect("aftersales:return", pk=request_row.pk)
    chosen = customer_of(site, int(data["customer"])) if str(data.get("customer", "")).isdigit() else None
    context = {
        "site": site,
        "sites": site_choices(user),
        "errors": errors,
        "values": data,
        "customers": [chosen] if chosen is not None else matching([site.pk], data.get("q", "")),
        "kinds": ReturnRequest.Kind.choices,
        "parts": Part.objects.filter(site=site).order_by("code"),
    }
    return render(request, "aftersales/return_new.html", context, status=status)


def _visible(user: User, pk: int) -> ReturnRequest:
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied
    found = (
        returns_visible_to(user)
        .select_related("site", "customer", "part", "complaint", "recorded_by", "done_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def return_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    row = _visible(user, pk)
    chain = approvals.request_for(services.SUBJECT, row.pk)
    steps = approvals.steps_of(chain) if chain is not None else []
    context: dict[str, Any] = {
        "request_row": row,
        "chain": chain,
        "steps": steps,
        "may_decide": chain is not None and approvals.may_decide(chain, user, steps) is not None,
        "may_carry_out": row.state == ReturnRequest.State.APPROVED
        and site_of_user(user, row.site, PARTS_ROLES),
        "may_withdraw": row.state == ReturnRequest.State.AWAITING,
        "movements": row.movements.select_related("part").order_by("at", "pk"),
        "entries": row.account_entries.order_by("at", "pk"),
    }
    return render(request, "aftersales/return.html", context)


@login_required
@require_POST
def return_carry_out(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    row = _visible(user, pk)
    act = partial(services.carry_out, row, by=user)
    return acted(
        request, "aftersales:return", act, gettext("Carried out: the store and the account have it."), pk=pk
    )


@login_required
@require_POST
def return_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    row = _visible(user, pk)
    act = partial(services.withdraw, row, by=user, reason=request.POST.get("reason", ""))
    return acted(request, "aftersales:return", act, gettext("Closed without approval."), pk=pk)
