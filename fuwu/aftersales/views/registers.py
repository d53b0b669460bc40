"""The registers' pages: each register of a site and month on screen (a phone reads it as cards), as the
printed A4 form and as Excel; and the forms that add a call (p12.3, p12.14) or a defect report (p12.13)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from fuwu.aftersales.exports import register_sheet, response
from fuwu.aftersales.models import Call, DesignDefect
from fuwu.aftersales.selectors.access import DECIDER_ROLES, DESK_ROLES
from fuwu.aftersales.selectors.registers import REGISTERS, Period, Register
from fuwu.aftersales.services import registers as services
from fuwu.aftersales.views.common import Form, chosen_month, chosen_site, errors_of, month_bounds
from fuwu.aftersales.views.pickers import customer_of, order_of
from fuwu.core.access import has_any_role, signed_in_user
from fuwu.core.errors import Invalid
from fuwu.core.models import User
from fuwu.core.scoping import sees_full_phone_numbers, site_choices, sites_visible_to


def _register(user: User, slug: str) -> Register:
    register = REGISTERS.get(slug)
    if register is None:
        raise Http404
    if not has_any_role(user, register.roles):
        raise PermissionDenied
    return register


def _context(request: HttpRequest, slug: str) -> dict[str, Any]:
    user = signed_in_user(request)
    register = _register(user, slug)
    site = chosen_site(request, user)
    month = chosen_month(request, site)
    start, end = month_bounds(site, month)
    period = Period(site, start, end, full_phones=sees_full_phone_numbers(user))
    return {
        "register": register,
        "site": site,
        "month": month,
        "sites": site_choices(user),
        "columns": register.columns,
        "lines": [
            [(column.header, column.kind, value) for column, value in zip(register.columns, row, strict=True)]
            for row in register.rows(period)
        ],
        "may_add": register.new is not None and has_any_role(user, DESK_ROLES),
        "query": f"site={site.code}&month={month}",
        "printed_at": timezone.now(),
        "registers": [r for r in REGISTERS.values() if has_any_role(user, r.roles)],
    }


@login_required
@require_GET
def register_page(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "aftersales/register.html", _context(request, slug))


@login_required
@require_GET
def register_print(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "aftersales/register_print.html", _context(request, slug))


@login_required
@require_GET
def register_xlsx(request: HttpRequest, slug: str) -> HttpResponseBase:
    user = signed_in_user(request)
    register = _register(user, slug)
    site = chosen_site(request, user)
    month = chosen_month(request, site)
    start, end = month_bounds(site, month)
    period = Period(site, start, end, full_phones=sees_full_phone_numbers(user))
    sheet = register_sheet(register, period, str(month))
    return response([sheet], f"{slug}-{site.code}-{month}.xlsx")


def _desk_site(request: HttpRequest, user: User) -> Any:
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied
    code = request.POST.get("site") or request.GET.get("site", "")
    sites = sites_visible_to(user).order_by("code")
    return (sites.filter(code=code).first() if code else None) or sites.first()


@login_required
@require_http_methods(["GET", "POST"])
def call_new(request: HttpRequest) -> HttpResponse:
    """Log a call (p12.3), or — a supervisor — record one in the supervisor's own record (p12.14)."""
    user = signed_in_user(request)
    site = _desk_site(request, user)
    if site is None:
        raise Http404
    supervisor = has_any_role(user, DECIDER_ROLES)
    register = request.POST.get("register") or request.GET.get("register") or Call.Register.DESK
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = Form(request.POST)
        values: dict[str, Any] = {
            "at": form.moment("at", default_now=True),
            "caller": form.text("caller"),
            "phone": form.text("phone"),
            "content": form.text("content"),
            "arrangement": form.text("arrangement"),
            "customer": form.row("customer", lambda pk: customer_of(site, pk)),
            "order": order_of(form, site),
        }
        try:
            problems = form.problems + services.call_problems(site, by=user, register=register, **values)
            Invalid.unless_empty(problems)
            services.log_call(
                site, by=user, register=register, needs_repair=form.flag("needs_repair"), **values
            )
        except Invalid as error:
            errors, status = errors_of(error.problems), 422
        else:
            messages.success(request, gettext("The call is logged."))
            slug = "supervisor-calls" if register == Call.Register.SUPERVISOR else "calls"
            return redirect(f"{_url(slug)}?site={site.code}")
    context = {
        "site": site,
        "sites": site_choices(user),
        "register": register,
        "supervisor": supervisor,
        "errors": errors,
        "values": request.POST,
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    return render(request, "aftersales/call_new.html", context, status=status)


def _url(slug: str) -> str:
    return reverse("aftersales:register", args=[slug])


@login_required
@require_http_methods(["GET", "POST"])
def defect_new(request: HttpRequest) -> HttpResponse:
    """Report a design defect or a machine the department cannot repair to the general manager (p12.13)."""
    user = signed_in_user(request)
    site = _desk_site(request, user)
    if site is None:
        raise Http404
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = Form(request.POST)
        values: dict[str, Any] = {
            "kind": form.text("kind"),
            "found_on": form.day("found_on"),
            "product": form.text("product"),
            "problem": form.text("problem"),
        }
        try:
            Invalid.unless_empty(form.problems + services.defect_problems(site, by=user, **values))
            services.report_defect(site, by=user, **values)
        except Invalid as error:
            errors, status = errors_of(error.problems), 422
        else:
            messages.success(request, gettext("Reported: the general manager has been told."))
            return redirect(f"{_url('defects')}?site={site.code}")
    context = {
        "site": site,
        "sites": site_choices(user),
        "kinds": DesignDefect.Kind.choices,
        "errors": errors,
        "values": request.POST,
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "aftersales/defect_new.html", context, status=status)
