"""The dispatcher's board: open orders of the user's sites with the time left on each deadline.

The page costs the same number of queries however many rows it shows (the deadlines of all rows come in
one query) and the same at page 5,000 as at page 1 (keyset pagination on (received_at, id)).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fuwu.core.access import has_any_role, role_required
from fuwu.core.models import Site, User
from fuwu.core.scoping import sites_visible_to
from fuwu.orders import labels
from fuwu.orders.forms import BoardFilterForm
from fuwu.orders.models import Order
from fuwu.orders.selectors import orders_visible_to
from fuwu.orders.views.common import BOARD_READERS, DESK, OPEN_STATUSES, Clock, clock, user_of
from fuwu.regulations.models import Obligation
from fuwu.regulations.services import obligations_of

ROWS_PER_PAGE = 20
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@login_required
@role_required(BOARD_READERS)
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = BoardFilterForm(request.GET, user=user)
    form.is_valid()  # a filter that does not validate (another site's id) is dropped, never obeyed
    rows = _filtered(orders_visible_to(user), form.cleaned_data)
    after = _parse_cursor(request.GET.get("after", ""))
    if after is not None:
        moment, last_id = after
        # (received_at, id) < the last row's pair, written without a top-level OR so the (site, status,
        # received_at) index seeks straight to the page on SQLite and PostgreSQL alike.
        rows = rows.filter(received_at__lte=moment).exclude(received_at=moment, id__gte=last_id)
    page = list(
        rows.select_related("site", "technician", "household").order_by("-received_at", "-id")[
            : ROWS_PER_PAGE + 1
        ]
    )
    more = len(page) > ROWS_PER_PAGE
    page = page[:ROWS_PER_PAGE]
    now = timezone.now()
    found = obligations_of("order", [order.pk for order in page])
    lines = [_line(order, found.get(str(order.pk), []), now) for order in page]
    filters = request.GET.copy()
    filters.pop("after", None)
    context = {
        "form": form,
        "lines": lines,
        "filters": filters.urlencode(),
        "next_cursor": _cursor(page[-1]) if more and page else "",
        "first_page": after is None,
        "show_site": sites_visible_to(user).count() > 1,
        "may_dispatch": has_any_role(user, DESK),
        # The QR posters of the report pages, for the desk to print.
        "poster_sites": list(sites_visible_to(user).only("code", "name")) if has_any_role(user, DESK) else [],
        "now": now,
    }
    template = (
        "orders/partials/board_table.html"
        if request.headers.get("HX-Request") == "true"
        else "orders/board.html"
    )
    return render(request, template, context)


def _filtered(rows: QuerySet[Order], data: dict[str, object]) -> QuerySet[Order]:
    status = data.get("status") or ""
    rows = rows.filter(status=status) if status else rows.filter(status__in=OPEN_STATUSES)
    site = data.get("site")
    if isinstance(site, Site):
        rows = rows.filter(site=site)
    tag = data.get("tag")
    if tag:
        # The plain ",leak,general," column filters the same on SQLite and PostgreSQL (as the API does).
        rows = rows.filter(tag_text__contains=f",{tag},")
    technician = data.get("technician")
    if isinstance(technician, User):
        rows = rows.filter(technician=technician)
    if data.get("breached"):
        late = Obligation.objects.filter(
            subject_type="order", subject_id=Cast(OuterRef("pk"), CharField())
        ).filter(Q(state=Obligation.State.BREACHED) | Q(state=Obligation.State.OPEN, due__lt=timezone.now()))
        rows = rows.filter(Exists(late))
    text = str(data.get("q") or "").strip()
    if text:
        rows = rows.filter(
            Q(number__icontains=text) | Q(location__icontains=text) | Q(contact_phone__contains=text)
        )
    return rows


def _line(order: Order, obligations: list[Obligation], now: dt.datetime) -> dict[str, object]:
    clocks: list[Clock] = [
        clock(row, order, now) for row in obligations if row.state in (Obligation.State.OPEN, "breached")
    ]
    return {
        "order": order,
        "status": labels.STATUS.get(order.status, order.status),
        "tags": [labels.TAGS.get(tag, tag) for tag in order.tags],
        "clocks": clocks,
        "late": any(c.colour == "late" for c in clocks),
    }


def _cursor(order: Order) -> str:
    micros = (order.received_at - EPOCH) // dt.timedelta(microseconds=1)  # exact, unlike a float
    return f"{micros}.{order.pk}"


def _parse_cursor(text: str) -> tuple[dt.datetime, int] | None:
    """The last row's (received_at, id) from the "next" link; anything unreadable starts at the top."""
    try:
        micros, pk = text.split(".")
        return EPOCH + dt.timedelta(microseconds=int(micros)), int(pk)
    except (ValueError, OverflowError):
        return None
