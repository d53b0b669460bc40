"""Customers and their managers: assigning a manager to one customer or many (p05.assign), a customer's
managers over time, the site's key customers by revenue (p05.core) per manager, and each key customer's
care plan of the year with its task (p14.3.4.8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.customers.models import Customer
from fuwu.managers import clauses
from fuwu.managers.models import CareItem, CarePlan, KeyCustomer, Manager
from fuwu.managers.selectors.lists import history_of, key_customer_ids, key_lines, latest_reviews
from fuwu.managers.selectors.scope import (
    MANAGER_PAGES,
    appraisal_sites,
    customers_visible_to,
    may_appraise,
)
from fuwu.managers.services import key_customers as services
from fuwu.managers.services.assignments import assign_customers
from fuwu.managers.services.cycle import CARE_SUBJECT, is_key
from fuwu.managers.views.common import BAD, day, errors_of, tell, whole
from fuwu.regulations.selectors import obligations_of
from fuwu.regulations.services import CalendarMissing

PAGE_SIZE = 100
CUSTOMER_PAGES = MANAGER_PAGES | {Role.DISPATCHER, Role.VISITOR_AGENT}
ITEM_ROWS = 5  # empty rows the care-plan form offers


@login_required
@role_required(MANAGER_PAGES)
@require_http_methods(["GET", "POST"])
def assign_page(request: HttpRequest) -> HttpResponse:
    """Choose a manager and tick customers of their site (one or many) to give them that manager."""
    user = signed_in_user(request)
    sites = appraisal_sites(user).order_by("code")
    site = sites.filter(code=request.GET.get("site", "")).first() or sites.first()
    if site is None:
        raise Http404
    managers = list(Manager.objects.filter(site=site).select_related("user").order_by("user__username"))
    if request.method == "POST":
        manager = next((m for m in managers if m.pk == whole(request.POST.get("manager"))), None)
        ids = [int(pk) for pk in request.POST.getlist("customer") if pk.isdigit()]
        chosen = list(Customer.objects.filter(pk__in=ids, site__in=sites).select_related("site"))
        try:
            if manager is None:
                raise Invalid.field(("body", "manager"), gettext("Choose a customer manager."))
            done = assign_customers(
                manager=manager, customers=chosen, by=user, reason=request.POST.get("reason", "")
            )
        except (Invalid, Conflict) as error:
            tell(request, error)
        else:
            messages.success(
                request,
                gettext("%(count)s customers now have %(name)s as their manager.")
                % {"count": len(done), "name": manager.user},
            )
        return redirect(f"{request.path}?site={site.code}&q={request.GET.get('q', '')}")
    search = request.GET.get("q", "").strip()
    rows = Customer.objects.filter(site=site).select_related("manager").order_by("name", "pk")
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(phones__digits__contains=search)).distinct()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    keys = key_customer_ids([c.pk for c in page])
    context = {
        "site": site,
        "sites": list(sites),
        "managers": managers,
        "page": page,
        "lines": [(c, c.pk in keys) for c in page],
        "q": search,
    }
    return render(request, "managers/assign.html", context)


def _customer(request: HttpRequest, pk: int) -> Customer:
    user = signed_in_user(request)
    return get_object_or_404(customers_visible_to(user).select_related("site", "manager"), pk=pk)


@login_required
@role_required(CUSTOMER_PAGES)
@require_GET
def customer_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A customer's managers over time, whether and when they were key, and their care plans."""
    customer = _customer(request, pk)
    keys = list(
        KeyCustomer.objects.filter(customer=customer)
        .select_related("review")
        .order_by("-review__at", "-pk")[:10]
    )
    plans = list(CarePlan.objects.filter(customer=customer).order_by("-year"))
    context = {
        "customer": customer,
        "history": list(history_of(customer)),
        "keys": keys,
        "is_key": bool(key_customer_ids([customer.pk])),
        "plans": plans,
    }
    return render(request, "managers/customer.html", context)


@login_required
@role_required(MANAGER_PAGES)
@require_http_methods(["GET", "POST"])
def key_customers_page(request: HttpRequest) -> HttpResponse:
    """The site's key customers of its latest review, by manager (a manager sees their own), and a new
    review over a period (p05.core)."""
    user = signed_in_user(request)
    sites = sites_visible_to(user).order_by("code")
    site = sites.filter(code=request.GET.get("site", "")).first() or sites.first()
    if site is None:
        raise Http404
    today = clauses.local_today(site)
    errors: dict[str, str] = {}
    if request.method == "POST":
        start, end, year = (
            day(request.POST.get("start")),
            day(request.POST.get("end")),
            whole(request.POST.get("year")),
        )
        try:
            bad = [
                (("body", name), gettext("This value could not be read."))
                for name, value in (("start", start), ("end", end), ("year", year))
                if value is BAD or value is None
            ]
            Invalid.unless_empty(bad)
            assert isinstance(start, dt.date) and isinstance(end, dt.date) and isinstance(year, int)
            made = services.review_core(site=site, start=start, end=end, year=year, by=user)
        except Invalid as error:
            errors = errors_of(error)
        except (Conflict, CalendarMissing) as error:
            tell(request, error)
        else:
            messages.success(
                request,
                gettext("%(count)s key customers bring %(revenue)s of %(total)s 元 (%(clause)s).")
                % {
                    "count": made.chosen.count(),
                    "revenue": made.revenue,
                    "total": made.total,
                    "clause": made.clause,
                },
            )
            return redirect(f"{request.path}?site={site.code}")
    review = latest_reviews([site]).get(site.pk)
    lines = key_lines(review, customers_visible_to(user)) if review is not None else []
    tasks = (
        obligations_of(CARE_SUBJECT, [f"{line.key.customer_id}:{review.year}" for line in lines])
        if review is not None
        else {}
    )
    groups: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        task = tasks.get(f"{line.key.customer_id}:{review.year}" if review else "", [])
        groups.setdefault(line.manager_name, []).append({"line": line, "task": task[0] if task else None})
    context = {
        "site": site,
        "sites": list(sites),
        "review": review,
        "groups": sorted(groups.items()),
        "may_review": may_appraise(user, site),
        "now": timezone.now(),
        "errors": errors,
        "values": request.POST,
        "start": today - dt.timedelta(days=364),
        "end": today,
        "year": today.year,
    }
    return render(request, "managers/key_customers.html", context)


def _items(request: HttpRequest) -> list[services.ItemIn]:
    """The posted items: rows with something written; Invalid naming what could not be read."""
    found: list[services.ItemIn] = []
    problems = []
    whats, whos, dues = (
        request.POST.getlist("what"),
        request.POST.getlist("who"),
        request.POST.getlist("due_on"),
    )
    for what, who, due in zip(whats, whos, dues, strict=False):
        if not what.strip() and not due.strip():
            continue
        person, when = whole(who), day(due)
        if not isinstance(person, int):
            problems.append((("body", "items", len(found), "who"), gettext("Choose who does it.")))
        if not isinstance(when, dt.date):
            problems.append((("body", "items", len(found), "due_on"), gettext("Give the day, YYYY-MM-DD.")))
        found.append(
            services.ItemIn(
                what,
                person if isinstance(person, int) else 0,
                when if isinstance(when, dt.date) else dt.date.min,
            )
        )
    Invalid.unless_empty(problems)
    return found


@login_required
@role_required(CUSTOMER_PAGES)
@require_http_methods(["GET", "POST"])
def care_plan_page(request: HttpRequest, customer: int, year: int) -> HttpResponse:
    """A key customer's care plan of the year (p14.3.4.8): made here once, then its items done."""
    user = signed_in_user(request)
    found = _customer(request, customer)
    if not 2000 <= year <= 2099:
        raise Http404
    plan = CarePlan.objects.filter(customer=found, year=year).first()
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            items = _items(request)
            if plan is None:
                services.make_care_plan(
                    found, year=year, needs=request.POST.get("needs", ""), items=items, by=user
                )
            else:
                for item in items:
                    services.add_care_item(plan, item, by=user)
        except Invalid as error:
            errors = errors_of(error)
        except (Conflict, CalendarMissing) as error:
            tell(request, error)
        else:
            messages.success(request, gettext("The care plan is saved."))
            return redirect("managers:care_plan", customer=found.pk, year=year)
    people = list(User.objects.filter(is_active=True, sites=found.site).order_by("username"))
    tasks = obligations_of(CARE_SUBJECT, [f"{found.pk}:{year}"], states=("open", "met", "breached", "void"))
    context = {
        "customer": found,
        "year": year,
        "plan": plan,
        "items": list(plan.items.select_related("who", "done_by").order_by("due_on", "pk")) if plan else [],
        "is_key": is_key(found, year),
        "may_plan": services.may_plan(user, found),
        "people": people,
        "rows": range(ITEM_ROWS if plan is None else 1),
        "tasks": tasks.get(f"{found.pk}:{year}", []),
        "cited": clauses.cited(found.site, clauses.CARE, dt.date(year, 1, 1)),
        "errors": errors,
        "values": request.POST,
        "user_id": user.pk,
        "now": timezone.now(),
    }
    return render(request, "managers/care_plan.html", context)


@login_required
@role_required(CUSTOMER_PAGES)
@require_POST
def care_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    item = get_object_or_404(
        CareItem.objects.filter(plan__customer__in=customers_visible_to(user)).select_related(
            "plan__customer__site"
        ),
        pk=pk,
    )
    try:
        services.care_item_done(item, by=user, note=request.POST.get("note", ""))
    except (Invalid, Conflict) as error:
        tell(request, error)
    else:
        messages.success(request, gettext("Marked done."))
    return redirect("managers:care_plan", customer=item.plan.customer_id, year=item.plan.year)
