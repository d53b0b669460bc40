"""Who becomes a customer manager: the eligibility review with its certification and the appointment
(p05.eligible), and the selection review weighed by the clause (p05.select)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import Site, User
from fuwu.core.scoping import sites_visible_to
from fuwu.managers import clauses
from fuwu.managers.models import Eligibility, Level, Manager, Selection
from fuwu.managers.selectors.scope import (
    MANAGER_PAGES,
    SITE_READERS,
    appraisal_sites,
    holds_role_at,
    sees_everything,
)
from fuwu.managers.services import appraisals, levels
from fuwu.managers.views.common import BAD, errors_of, tell, whole

PAGE_SIZE = 50


def _site_asked(request: HttpRequest, sites: QuerySet[Site]) -> Site | None:
    code = request.POST.get("site") or request.GET.get("site") or ""
    return sites.filter(code=code).first() or sites.order_by("code").first()


def _reviews_seen(user: User) -> QuerySet[Eligibility]:
    rows = Eligibility.objects.all()
    if sees_everything(user):
        return rows
    seen = Q(candidate=user) | Q(site__in=appraisal_sites(user))
    if user.has_role(*SITE_READERS):
        seen |= Q(site__in=sites_visible_to(user))
    return rows.filter(seen)


def _candidates(site: Site) -> QuerySet[User]:
    return User.objects.filter(is_active=True, sites=site).order_by("username")


def _person(site: Site, posted: str | None) -> User | None:
    """The person of ``site`` a form names by id; None for none or another."""
    pk = whole(posted)
    return _candidates(site).filter(pk=pk).first() if isinstance(pk, int) else None


@login_required
@role_required(MANAGER_PAGES)
@require_http_methods(["GET", "POST"])
def eligibility_page(request: HttpRequest) -> HttpResponse:
    """Eligibility reviews the user may see (waiting first), and a new one against the clause in force."""
    user = signed_in_user(request)
    sites = appraisal_sites(user)
    site = _site_asked(request, sites)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if site is None:
            return redirect("managers:eligibility")
        candidate = _person(site, request.POST.get("candidate"))
        numbers = [int(n) for n in request.POST.getlist("number") if n.isdigit()]
        marks = [
            levels.ConditionMark(
                n, request.POST.get(f"met_{n}") == "on", request.POST.get(f"evidence_{n}", "")
            )
            for n in numbers
        ]
        try:
            if candidate is None:
                raise Invalid.field(("body", "candidate"), gettext("Choose a person of this site."))
            levels.request_eligibility(
                site=site, candidate=candidate, marks=marks, by=user, note=request.POST.get("note", "")
            )
        except Invalid as error:
            errors = errors_of(error)
        except Conflict as error:
            tell(request, error)
        else:
            messages.success(request, gettext("The review waits for the approver the regulations name."))
            return redirect(f"{request.path}?site={site.code}")
    rows = (
        _reviews_seen(user)
        .select_related("site", "candidate", "requested_by", "decided_by")
        .order_by("-requested_at", "-pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    appointed = set(
        Manager.objects.filter(eligibility__in=[row.pk for row in page]).values_list(
            "eligibility_id", flat=True
        )
    )
    lines = [
        {
            "review": row,
            "met": sum(1 for c in row.conditions if c.get("met")),
            "may_decide": row.state == Eligibility.State.PENDING
            and row.candidate_id != user.pk
            and holds_role_at(user, row.approver_role, row.site_id),
            "may_appoint": row.state == Eligibility.State.APPROVED
            and row.pk not in appointed
            and holds_role_at(user, row.approver_role, row.site_id),
            "appointed": row.pk in appointed,
        }
        for row in page
    ]
    context: dict[str, Any] = {"page": page, "lines": lines, "errors": errors, "values": request.POST}
    if site is not None:
        clause, conditions = clauses.base_conditions(site, clauses.local_today(site))
        context.update(
            site=site,
            sites=list(sites.order_by("code")),
            clause=clause,
            conditions=conditions,
            candidates=list(_candidates(site)),
            levels=Level.choices,
        )
    return render(request, "managers/eligibility.html", context)


def _review(request: HttpRequest, pk: int) -> Eligibility:
    return get_object_or_404(_reviews_seen(signed_in_user(request)).select_related("site"), pk=pk)


@login_required
@role_required(MANAGER_PAGES)
@require_POST
def eligibility_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    row = _review(request, pk)
    approve = request.POST.get("approve") == "1"
    try:
        levels.decide_eligibility(row, approve=approve, by=user, note=request.POST.get("note", ""))
    except (Invalid, Conflict) as error:
        tell(request, error)
    else:
        messages.success(request, gettext("Certified.") if approve else gettext("Refused."))
    return redirect(_back(row))


def _back(row: Eligibility) -> str:
    return f"{reverse('managers:eligibility')}?site={row.site.code}"


@login_required
@role_required(MANAGER_PAGES)
@require_POST
def appoint_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Appoint a certified candidate at a level."""
    user = signed_in_user(request)
    row = _review(request, pk)
    try:
        manager = levels.appoint(row, level=request.POST.get("level", Level.TRAINEE), by=user)
    except (Invalid, Conflict) as error:
        tell(request, error)
        return redirect(_back(row))
    messages.success(request, gettext("Appointed customer manager."))
    return redirect("managers:manager", pk=manager.pk)


@login_required
@role_required(MANAGER_PAGES)
@require_http_methods(["GET", "POST"])
def selection_page(request: HttpRequest) -> HttpResponse:
    """Selection reviews (p05.select) of the user's sites, and a new one weighed by the clause in force."""
    user = signed_in_user(request)
    sites = appraisal_sites(user)
    site = _site_asked(request, sites)
    errors: dict[str, str] = {}
    criteria = appraisals.criteria(site, appraisals.SELECTION, clauses.local_today(site)) if site else None
    if request.method == "POST" and site is not None and criteria is not None:
        candidate = _person(site, request.POST.get("candidate"))
        read = {name: whole(request.POST.get(f"mark_{name}")) for name in criteria.weights}
        marks: dict[str, Any] = {name: value for name, value in read.items() if value is not None}
        try:
            if candidate is None:
                raise Invalid.field(("body", "candidate"), gettext("Choose a person of this site."))
            if any(value is BAD for value in marks.values()):
                raise Invalid(
                    [
                        (("body", "marks", n), gettext("A whole number from 0 to 100."))
                        for n, v in marks.items()
                        if v is BAD
                    ]
                )
            row = appraisals.record_selection(
                site=site, candidate=candidate, marks=marks, by=user, note=request.POST.get("note", "")
            )
        except Invalid as error:
            errors = errors_of(error)
        except Conflict as error:
            tell(request, error)
        else:
            messages.success(
                request,
                gettext("Selection score %(score)s (%(clause)s).")
                % {"score": row.score, "clause": row.clause},
            )
            return redirect(f"{request.path}?site={site.code}")
    rows = (
        Selection.objects.filter(site__in=sites)
        .select_related("site", "candidate", "by")
        .order_by("-at", "-pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "site": site,
        "sites": list(sites.order_by("code")),
        "criteria": criteria,
        "candidates": list(_candidates(site)) if site else [],
        "errors": errors,
        "values": request.POST,
    }
    return render(request, "managers/selections.html", context)
