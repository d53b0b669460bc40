"""Batch repairs (p12.8, p12.9): the list with the receive form, and one batch with its deadlines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from fuwu.core.access import has_any_role, role_required
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.scoping import sites_visible_to
from fuwu.orders import labels
from fuwu.orders.forms import BatchForm
from fuwu.orders.models import Batch
from fuwu.orders.services import batches
from fuwu.orders.views.common import BOARD_READERS, DESK, field_errors, user_of
from fuwu.regulations.selectors import obligations_of


@login_required
@role_required(BOARD_READERS)
@require_http_methods(["GET", "POST"])
def batch_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    may_receive = has_any_role(user, DESK)
    form = BatchForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if not may_receive:
            return render(request, "403.html", status=403)
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                batch = batches.receive_batch(
                    site=data["site"], by=user, customer_name=data["customer_name"], units=data["units"],
                    contact_phone=data["contact_phone"], description=data["description"],
                )  # fmt: skip
            except Invalid as error:
                for name, msg in field_errors(error).items():
                    form.add_error(name if name in form.fields else None, msg)
            else:
                messages.success(request, gettext("Batch repair registered"))
                return redirect("orders:batch", pk=batch.pk)
    rows = Batch.objects.filter(site__in=sites_visible_to(user)).select_related("site")
    page = Paginator(rows.order_by("-received_at", "-id"), 30).get_page(request.GET.get("page"))
    context = {"page": page, "form": form if may_receive else None}
    return render(request, "orders/batches.html", context, status=status)


@login_required
@role_required(BOARD_READERS)
@require_http_methods(["GET"])
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    batch = get_object_or_404(
        Batch.objects.filter(site__in=sites_visible_to(user)).select_related("site"), pk=pk
    )
    return render(request, "orders/batch.html", _context(batch, has_any_role(user, DESK)))


@login_required
@role_required(DESK)
@require_POST
def deliver(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    batch = get_object_or_404(Batch.objects.filter(site__in=sites_visible_to(user)), pk=pk)
    try:
        batches.deliver_batch(batch, by=user)
    except Conflict as conflict:
        batch.refresh_from_db()
        context = {**_context(batch, True), "conflict": conflict.message}
        return render(request, "orders/batch.html", context, status=409)
    messages.success(request, gettext("Delivered; a return visit within 3 days is planned (p12.9)"))
    return redirect("orders:batch", pk=pk)


def _context(batch: Batch, may_deliver: bool) -> dict[str, object]:
    rows = obligations_of("batch", [batch.pk]).get(str(batch.pk), [])
    return {
        "batch": batch,
        "obligations": [
            {
                "what": labels.deadline_word(r.what),
                "row": r,
                "state": labels.OBLIGATION_STATES.get(r.state, r.state),
            }
            for r in rows
        ],
        "visits": list(batch.visits.select_related("assignee").order_by("round", "id")),
        "may_deliver": may_deliver and batch.status == Batch.Status.RECEIVED,
        "scores": labels.SCORES,
        "now": timezone.now(),
    }
