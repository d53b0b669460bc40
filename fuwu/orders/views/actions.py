"""The order page's small forms: each posts here, calls one service and goes back to the order.

A Conflict (someone else acted first, the state no longer allows it) shows its message with 409 and
changes nothing; an Invalid shows each message beside its field with 422; PermissionDenied is 403.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_POST

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import User
from fuwu.orders import labels
from fuwu.orders.models import Order
from fuwu.orders.selectors import technicians_of
from fuwu.orders.services import orders, photos, visits
from fuwu.orders.views.common import field_errors, order_in_scope, user_of
from fuwu.orders.views.detail import REFILLED, page_context

Handler = Callable[[Order, User, HttpRequest], str]


def _dispatch(order: Order, user: User, request: HttpRequest) -> str:
    pk = request.POST.get("technician", "")
    technician = technicians_of(order.site_id).filter(pk=int(pk)).first() if pk.isdigit() else None
    if technician is None:
        raise Invalid.field(("body", "technician"), gettext("Choose a technician of this site"))
    orders.dispatch(order, technician=technician, by=user)
    return gettext("Dispatched to %(technician)s") % {"technician": technician}


def _accept(order: Order, user: User, request: HttpRequest) -> str:
    orders.accept(order, by=user)
    return gettext("Accepted")


def _arrive(order: Order, user: User, request: HttpRequest) -> str:
    checklist = {key: request.POST.get(key) == "on" for key in labels.CHECKLIST}
    orders.arrive(order, by=user, checklist=checklist)
    missing = [labels.CHECKLIST[key] for key, done in checklist.items() if not done]
    if not missing:
        return gettext("Checked in")
    separator = pgettext("list separator", ", ")
    return gettext("Checked in; not done: %(missing)s") % {"missing": separator.join(missing)}


def _quote(order: Order, user: User, request: HttpRequest) -> str:
    try:
        amount = Decimal(request.POST.get("amount", "").strip())
    except InvalidOperation as bad:
        raise Invalid.field(("body", "amount"), gettext("Enter an amount, such as 120 or 85.50")) from bad
    accepted = request.POST.get("accepted") == "yes"
    orders.quote(order, by=user, amount=amount, items=request.POST.get("items", ""), accepted=accepted)
    return gettext("Quote recorded")


def _approval(order: Order, user: User, request: HttpRequest) -> str:
    approved = request.POST.get("decision") == "approve"
    orders.decide_approval(order, by=user, approved=approved, note=request.POST.get("note", ""))
    return gettext("Work approved") if approved else gettext("Work rejected")


def _complete(order: Order, user: User, request: HttpRequest) -> str:
    orders.complete(
        order, by=user, notes=request.POST.get("notes", ""), explanation=request.POST.get("explanation", "")
    )
    return gettext("Completed")


def _close(order: Order, user: User, request: HttpRequest) -> str:
    orders.close(order, by=user)
    return gettext("Order closed")


def _cancel(order: Order, user: User, request: HttpRequest) -> str:
    orders.cancel(order, by=user, reason=request.POST.get("reason", ""))
    return gettext("Order cancelled")


def _rework(order: Order, user: User, request: HttpRequest) -> str:
    new = orders.rework(order, by=user, description=request.POST.get("description", ""))
    return gettext("Rework order %(number)s opened") % {"number": new.number}


def _plan_visit(order: Order, user: User, request: HttpRequest) -> str:
    visit = visits.plan_visit(order, by=user)
    return gettext("Return visit round %(round)s planned") % {"round": visit.round}


def _photo(order: Order, user: User, request: HttpRequest) -> str:
    upload = request.FILES.get("photo")
    if upload is None:
        raise Invalid.field(("body", "photo"), gettext("Choose a photo"))
    default = "arrival" if user.pk == order.technician_id else "report"
    stage = request.POST.get("stage") or default
    try:
        photos.add_photo(order, upload, stage=stage, by=user)
    except Invalid as error:
        raise Invalid([(("body", "photo"), msg) for _loc, msg in error.problems]) from error
    return gettext("Photo uploaded")


ACTIONS: dict[str, Handler] = {
    "dispatch": _dispatch,
    "accept": _accept,
    "arrive": _arrive,
    "quote": _quote,
    "approval": _approval,
    "complete": _complete,
    "close": _close,
    "cancel": _cancel,
    "rework": _rework,
    "plan_visit": _plan_visit,
    "photo": _photo,
}


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    order = order_in_scope(request, pk)
    user = user_of(request)
    try:
        done = ACTIONS[action](order, user, request)
    except Conflict as conflict:
        order = order_in_scope(request, pk)  # as it is now, after whoever acted first
        context = page_context(request, order, conflict=conflict.message, failed=action)
        return render(request, "orders/detail.html", context, status=409)
    except Invalid as error:
        posted = {name: request.POST.get(name, "") for name in REFILLED}
        context = page_context(request, order, errors=field_errors(error), failed=action, posted=posted)
        return render(request, "orders/detail.html", context, status=422)
    messages.success(request, done)
    if action == "rework":
        latest = order.reworks.order_by("-pk").first()
        if latest is not None:
            return redirect("orders:detail", pk=latest.pk)
    return redirect("orders:detail", pk=pk)
