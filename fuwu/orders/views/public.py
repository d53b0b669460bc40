"""Pages without login. Each shows only what its link names:

- the report page of one site (rate-limited per IP address; photos checked for type and size),
- the tracking page of one order, reached by a signed token (no other order, no phone numbers),
- the owner's rating page of one visit, reached by a signed, expiring, single-use token.
"""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited  # type: ignore[import-untyped]

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import Site
from fuwu.orders import labels
from fuwu.orders.forms import RatingForm, ReportForm
from fuwu.orders.models import Order, ReturnVisit
from fuwu.orders.services import orders, photos, rating
from fuwu.orders.views.common import field_errors, too_many_photos

TRACK_SALT = "orders.track"
REPORT_RATE = "10/h"
MAX_PHOTOS = 3
# Timeline steps an owner sees; who did them and every phone number stay inside the company.
OWNER_STEPS = ("created", "dispatched", "accepted", "arrived", "completed", "closed", "cancelled", "reworked")


def track_token(order: Order) -> str:
    return signing.dumps(order.pk, salt=TRACK_SALT)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, code: str) -> HttpResponse:
    site = get_object_or_404(Site.objects.all(), code=code)
    form = ReportForm(request.POST or None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        limited = is_ratelimited(
            request, group="orders.public-report", key="ip", rate=REPORT_RATE, method="POST", increment=True
        )
        if limited:
            return render(request, "orders/public/limited.html", {"site": site}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            uploads = request.FILES.getlist("photos")
            try:
                if len(uploads) > MAX_PHOTOS:
                    raise Invalid.field(("body", "photos"), too_many_photos(MAX_PHOTOS))
                for upload in uploads:
                    photos.check_photo(upload)
                order = orders.create_order(
                    site=site, by=None, channel=Order.Channel.QR, description=data["description"],
                    tags=data["tags"], location=data["location"], contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                )  # fmt: skip
                for upload in uploads:
                    photos.add_photo(order, upload, stage="report", by=None)
            except Invalid as error:
                errors = field_errors(error)
            else:
                return redirect(f"{_track_path(order)}?new=1")
    status = 422 if request.method == "POST" else 200
    return render(
        request, "orders/public/report.html", {"site": site, "form": form, "errors": errors}, status=status
    )


def _track_path(order: Order) -> str:
    return reverse("public:track", args=[track_token(order)])


@require_http_methods(["GET"])
def track(request: HttpRequest, token: str) -> HttpResponse:
    try:
        pk = signing.loads(token, salt=TRACK_SALT)
    except signing.BadSignature as bad:
        raise Http404 from bad
    if not isinstance(pk, int):
        raise Http404
    order = get_object_or_404(Order.objects.select_related("site"), pk=pk)
    steps = [
        {"at": event.at, "title": labels.EVENTS.get(event.action, event.action)}
        for event in order.events.filter(action__in=OWNER_STEPS).order_by("at", "id")
    ]
    context = {
        "order": order,
        "status": labels.STATUS.get(order.status, order.status),
        "steps": steps,
        "link": request.build_absolute_uri(request.path),  # the link to keep, without ?new=1
        "new": request.GET.get("new") == "1",
    }
    return render(request, "orders/public/track.html", context)


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    visit = rating.visit_of_token(token)
    if visit is None:
        raise Http404
    form = RatingForm(request.POST or None)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST" and visit.state == ReturnVisit.State.DUE:
        status = 422
        if form.is_valid():
            try:
                visit = rating.rate_by_owner(
                    visit, score=form.cleaned_data["score"], reason=form.cleaned_data["reason"]
                )
            except Invalid as error:
                errors = field_errors(error)
            except Conflict:
                visit.refresh_from_db()
                status = 409
            else:
                status = 200
    context = {"visit": visit, "form": form, "errors": errors, "done": visit.state == ReturnVisit.State.DONE,
               "score_word": labels.SCORES.get(visit.score or 0, "")}  # fmt: skip
    return render(request, "orders/public/rate.html", context, status=status)
