"""The leave page: ask for leave, see what was decided, and (for a manager) decide on the team's."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from fuwu.core.access import signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.staff.models import Employee, Leave
from fuwu.staff.services import leave as services


class LeaveForm(forms.Form):
    leave_type = forms.ChoiceField(label=_("Leave type"), choices=Leave.Type.choices)
    start = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.DecimalField(
        label=_("Working days"), min_value=0.5, max_value=98, decimal_places=1, initial=1
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


@login_required
@require_http_methods(["GET", "POST"])
def leave_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    me = Employee.objects.select_related("site", "user", "manager").filter(user=user).first()
    form = LeaveForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if me is None:
            raise PermissionDenied
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.request_leave(
                    employee=me, leave_type=data["leave_type"], start=data["start"], days=data["days"],
                    reason=data["reason"], by=user,
                )  # fmt: skip
            except Invalid as error:
                for loc, msg in error.problems:
                    name = str(loc[-1])
                    form.add_error(name if name in form.fields else None, msg)
            else:
                messages.success(request, gettext("Leave asked for: your manager has been told."))
                return redirect("staff:leave")
    mine = (
        Leave.objects.filter(employee__user=user).select_related("decided_by").order_by("-start", "-pk")[:30]
    )
    to_decide = (
        Leave.objects.filter(employee__manager=user, status=Leave.Status.REQUESTED)
        .select_related("employee__user")
        .order_by("start", "pk")
    )
    context = {"me": me, "form": form, "mine": mine, "to_decide": to_decide}
    return render(request, "staff/leave.html", context, status=status)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    leave = Leave.objects.filter(pk=pk).first()
    if leave is None:
        raise Http404
    try:
        services.decide_leave(leave, by=user, approve=request.POST.get("approve") == "1")
    except PermissionDenied:
        raise Http404 from None  # someone else's team: as if it did not exist
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, gettext("Decided; the person has been told."))
    return redirect("staff:leave")
