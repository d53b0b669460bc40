"""Delegations: an approver away hands their approvals to a colleague for a period; the list of those the
person gave or took (a general manager sees everyone's), a new one, ending one early."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from fuwu.approvals import services
from fuwu.approvals.forms import DelegationForm
from fuwu.approvals.selectors import delegations_of
from fuwu.core.access import signed_in_user
from fuwu.core.errors import Conflict, Invalid

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def delegation_list(request: HttpRequest) -> HttpResponse:
    """The delegations the person gave or took, in force first; the form to hand over approvals."""
    user = signed_in_user(request)
    form = DelegationForm(request.POST or None, user=user)
    status = 200
    refused = ""
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:  # PermissionDenied: 403
                services.delegate(
                    delegator=data.get("delegator") or user,
                    delegate=data["delegate"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    by=user,
                    reason=data["reason"],
                )
            except Invalid as invalid:
                for loc, message in invalid.problems:
                    name = str(loc[-1])
                    form.add_error(name if name in form.fields else None, message)
            except Conflict as conflict:
                refused, status = conflict.message, 409
            else:
                messages.success(request, gettext("Approvals handed over"))
                return redirect("approvals:delegations")
    page = Paginator(delegations_of(user), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    context = {
        "form": form,
        "page": page,
        "lines": [(row, row.in_force(now), row.ended_at is None and row.ends_at > now) for row in page],
        "refused": refused,
        "tab": "delegations",
    }
    return render(request, "approvals/delegations.html", context, status=status)


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a delegation now (the approver is back)."""
    user = signed_in_user(request)
    delegation = delegations_of(user).filter(pk=pk).first()
    if delegation is None:
        raise Http404
    try:  # PermissionDenied: 403
        services.end_delegation(delegation, by=user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect("approvals:delegations")
    messages.success(request, gettext("Delegation ended"))
    return redirect("approvals:delegations")
