"""HR's review queue (/staff/reviews/): status proposals, withheld wages and the minimum-wage floor, each
with its clause, the clause's text and the reason, confirmed or dismissed with a note."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from fuwu.core.access import has_any_role, role_required, signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import User
from fuwu.core.scoping import sites_visible_to
from fuwu.core.work import WorkItem
from fuwu.regulations.clauses import clause_text
from fuwu.regulations.policies import InForce, in_force
from fuwu.staff.models import Review
from fuwu.staff.selectors import PAYROLL_ROLES
from fuwu.staff.services.close import FLOOR, FLOOR_CLAUSE
from fuwu.staff.services.reviews import decide_review, reviews_visible_to

SHOWN = 200  # reviews a page shows; the queue is worked from the top
KINDS = {
    "status": pgettext_lazy("review kind", "Status proposal"),
    "needs_review": pgettext_lazy("review kind", "Wage withheld"),
    FLOOR: pgettext_lazy("review kind", "Minimum wage"),
}
STATUSES = {
    "auto_resignation": gettext_lazy("Auto-resignation"),
    "dismissal_proposal": gettext_lazy("Dismissal proposed"),
    "removal": gettext_lazy("Removal"),
    "resigned_without_notice_proposal": gettext_lazy("Left without notice"),
    "probation_or_dismissal_proposal": gettext_lazy("Probation or dismissal proposed"),
}
FLOOR_TEXT = gettext_lazy(
    "The pay left after fines, deductions and compensation may not be lower than the site's minimum monthly "
    "wage (最低工资规定, 工资支付暂行规定): the close did not take what would have gone below it."
)


def open_reviews(user: User) -> list[WorkItem]:
    """The home page's open work for HR and the general manager: the reviews waiting for them."""
    if not has_any_role(user, PAYROLL_ROLES):
        return []
    count = reviews_visible_to(user).filter(state=Review.State.OPEN).count()
    return [WorkItem(gettext_lazy("Reviews waiting for HR"), count, reverse("staff:reviews"))]


@login_required
@role_required(PAYROLL_ROLES)
@require_GET
def reviews_page(request: HttpRequest) -> HttpResponse:
    """The queue: open reviews first (by month, newest first), for one of the user's sites or all."""
    user = signed_in_user(request)
    sites = list(sites_visible_to(user).order_by("code"))
    site = next((s for s in sites if str(s.pk) == request.GET.get("site")), None)
    state = request.GET.get("state", Review.State.OPEN)
    rows = reviews_visible_to(user).select_related("employee__user", "site", "decided_by")
    if site is not None:
        rows = rows.filter(site=site)
    if state in Review.State.values:
        rows = rows.filter(state=state)
    else:
        state = ""
    first = Case(When(state=Review.State.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    chosen = list(
        rows.annotate(first=first).order_by(
            "first", "-month", "site__code", "employee__user__employee_no", "pk"
        )[: SHOWN + 1]
    )
    policies: dict[int, InForce] = {}

    def text(review: Review) -> str:
        if review.kind == FLOOR or review.clause == FLOOR_CLAUSE:
            return str(FLOOR_TEXT)
        policy = policies.get(review.site_id)
        if policy is None:
            policy = policies[review.site_id] = in_force(review.site)
        return clause_text(policy, review.clause, review.month)

    items: list[dict[str, Any]] = [
        {
            "review": review,
            "kind": KINDS.get(review.kind, review.kind),
            "status": STATUSES.get(review.status, review.status),
            "clause": gettext("Minimum wage") if review.kind == FLOOR else review.clause,
            "text": text(review),
        }
        for review in chosen[:SHOWN]
    ]
    context = {
        "sites": sites,
        "site": site,
        "state": state,
        "states": Review.State.choices,
        "items": items,
        "more": len(chosen) > SHOWN,
    }
    return render(request, "staff/reviews.html", context)


@login_required
@role_required(PAYROLL_ROLES)
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or dismiss one review with a note; back to the queue."""
    user = signed_in_user(request)
    review = get_object_or_404(reviews_visible_to(user), pk=pk)
    confirm = request.POST.get("decision") == "confirm"
    back = reverse("staff:reviews")
    site = request.POST.get("site", "")
    if site.isdigit():
        back += f"?site={site}"
    try:
        decided = decide_review(review, confirm=confirm, note=request.POST.get("note", ""), by=user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    except Invalid as invalid:
        messages.error(request, " ".join(message for _loc, message in invalid.problems))
    else:
        clause = gettext("Minimum wage") if decided.kind == FLOOR else decided.clause
        words = {"name": decided.employee.user, "clause": clause}
        if confirm:
            messages.success(request, gettext("Confirmed for %(name)s (%(clause)s).") % words)
        else:
            messages.success(request, gettext("Dismissed for %(name)s (%(clause)s).") % words)
    return redirect(back)
