"""Appraisals (p05.appraise) and the appraisal cycle (p05.cycle): the month's marks weighed by the clause,
the income incident they make, and the site's year — its plan, its revision and the tasks the engine
schedules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.errors import Conflict, FieldProblem, Invalid
from fuwu.core.scoping import sites_visible_to
from fuwu.managers import clauses
from fuwu.managers.models import Appraisal, AppraisalPlan, Manager
from fuwu.managers.selectors.scope import (
    MANAGER_PAGES,
    appraisal_sites,
    appraisals_visible_to,
    may_appraise,
)
from fuwu.managers.services import appraisals
from fuwu.managers.services.cycle import CYCLE_SUBJECT
from fuwu.managers.views.common import BAD, errors_of, tell, whole, yuan
from fuwu.regulations.selectors import obligations_of
from fuwu.regulations.services import CalendarMissing
from fuwu.staff.months import month_named

PAGE_SIZE = 50


def _form(request: HttpRequest, managers: list[Manager]) -> tuple[Manager | None, dict[str, Any]]:
    """The posted appraisal's manager and fields; Invalid naming what could not be read."""
    chosen = whole(request.POST.get("manager"))
    manager = next((m for m in managers if m.pk == chosen), None)
    problems: list[FieldProblem] = []
    if manager is None:
        problems.append((("body", "manager"), gettext("Choose a customer manager.")))
    try:
        month = month_named(request.POST.get("month", ""), loc=("body", "month"))
    except Invalid as error:
        problems.extend(error.problems)
        month = None
    pay = yuan(request.POST.get("performance_pay"))
    if pay is BAD:
        problems.append((("body", "performance_pay"), gettext("Give yuan with at most two decimal places.")))
    marks: dict[str, Any] = {}
    if manager is not None:
        found = appraisals.criteria(manager.site, appraisals.APPRAISAL, clauses.local_today(manager.site))
        for name in found.weights if found else {}:
            value = whole(request.POST.get(f"mark_{name}"))
            if value is BAD:
                problems.append((("body", "marks", name), gettext("A whole number from 0 to 100.")))
            elif value is not None:
                marks[name] = value
    if problems:
        raise Invalid(problems)
    return manager, {
        "month": month,
        "marks": marks,
        "kind": request.POST.get("kind", Appraisal.Kind.REGULAR),
        "performance_pay": pay,
        "note": request.POST.get("note", ""),
    }


@login_required
@role_required(MANAGER_PAGES)
@require_http_methods(["GET", "POST"])
def appraisal_page(request: HttpRequest) -> HttpResponse:
    """Appraisals the user may see, newest first; an appraiser records one (its score from the clause)."""
    user = signed_in_user(request)
    sites = appraisal_sites(user)
    managers = list(
        Manager.objects.filter(site__in=sites)
        .exclude(user=user)
        .select_related("site", "user")
        .order_by("site__code", "user__username")
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            manager, fields = _form(request, managers)
            assert manager is not None
            row = appraisals.record_appraisal(manager, by=user, **fields)
        except Invalid as error:
            errors = errors_of(error)
        except (Conflict, CalendarMissing) as error:
            tell(request, error)
        else:
            messages.success(
                request,
                gettext("Appraisal score %(score)s (%(clause)s).")
                % {"score": row.score, "clause": row.clause},
            )
            return redirect("managers:appraisals")
    rows = (
        appraisals_visible_to(user)
        .select_related("manager__user", "manager__site", "by", "income_incident")
        .order_by("-month", "-at", "-pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    site = managers[0].site if managers else None
    today = clauses.local_today(site) if site else dt.date.today()
    context = {
        "page": page,
        "managers": managers,
        "criteria": appraisals.criteria(site, appraisals.APPRAISAL, today) if site else None,
        "kinds": Appraisal.Kind.choices,
        "month": today.replace(day=1),
        "errors": errors,
        "values": request.POST,
    }
    return render(request, "managers/appraisals.html", context)


@login_required
@role_required(MANAGER_PAGES)
@require_http_methods(["GET", "POST"])
def cycle_page(request: HttpRequest, site: str, year: int) -> HttpResponse:
    """A site's appraisal year (p05.cycle): the plan, its revision and the tasks, each with its clause."""
    user = signed_in_user(request)
    found = get_object_or_404(sites_visible_to(user), code=site)
    if not 2000 <= year <= 2099:
        raise Http404
    plan = AppraisalPlan.objects.filter(site=found, year=year).select_related("made_by", "revised_by").first()
    appraiser = may_appraise(user, found)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not appraiser:
            raise PermissionDenied
        try:
            action = request.POST.get("action")
            if action == "plan":
                appraisals.make_plan(
                    site=found,
                    year=year,
                    purpose=request.POST.get("purpose", ""),
                    principles=request.POST.get("principles", ""),
                    content=request.POST.get("content", ""),
                    timing=request.POST.get("timing", ""),
                    by=user,
                )
            elif action == "revise" and plan is not None:
                appraisals.revise_plan(plan, revision=request.POST.get("revision", ""), by=user)
            else:
                appraisals.schedule_cycle(site=found, year=year, by=user)
        except Invalid as error:
            errors = errors_of(error)
        except (Conflict, CalendarMissing) as error:
            tell(request, error)
        else:
            messages.success(request, gettext("Saved."))
            return redirect("managers:cycle", site=found.code, year=year)
    tasks = obligations_of(CYCLE_SUBJECT, [f"{found.pk}:{year}"]).get(f"{found.pk}:{year}", [])
    context = {
        "site": found,
        "year": year,
        "plan": plan,
        "tasks": tasks,
        "may_appraise": appraiser,
        "now": timezone.now(),
        "cited": clauses.cited(found, clauses.CYCLE, dt.date(year, 1, 1)),
        "errors": errors,
        "values": request.POST,
        "previous": reverse("managers:cycle", args=[found.code, year - 1]),
        "next": reverse("managers:cycle", args=[found.code, year + 1]),
    }
    return render(request, "managers/cycle.html", context)
