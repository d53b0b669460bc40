"""The parts store's pages (p12.16a): the site's parts with their stock and value, a part's movements
with stocking in, issuing to a repair order and reversing a mistake; the department's own account with
its balance and entries made by hand."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from fuwu.aftersales.models import AccountEntry, Part, PartMovement
from fuwu.aftersales.selectors.access import PARTS_ROLES, at_sites_of
from fuwu.aftersales.selectors.parts import account_of, movements_of, parts_with_stock
from fuwu.aftersales.services import account, parts
from fuwu.aftersales.views.common import Form, acted, chosen_month, chosen_site, errors_of, month_bounds
from fuwu.aftersales.views.pickers import order_of
from fuwu.core.access import has_any_role, signed_in_user
from fuwu.core.errors import Invalid
from fuwu.core.models import User
from fuwu.core.scoping import site_choices, sites_visible_to


def _keeper(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not has_any_role(user, PARTS_ROLES):
        raise PermissionDenied
    return user


@login_required
@require_GET
def parts_page(request: HttpRequest) -> HttpResponse:
    user = _keeper(request)
    site = chosen_site(request, user)
    rows = list(parts_with_stock(site))
    context: dict[str, Any] = {
        "site": site,
        "sites": site_choices(user),
        "parts": rows,
        "value": sum((p.value for p in rows), parts.ZERO),  # type: ignore[attr-defined]
        "errors": {},
        "values": {},
    }
    return render(request, "aftersales/parts.html", context)


@login_required
@require_POST
def part_new(request: HttpRequest) -> HttpResponse:
    user = _keeper(request)
    site = sites_visible_to(user).filter(code=request.POST.get("site", "")).first()
    if site is None:
        raise Http404
    form = Form(request.POST)
    values = {name: form.text(name) for name in ("code", "name", "unit", "spec")}
    try:
        part = parts.create_part(site, by=user, **values)
    except Invalid as error:
        rows = list(parts_with_stock(site))
        context: dict[str, Any] = {
            "site": site,
            "sites": site_choices(user),
            "parts": rows,
            "value": sum((p.value for p in rows), parts.ZERO),  # type: ignore[attr-defined]
            "errors": errors_of(error.problems),
            "values": request.POST,
        }
        return render(request, "aftersales/parts.html", context, status=422)
    messages.success(request, gettext("The part is in the store's list."))
    return redirect("aftersales:part", pk=part.pk)


def _part(user: User, pk: int) -> Part:
    found = at_sites_of(user, Part.objects.select_related("site"), PARTS_ROLES).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _part_context(
    user: User, part: Part, errors: dict[str, str], values: Any, form: str = ""
) -> dict[str, Any]:
    held, value = parts.stock_of(part)
    return {
        "part": part,
        "held": held,
        "value": value,
        "movements": movements_of(part),
        "errors": errors,
        "values": values,
        "failed": form,
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }


@login_required
@require_GET
def part_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = _keeper(request)
    part = _part(user, pk)
    return render(request, "aftersales/part.html", _part_context(user, part, {}, {}))


@login_required
@require_POST
def part_stock_in(request: HttpRequest, pk: int) -> HttpResponse:
    user = _keeper(request)
    part = _part(user, pk)
    form = Form(request.POST)
    values: dict[str, Any] = {
        "quantity": form.whole("quantity"),
        "unit_cost": form.money("unit_cost"),
        "at": form.moment("at", default_now=True),
        "supplier": form.text("supplier"),
        "note": form.text("note"),
    }
    try:
        Invalid.unless_empty(form.problems + parts.stock_in_problems(part, by=user, **values))
        parts.stock_in(part, by=user, **values)
    except Invalid as error:
        context = _part_context(user, part, errors_of(error.problems), request.POST, "in")
        return render(request, "aftersales/part.html", context, status=422)
    messages.success(request, gettext("Stocked in."))
    return redirect("aftersales:part", pk=pk)


@login_required
@require_POST
def part_issue(request: HttpRequest, pk: int) -> HttpResponse:
    user = _keeper(request)
    part = _part(user, pk)
    form = Form(request.POST)
    values: dict[str, Any] = {
        "quantity": form.whole("quantity"),
        "at": form.moment("at", default_now=True),
        "order": order_of(form, part.site),
        "note": form.text("note"),
    }
    try:
        Invalid.unless_empty(form.problems + parts.issue_problems(part, by=user, **values))
        parts.issue(part, by=user, **values)
    except Invalid as error:
        context = _part_context(user, part, errors_of(error.problems), request.POST, "issue")
        return render(request, "aftersales/part.html", context, status=422)
    messages.success(request, gettext("Issued: the cost is charged to the after-sales account."))
    return redirect("aftersales:part", pk=pk)


@login_required
@require_POST
def movement_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    user = _keeper(request)
    movement = (
        at_sites_of(user, PartMovement.objects.select_related("site", "part"), PARTS_ROLES)
        .filter(pk=pk)
        .first()
    )
    if movement is None:
        raise Http404
    act = partial(parts.reverse, movement, by=user, note=request.POST.get("note", ""))
    return acted(request, "aftersales:part", act, gettext("Reversed."), pk=movement.part_id)


@login_required
@require_GET
def account_page(request: HttpRequest) -> HttpResponse:
    user = _keeper(request)
    site = chosen_site(request, user)
    month = chosen_month(request, site)
    return render(request, "aftersales/account.html", _account_context(user, site, month, {}, {}))


def _account_context(
    user: User, site: Any, month: Any, errors: dict[str, str], values: Any
) -> dict[str, Any]:
    start, end = month_bounds(site, month)
    opening, lines = account_of(site, start, end)
    return {
        "site": site,
        "sites": site_choices(user),
        "month": month,
        "opening": opening,
        "lines": lines,
        "closing": lines[-1]["balance"] if lines else opening,
        "errors": errors,
        "values": values,
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "query": f"site={site.code}&month={month}",
    }


@login_required
@require_POST
def account_enter(request: HttpRequest) -> HttpResponse:
    user = _keeper(request)
    site = chosen_site(request, user)
    form = Form(request.POST)
    values: dict[str, Any] = {
        "at": form.moment("at", default_now=True),
        "summary": form.text("summary"),
        "income": form.money("income", required=False),
        "expense": form.money("expense", required=False),
    }
    try:
        Invalid.unless_empty(form.problems + account.entry_problems(site, by=user, **values))
        account.enter(site, by=user, **values)
    except Invalid as error:
        context = _account_context(
            user, site, chosen_month(request, site), errors_of(error.problems), request.POST
        )
        return render(request, "aftersales/account.html", context, status=422)
    messages.success(request, gettext("Entered."))
    return redirect(f"{reverse('aftersales:account')}?site={site.code}")


@login_required
@require_POST
def account_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    user = _keeper(request)
    entry = at_sites_of(user, AccountEntry.objects.select_related("site"), PARTS_ROLES).filter(pk=pk).first()
    if entry is None:
        raise Http404
    act = partial(account.reverse_entry, entry, by=user, note=request.POST.get("note", ""))
    target = f"{reverse('aftersales:account')}?site={entry.site.code}"
    return acted(request, target, act, gettext("Reversed."))
