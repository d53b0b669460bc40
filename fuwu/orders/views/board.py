"""The dispatcher's board: open orders of the user's sites with the time left on each deadline.

The page costs the same number of queries however many rows it shows (the rows are read with
``values()`` and the deadlines of all of them come in one query) and the same at page 5,000 as at page 1
(keyset pagination on (received_at, id)). Its body — filters and rows, refreshed by htmx every 30 s — is a
Jinja2 template (decision 0016); the page around it is the usual Django template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from fuwu.core.access import has_any_role, role_required
from fuwu.core.prepared import Values, prepared
from fuwu.core.scoping import site_choices
from fuwu.orders import labels
from fuwu.orders.models import Order
from fuwu.orders.selectors import (
    PLACE_COLUMNS,
    OrderScope,
    order_scope,
    orders_in,
    place_of,
    technician_names,
)
from fuwu.orders.views.board_filters import Filters
from fuwu.orders.views.common import BOARD_READERS, DESK, OPEN_STATUSES, Clock, ClockWords, clock, user_of
from fuwu.regulations.models import Obligation
from fuwu.regulations.selectors import StoredObligation, obligations_of

# The table's column headings, read once per page (each row repeats them as its cells' labels on a phone).
HEADINGS = {
    "number": _("Order number"),
    "site": _("Site"),
    "place": _("Place"),
    "details": _("Details"),
    "status": _("Status"),
    "technician": _("Technician"),
    "deadlines": _("Deadlines"),
}
ROWS_PER_PAGE = 20
CLOCKED = ("open", "breached")  # the obligations whose clock the board shows
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
DESCRIPTION_SHOWN = 40  # characters of the description on the board; the order page has all of it
COLUMNS = (
    "id",
    "number",
    "site_id",
    "status",
    "tags",
    "description",
    "received_at",
    "arrived_at",
    "completed_at",
    "technician__display_name",
    "technician__username",
    *PLACE_COLUMNS,
)


@dataclass(frozen=True, slots=True)
class BoardLine:
    """One order as the board shows it, every word ready to print."""

    id: int
    url: str
    number: str
    received: str  # local "12-03 08:41"
    site: str
    place: str
    tags: list[str]
    description: str
    status: str
    status_label: str
    technician: str
    clocks: list[Clock]
    late: bool


@login_required
@role_required(BOARD_READERS)
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    sites = site_choices(user)
    site_names = {pk: name for pk, _code, name in sites}
    chosen = Filters.of(request.GET, set(site_names))
    refresh = request.headers.get("HX-Request") == "true"
    scope = order_scope(user)
    after = _parse_cursor(request.GET.get("after", ""))
    values = _values(scope, chosen, after)
    # The board is read on every dispatcher's screen every 30 s: a prepared read (core.prepared); the
    # filters present are its shape, a later page's cursor two more values (a search or a tag, whose
    # patterns the ORM transforms, run through it).
    page = prepared("board_rows", _rows(scope.kind), values, shape=(scope.kind, *values))
    more = len(page) > ROWS_PER_PAGE
    page = page[:ROWS_PER_PAGE]
    now = timezone.now()
    found = obligations_of("order", [row["id"] for row in page], states=CLOCKED)
    shared = _Page(
        site_names=site_names,
        now=now,
        # An order's page is /orders/<id>/ under the board's own address: reversed once, not per row.
        detail_prefix=reverse("orders:board"),
        clock_words=ClockWords(),
        status_words=dict(labels.STATUS.items()),
        tag_words=dict(labels.TAGS.items()),
    )
    lines = [_line(row, found.get(str(row["id"]), []), shared) for row in page]
    filters = request.GET.copy()
    filters.pop("after", None)
    body = {
        "request": request,
        "lines": lines,
        "filters": filters.urlencode(),
        "next_cursor": _cursor(page[-1]) if more and page else "",
        "first_page": after is None,
        "show_site": len(sites) > 1,
        "headings": {key: str(word) for key, word in HEADINGS.items()},
        "updated": gettext("Updated at %(time)s") % {"time": timezone.localtime(now).strftime("%H:%M:%S")},
    }
    if refresh:  # the 30-second refresh replaces the rows only; the filters stay as the person set them
        return HttpResponse(render_to_string("orders/board_table.jinja", body, using="jinja2"))
    technicians = technician_names(site_names)
    may_dispatch = has_any_role(user, DESK)
    content = {
        **body,
        "chosen": chosen,
        "sites": chosen.site_options(sites),
        "statuses": chosen.status_options(),
        "tags": chosen.tag_options(),
        "technicians": chosen.technician_options(technicians),
        "may_dispatch": may_dispatch,
        # The QR posters of the report pages, for the desk to print.
        "posters": [
            (reverse("orders:poster", args=[code]), gettext("Repair QR code for %(site)s") % {"site": name})
            for _pk, code, name in sites
        ]
        if may_dispatch
        else [],
    }
    page_body = render_to_string("orders/board_page.jinja", content, using="jinja2")
    # The page's own template only places the body (rendered by the autoescaping Jinja2 environment); the
    # rows and the cursor stay in its context for whoever inspects the page.
    return render(request, "orders/board.html", {**body, "content": mark_safe(page_body)})


def _values(scope: OrderScope, chosen: Filters, after: tuple[dt.datetime, int] | None) -> dict[str, Any]:
    """The values of the board's query: the person's scope, the filters chosen, the page's cursor."""
    values: dict[str, Any] = {}
    if scope.kind in ("sites", "own"):
        values["sites"] = list(scope.site_ids)
    if scope.kind == "own":
        values["me"] = scope.technician_id
    if chosen.status:
        values["status"] = chosen.status
    else:
        values["statuses"] = list(OPEN_STATUSES)
    if chosen.site is not None:
        values["site"] = chosen.site
    if chosen.tag:
        # The plain ",leak,general," column filters the same on SQLite and PostgreSQL (as the API does).
        values["tag"] = f",{chosen.tag},"
    if chosen.technician is not None:
        values["technician"] = chosen.technician
    if chosen.breached:
        values["late_before"] = timezone.now()
    if chosen.q:
        values["q"] = chosen.q
    if after is not None:
        values["after_at"], values["after_id"] = after
    return values


def _rows(kind: str) -> Callable[[Values], QuerySet[Order, dict[str, Any]]]:
    """The board's query for a scope of this kind, from its values (see ``_values``)."""

    def build(v: Values) -> QuerySet[Order, dict[str, Any]]:
        rows = orders_in(kind, v.get("sites", ()), v.get("me"))
        rows = rows.filter(status=v["status"]) if "status" in v else rows.filter(status__in=v["statuses"])
        if "site" in v:
            rows = rows.filter(site_id=v["site"])
        if "tag" in v:
            rows = rows.filter(tag_text__contains=v["tag"])
        if "technician" in v:
            rows = rows.filter(technician_id=v["technician"])
        if "late_before" in v:
            late = Obligation.objects.filter(
                subject_type="order", subject_id=Cast(OuterRef("pk"), CharField())
            ).filter(
                Q(state=Obligation.State.BREACHED) | Q(state=Obligation.State.OPEN, due__lt=v["late_before"])
            )
            rows = rows.filter(Exists(late))
        if "q" in v:
            text = v["q"]
            rows = rows.filter(
                Q(number__icontains=text) | Q(location__icontains=text) | Q(contact_phone__contains=text)
            )
        if "after_at" in v:
            # (received_at, id) < the last row's pair, written without a top-level OR so the (site, status,
            # received_at) index seeks straight to the page on SQLite and PostgreSQL alike.
            moment = v["after_at"]
            rows = rows.filter(received_at__lte=moment).exclude(received_at=moment, id__gte=v["after_id"])
        page: QuerySet[Order, dict[str, Any]] = rows.order_by("-received_at", "-id").values(*COLUMNS)
        return page[: ROWS_PER_PAGE + 1]

    return build


@dataclass(frozen=True)
class _Page:
    """What every line of one board page shares, looked up once: the words in the active language too."""

    site_names: dict[int, str]
    now: dt.datetime
    detail_prefix: str
    clock_words: ClockWords
    status_words: dict[str, str]
    tag_words: dict[str, str]


def _line(row: Mapping[str, Any], obligations: list[StoredObligation], page: _Page) -> BoardLine:
    steps = (row["received_at"], row["arrived_at"], row["completed_at"])
    clocks = [clock(ob, steps, page.now, page.clock_words) for ob in obligations]
    described: str = row["description"]
    if len(described) > DESCRIPTION_SHOWN:  # as Django's truncatechars: the ellipsis counts
        described = described[: DESCRIPTION_SHOWN - 1] + "…"
    return BoardLine(
        id=row["id"],
        url=f"{page.detail_prefix}{row['id']}/",
        number=row["number"] or "",
        received=timezone.localtime(row["received_at"]).strftime("%m-%d %H:%M"),
        site=page.site_names.get(row["site_id"], ""),
        place=place_of(row),
        tags=[page.tag_words.get(tag, tag) for tag in row["tags"]],
        description=described,
        status=row["status"],
        status_label=page.status_words.get(row["status"], row["status"]),
        technician=row["technician__display_name"] or row["technician__username"] or "—",
        clocks=clocks,
        late=any(c.colour == "late" for c in clocks),
    )


def _cursor(row: Mapping[str, Any]) -> str:
    micros = (row["received_at"] - EPOCH) // dt.timedelta(microseconds=1)  # exact, unlike a float
    return f"{micros}.{row['id']}"


def _parse_cursor(text: str) -> tuple[dt.datetime, int] | None:
    """The last row's (received_at, id) from the "next" link; anything unreadable starts at the top."""
    try:
        micros, pk = text.split(".")
        return EPOCH + dt.timedelta(microseconds=int(micros)), int(pk)
    except (ValueError, OverflowError):
        return None
