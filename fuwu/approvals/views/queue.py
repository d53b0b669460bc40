"""The approver's queue (what waits for me: by role, site and delegation), every visible request with its
state, a request's page with its chain's history, and deciding or withdrawing it.

A Conflict (decided by someone else first) shows the page again with its message and 409; an Invalid
(the office meeting's note missing) with 422; PermissionDenied is 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_GET, require_POST

from fuwu.approvals import services
from fuwu.approvals.deciders import NOTE_REQUIRED
from fuwu.approvals.models import ApprovalRequest
from fuwu.approvals.selectors import current_step, may_decide, steps_of, visible_requests, waiting_for
from fuwu.approvals.views.words import role_label
from fuwu.core.access import signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import User

PAGE_SIZE = 50


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The steps waiting for the signed-in person's decision, oldest first, each with its subject's link,
    amount, clause and the pack's words of what needs approval; approve or reject right there."""
    user = signed_in_user(request)
    rows = waiting_for(user)
    context = {
        "rows": [(row, role_label(row.step.role), row.step.role in NOTE_REQUIRED) for row in rows],
        "tab": "queue",
    }
    return render(request, "approvals/queue.html", context)


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """Every request the person may see, newest first, by state."""
    user = signed_in_user(request)
    rows = visible_requests(user).select_related("site", "requested_by")
    state = request.GET.get("state", "")
    if state in ApprovalRequest.State.values:
        rows = rows.filter(state=state)
    else:
        state = ""
    page = Paginator(rows.order_by("-requested_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "states": [("", gettext("All")), *ApprovalRequest.State.choices],
        "tab": "history",
    }
    return render(request, "approvals/history.html", context)


def _visible(user: User, pk: int) -> ApprovalRequest:
    found = visible_requests(user).select_related("site", "requested_by").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _page(
    request: HttpRequest,
    chain: ApprovalRequest,
    *,
    refused: str = "",
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    steps = steps_of(chain)
    deciding = may_decide(chain, user, steps)
    current = current_step(steps)
    context: dict[str, Any] = {
        "chain": chain,
        "steps": [(step, role_label(step.role)) for step in steps],
        "current": current,
        "deciding": deciding,
        "note_required": current is not None and current.role in NOTE_REQUIRED,
        "may_cancel": chain.is_pending and services.may_cancel(chain, user),
        "refused": refused,
        "errors": errors or {},
    }
    return render(request, "approvals/request.html", context, status=status)


@login_required
@require_GET
def request_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A request: its subject, amount, clauses with the packs' text, every step (who decided, on whose
    behalf, the note, when); the decision form for whoever may decide the pending step."""
    return _page(request, _visible(signed_in_user(request), pk))


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve (decision=approve) or reject the pending step ``step`` with a note."""
    user = signed_in_user(request)
    chain = _visible(user, pk)
    approve = request.POST.get("decision") == "approve"
    raw_step = request.POST.get("step", "")
    step = int(raw_step) if raw_step.isdigit() else None
    try:  # PermissionDenied: 403
        services.decide(chain, by=user, approve=approve, note=request.POST.get("note", ""), step=step)
    except Conflict as conflict:
        chain.refresh_from_db()
        return _page(request, chain, refused=conflict.message, status=409)
    except Invalid as invalid:
        errors = {str(loc[-1]): message for loc, message in reversed(invalid.problems)}
        return _page(request, chain, errors=errors, status=422)
    messages.success(
        request, pgettext("approval", "Approved") if approve else pgettext("approval", "Rejected")
    )
    if request.POST.get("next") == "queue":
        return redirect("approvals:queue")
    return redirect("approvals:request", pk=chain.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The requester (or a general manager) withdraws a pending request."""
    user = signed_in_user(request)
    chain = _visible(user, pk)
    try:  # PermissionDenied: 403
        services.cancel(chain, by=user, reason=request.POST.get("reason", ""))
    except Conflict as conflict:
        chain.refresh_from_db()
        return _page(request, chain, refused=conflict.message, status=409)
    messages.success(request, pgettext("approval", "Withdrawn"))
    return redirect("approvals:request", pk=chain.pk)
