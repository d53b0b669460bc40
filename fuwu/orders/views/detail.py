"""The order page: details, timeline merged with the deadlines and the clause that set each, photos,
and the forms of the steps the user may take now; the printable work order; photos behind the scope."""

from __future__ import annotations

import datetime as dt
import mimetypes
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from fuwu.approvals.selectors import may_decide, request_for
from fuwu.core.access import has_any_role
from fuwu.core.models import User
from fuwu.orders import labels
from fuwu.orders.forms import DispatchForm, QuoteForm
from fuwu.orders.models import Order, OrderPhoto, Rectification, ReturnVisit, TechnicianSkill
from fuwu.orders.models.skills import Trade, suits
from fuwu.orders.selectors import DISPATCHERS, VISIT_AGENTS, orders_visible_to, technicians_of
from fuwu.orders.services import approval
from fuwu.orders.views.common import OPEN_STATUSES, clock, order_in_scope, steps_of, user_of
from fuwu.regulations.selectors import obligations_of

BEFORE_ARRIVAL = ("created", "dispatched", "accepted")
# The fields the order page's forms fill again from a failed post. A plain dict of these, not the QueryDict:
# in a template ``posted.items`` would otherwise be the QueryDict's items() method when nothing was posted.
REFILLED = ("amount", "items", "notes", "explanation", "reason")


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_in_scope(request, pk)
    return render(request, "orders/detail.html", page_context(request, order))


@login_required
@require_GET
def print_order(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_in_scope(request, pk)
    context = page_context(request, order)
    context["printed_at"] = timezone.now()
    return render(request, "orders/print.html", context)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A photo, only to those who may open its order (404 otherwise); never cached by shared proxies."""
    row = get_object_or_404(OrderPhoto.objects.filter(order__in=orders_visible_to(request.user)), pk=pk)
    try:
        handle = row.image.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    kind = mimetypes.guess_type(row.image.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=kind)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def allowed_actions(order: Order, user: User) -> set[str]:
    """The steps this user may take on the order now; the services check again when it is posted."""
    desk = has_any_role(user, DISPATCHERS)
    mine = order.technician_id == user.pk
    status = order.status
    can: set[str] = set()
    if desk and status in BEFORE_ARRIVAL:
        can.add("dispatch")
    if mine and status == "dispatched":
        can.add("accept")
    if mine and status in ("dispatched", "accepted"):
        can.add("arrive")
    if mine and status in ("accepted", "arrived"):
        can.add("quote")
    if mine and status == "arrived":
        can.add("complete")
    if desk and status == "completed":
        can.add("close")
    if desk and status in OPEN_STATUSES:
        can.add("cancel")
    if desk and status in ("completed", "closed"):
        can.add("rework")
    if has_any_role(user, VISIT_AGENTS) and order.completed_at is not None:
        can.add("plan_visit")
    if (mine or desk) and status in OPEN_STATUSES:
        can.add("photo")
    return can


def page_context(request: HttpRequest, order: Order, **extra: Any) -> dict[str, Any]:
    """Everything the order page shows; ``extra`` carries a failed form's errors and values."""
    user = user_of(request)
    now = timezone.now()
    obligations = obligations_of("order", [order.pk]).get(str(order.pk), [])
    clocks = [(row, clock(row, steps_of(order), now)) for row in obligations]
    timeline: list[dict[str, Any]] = [
        {
            "at": event.at,
            "kind": "event",
            "title": labels.EVENTS.get(event.action, event.action),
            "who": str(event.actor) if event.actor else gettext("Owner / system"),
            "note": event.note,
        }
        for event in order.events.select_related("actor")
    ]
    timeline += [
        {
            "at": row.due,
            "kind": "deadline",
            "title": gettext("%(what)s deadline (%(state)s)") % {"what": c.what, "state": c.state},
            "clause": row.clause,
            "because": row.because,
            "colour": c.colour,
            "left": c.left if row.state == "open" else "",
        }
        for row, c in clocks
    ]
    timeline.sort(key=lambda item: item["at"])
    can = allowed_actions(order, user)
    # p10.3.5's request in the approvals app: its state and link; its approver may decide it here too.
    chain = request_for(approval.SUBJECT, order.pk) if order.approval else None
    if chain is not None and order.is_open and may_decide(chain, user) is not None:
        can.add("approval")
    visits = list(order.visits.select_related("assignee").order_by("round", "id"))
    if any(visit.state == ReturnVisit.State.DUE for visit in visits):
        can.discard("plan_visit")  # one visit owed at a time; the service would hand back the same one
    technicians = []
    if "dispatch" in can:
        open_load = Count("assigned_orders", filter=Q(assigned_orders__status__in=OPEN_STATUSES))
        rows = list(technicians_of(order.site_id).annotate(open_load=open_load))
        held: dict[int, set[str]] = {row.pk: set() for row in rows}
        for technician_id, trade in TechnicianSkill.objects.filter(technician__in=rows).values_list(
            "technician_id", "trade"
        ):
            held[technician_id].add(trade)
        technicians = [_choice(technician, held[technician.pk], order) for technician in rows]
    arrived_day = timezone.localtime(order.arrived_at).date() if order.arrived_at else None
    context: dict[str, Any] = {
        "order": order,
        "status": labels.STATUS.get(order.status, order.status),
        "tags": [labels.TAGS.get(tag, tag) for tag in order.tags],
        "channel": labels.CHANNELS.get(order.channel, order.channel),
        "approval": labels.APPROVAL.get(order.approval, order.approval),
        "approval_request": chain,
        "timeline": timeline,
        "clocks": [c for _row, c in clocks],
        "photos": list(order.photos.all()),
        "can": can,
        "technicians": technicians,
        "dispatch_form": DispatchForm(site_id=order.site_id) if "dispatch" in can else None,
        "quote_form": QuoteForm(),
        "checklist": labels.CHECKLIST,
        "needs_explanation": arrived_day is not None and timezone.localdate() > arrived_day,
        "visits": visits,
        "rectifications": list(
            Rectification.objects.filter(order=order).select_related("assignee").order_by("due", "id")
        ),
        "my_open_rectifications": {
            r.pk for r in Rectification.objects.filter(order=order, assignee=user, state="open").only("pk")
        },
        "score_words": labels.SCORES,
        "visit_state_words": dict(ReturnVisit.State.choices),
        "navigate": f"https://uri.amap.com/search?keyword={quote(order.place)}",
        "is_technician_view": order.technician_id == user.pk,
        "errors": {},
        "failed": "",
        "posted": dict.fromkeys(REFILLED, ""),
        "today": dt.date.today(),
    }
    context.update(extra)
    return context


def _choice(technician: User, trades: set[str], order: Order) -> dict[str, Any]:
    """A technician on the dispatch form: open load, trades, and whether they suit the order's faults."""
    return {
        "pk": technician.pk,
        "name": str(technician),
        "open_load": technician.open_load,  # type: ignore[attr-defined]
        "trades": [str(Trade(trade).label) for trade in sorted(trades)],
        "suits": suits(trades, order.tags),
    }
