"""The return-visit worklist of the 回访员: visits by due time, the record form, the period's sample and
the owner's rating link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from fuwu.core.access import role_required
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.roles import Role
from fuwu.orders import labels
from fuwu.orders.forms import SampleForm, VisitForm
from fuwu.orders.models import Order, ReturnVisit
from fuwu.orders.selectors import VISIT_AGENTS, visits_visible_to
from fuwu.orders.services import rating
from fuwu.orders.services import visits as visit_services
from fuwu.orders.views.common import field_errors, user_of

SAMPLERS = frozenset({Role.SUPERVISOR, Role.VISITOR_AGENT, Role.GENERAL_MANAGER})
STATES = labels.Words({"due": _("Due"), "overdue": _("Overdue"), "done": _("Done")})
PER_PAGE = 30


@login_required
@role_required(VISIT_AGENTS)
@require_http_methods(["GET"])
def worklist(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    state = request.GET.get("state", "due")
    state = state if state in STATES else "due"
    now = timezone.now()
    rows = visits_visible_to(user).select_related("order", "order__household", "batch", "assignee", "site")
    if state == "done":
        rows = rows.filter(state=ReturnVisit.State.DONE).order_by("-visited_at", "-id")
    elif state == "overdue":
        rows = rows.filter(state=ReturnVisit.State.DUE, due__lt=now).order_by("due", "id")
    else:
        rows = rows.filter(state=ReturnVisit.State.DUE).order_by("due", "id")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "states": STATES,
        "now": now,
        "scores": labels.SCORES,
        "channels": labels.VISIT_CHANNELS,
        "sample_form": SampleForm(user=user) if user.is_superuser or user.has_role(*SAMPLERS) else None,
    }
    return render(request, "orders/visits.html", context)


@login_required
@role_required(VISIT_AGENTS)
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    visit = get_object_or_404(
        visits_visible_to(user).select_related("order", "order__household", "order__technician", "batch"),
        pk=pk,
    )
    form = VisitForm(request.POST or None)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            answers = {key: data[key] for key in labels.VISIT_ANSWERS if data[key]}
            try:
                visit_services.record_visit(
                    visit, by=user, channel=data["channel"], score=data["score"], answers=answers,
                    reason=data["reason"],
                )  # fmt: skip
            except Conflict as conflict:
                errors["general"] = conflict.message
                status = 409
            except Invalid as error:
                errors.update(field_errors(error))
                status = 422
            else:
                messages.success(
                    request, gettext("Recorded: %(score)s") % {"score": labels.SCORES[data["score"]]}
                )
                return redirect("orders:visits")
        else:
            status = 422
    context = {"visit": visit, "form": form, "errors": errors, "answers": labels.VISIT_ANSWERS,
               "scores": labels.SCORES, "channels": labels.VISIT_CHANNELS}  # fmt: skip
    return render(request, "orders/visit.html", context, status=status)


@login_required
@role_required(SAMPLERS)
@require_POST
def sample(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = SampleForm(request.POST, user=user)
    if not form.is_valid():
        return render(request, "orders/sample.html", {"form": form, "sample": None}, status=422)
    data = form.cleaned_data
    try:
        drawn = visit_services.sample_visits(
            site=data["site"], start=data["start"], end=data["end"], seed=data["seed"], by=user
        )
    except Invalid as error:
        for name, msg in field_errors(error).items():
            form.add_error(name if name in form.fields else None, msg)
        return render(request, "orders/sample.html", {"form": form, "sample": None}, status=422)
    chosen = list(Order.objects.filter(pk__in=drawn.chosen).select_related("household").order_by("pk"))
    return render(request, "orders/sample.html", {"form": form, "sample": drawn, "chosen": chosen})


@login_required
@role_required(VISIT_AGENTS)
@require_POST
def send_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the owner's rating link to the visit's assignee (and the site's WeCom robot)."""
    user = user_of(request)
    visit = get_object_or_404(visits_visible_to(user).select_related("order", "site", "assignee"), pk=pk)
    try:
        rating.send_rating_link(visit, by=user, base=request.build_absolute_uri("/"))
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(
            request,
            gettext(
                "The rating link was sent to the visit's assignee; please forward it to the owner "
                "(valid for 7 days, one rating only)"
            ),
        )
    return redirect("orders:visit", pk=pk)
