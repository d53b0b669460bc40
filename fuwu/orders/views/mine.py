"""The technician's phone page: my open orders with their deadlines, and the rectifications I owe."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from fuwu.core.access import role_required
from fuwu.core.errors import Conflict, Invalid
from fuwu.orders import labels
from fuwu.orders.models import Rectification
from fuwu.orders.selectors import orders_visible_to
from fuwu.orders.services import visits
from fuwu.orders.views.common import OPEN_STATUSES, TECHNICIANS, ClockWords, clock, steps_of, user_of
from fuwu.regulations.selectors import obligations_of

MAX_ROWS = 50


@login_required
@role_required(TECHNICIANS)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    now = timezone.now()
    words = ClockWords()  # one lookup of each clock word for the page
    rows = list(
        orders_visible_to(user)
        .filter(technician=user, status__in=OPEN_STATUSES)
        .select_related("household", "site")
        .order_by("received_at", "id")[:MAX_ROWS]
    )
    found = obligations_of("order", [order.pk for order in rows])
    lines = [
        {
            "order": order,
            "status": labels.STATUS.get(order.status, order.status),
            "tags": [labels.TAGS.get(tag, tag) for tag in order.tags],
            "clocks": [
                clock(row, steps_of(order), now, words)
                for row in found.get(str(order.pk), [])
                if row.state in ("open", "breached")
            ],
        }
        for order in rows
    ]
    owed = list(
        Rectification.objects.filter(assignee=user, state=Rectification.State.OPEN)
        .select_related("order", "order__household", "visit")
        .order_by("due", "id")[:MAX_ROWS]
    )
    return render(request, "orders/mine.html", {"lines": lines, "rectifications": owed, "now": now})


@login_required
@require_POST
def rectification_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The technician (or a supervisor) reports the rectification done; the next visit is then owed."""
    user = user_of(request)
    rectification = get_object_or_404(Rectification.objects.filter(order__in=orders_visible_to(user)), pk=pk)
    try:
        visits.complete_rectification(rectification, by=user, notes=request.POST.get("notes", ""))
    except Conflict as conflict:
        messages.error(request, conflict.message)
    except Invalid as error:
        messages.error(request, ";".join(msg for _loc, msg in error.problems))
    else:
        messages.success(request, gettext("Rectification done; the next return visit is planned"))
    if user.pk == rectification.assignee_id:
        return redirect("orders:mine")
    return redirect("orders:detail", pk=rectification.order_id)
