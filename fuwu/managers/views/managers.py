"""The managers' list and one manager's page: level and its qualifications checked with evidence, the
level's history with a change waiting for the department head, appraisals, customers, and the income of
the last months."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.customers.models import Customer
from fuwu.managers import clauses
from fuwu.managers.models import Appraisal, Level, LevelChange, Manager
from fuwu.managers.selectors.income import income_of
from fuwu.managers.selectors.lists import customers_history, key_customer_ids, with_counts
from fuwu.managers.selectors.scope import (
    MANAGER_PAGES,
    appraisal_sites,
    holds_role_at,
    managers_visible_to,
    may_appraise,
)
from fuwu.managers.services import levels
from fuwu.managers.views.common import tell
from fuwu.staff.months import month_asked, shifted

CUSTOMERS_SHOWN = 50
INCOME_MONTHS = 6


@login_required
@role_required(MANAGER_PAGES)
@require_GET
def manager_list(request: HttpRequest) -> HttpResponse:
    """The managers the user may see, highest level first, with their customers and what waits."""
    user = signed_in_user(request)
    rows = list(with_counts(managers_visible_to(user)))
    sites = list(appraisal_sites(user).order_by("code"))
    today = clauses.local_today(sites[0]) if sites else None
    context = {
        "rows": rows,
        "sites": sites,
        "year": today.year if today else None,
        "may_appraise": bool(sites),
    }
    return render(request, "managers/list.html", context)


def _visible(request: HttpRequest, pk: int) -> Manager:
    user = signed_in_user(request)
    return get_object_or_404(managers_visible_to(user).select_related("site", "user"), pk=pk)


@login_required
@role_required(MANAGER_PAGES)
@require_GET
def manager_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    manager = _visible(request, pk)
    today = clauses.local_today(manager.site)
    clause, conditions = clauses.qualifications(manager.site, today)
    stored = {(c.level, c.number): c for c in manager.checks.select_related("checked_by")}
    checklists: list[dict[str, Any]] = []
    for level, label in Level.choices:
        checks = [stored.get((level, c.number)) for c in conditions[level]]
        items = [{"condition": c, "check": check} for c, check in zip(conditions[level], checks, strict=True)]
        met = sum(1 for check in checks if check is not None and check.met)
        checklists.append(
            {"level": level, "label": label, "current": level == manager.level, "items": items, "met": met}
        )
    changes = list(
        manager.changes.select_related("proposed_by", "decided_by", "appraisal").order_by(
            "-proposed_at", "-pk"
        )
    )
    waiting = next((c for c in changes if c.state == LevelChange.State.PROPOSED), None)
    appraisals = list(
        manager.appraisals.select_related("by", "income_incident").order_by("-month", "-at")[:12]
    )
    customers = list(
        Customer.objects.filter(site=manager.site, manager=manager.user).order_by("name", "pk")[
            :CUSTOMERS_SHOWN
        ]
    )
    keys = key_customer_ids([c.pk for c in customers])
    appraiser = may_appraise(user, manager.site) and user.pk != manager.user_id
    context = {
        "manager": manager,
        "clause": clause,
        "checklists": checklists,
        "changes": changes,
        "waiting": waiting,
        "may_confirm": waiting is not None
        and user.pk != manager.user_id
        and holds_role_at(user, levels.DEPARTMENT_HEAD, manager.site),
        "appraisals": appraisals,
        "customers": [(c, c.pk in keys) for c in customers],
        "more_customers": len(customers) == CUSTOMERS_SHOWN,
        "may_appraise": appraiser,
        "levels": [(value, label) for value, label in Level.choices if value != manager.level],
        "history": list(customers_history(manager.user_id, manager.site)[:CUSTOMERS_SHOWN]),
    }
    return render(request, "managers/manager.html", context)


@login_required
@role_required(MANAGER_PAGES)
@require_POST
def check_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Record which of a level's qualifications the manager meets, with the evidence."""
    user = signed_in_user(request)
    manager = _visible(request, pk)
    level = request.POST.get("level", "")
    numbers = [int(n) for n in request.POST.getlist("number") if n.isdigit()]
    marks = [
        levels.ConditionMark(n, request.POST.get(f"met_{n}") == "on", request.POST.get(f"evidence_{n}", ""))
        for n in numbers
    ]
    try:
        levels.check_qualifications(manager, level=level, marks=marks, by=user)
    except (Invalid, Conflict) as error:
        tell(request, error)
    else:
        messages.success(request, gettext("The qualifications are recorded."))
    return redirect("managers:manager", pk=manager.pk)


@login_required
@role_required(MANAGER_PAGES)
@require_POST
def propose_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a level change (p05.result) for the department head to confirm."""
    user = signed_in_user(request)
    manager = _visible(request, pk)
    appraisal = None
    chosen = request.POST.get("appraisal", "")
    if chosen.isdigit():
        appraisal = Appraisal.objects.filter(manager=manager, pk=int(chosen)).first()
    try:
        levels.propose_level(
            manager,
            to_level=request.POST.get("to_level", ""),
            reason=request.POST.get("reason", ""),
            appraisal=appraisal,
            by=user,
        )
    except (Invalid, Conflict) as error:
        tell(request, error)
    else:
        messages.success(request, gettext("The level change is proposed; the department head decides."))
    return redirect("managers:manager", pk=manager.pk)


@login_required
@role_required(MANAGER_PAGES)
@require_POST
def decide_level_post(request: HttpRequest, pk: int) -> HttpResponse:
    """The department head confirms or rejects a proposed level change."""
    user = signed_in_user(request)
    change = get_object_or_404(
        LevelChange.objects.filter(manager__in=managers_visible_to(user)).select_related("manager"), pk=pk
    )
    confirm = request.POST.get("confirm") == "1"
    try:
        levels.decide_level(change, confirm=confirm, by=user, note=request.POST.get("note", ""))
    except (Invalid, Conflict) as error:
        tell(request, error)
    else:
        messages.success(
            request, gettext("The level is changed.") if confirm else gettext("The level change is rejected.")
        )
    return redirect("managers:manager", pk=change.manager_id)


@login_required
@role_required(MANAGER_PAGES)
@require_GET
def income_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The manager's income of the last months (p05.income), each line with where it comes from."""
    manager = _visible(request, pk)
    last = month_asked(request.GET.get("month", ""))
    months = [shifted(last, -n) for n in range(INCOME_MONTHS)]
    context = {
        "manager": manager,
        "lines": income_of(manager, months),
        "month": last,
        "earlier": shifted(last, -INCOME_MONTHS),
        "later": shifted(last, INCOME_MONTHS),
    }
    return render(request, "managers/income.html", context)
