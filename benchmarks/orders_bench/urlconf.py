"""The site's URLs plus the baseline: a bare view returning the same 20 rows with ``values()``.

Imported as ROOT_URLCONF after ``django.setup()``, so the baseline goes through the same middleware as the
API and the board and differs only in the view: no authentication, scoping, deadlines or serialisation.
"""

from __future__ import annotations

import datetime as dt

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path

from fuwu import urls as site
from fuwu.orders.models import Order

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def baseline(request: HttpRequest) -> JsonResponse:
    """Orders of ``site`` in ``status``, newest first, 20 rows after the ``after`` keyset (micros.id)."""
    rows = Order.objects.filter(site_id=int(request.GET["site"]), status=request.GET["status"])
    after = request.GET.get("after")
    if after:
        micros, pk = after.split(".")
        moment = EPOCH + dt.timedelta(microseconds=int(micros))
        rows = rows.filter(Q(received_at__lt=moment) | Q(received_at=moment, id__lt=int(pk)))
    found = list(rows.order_by("-received_at", "-id").values()[:20])
    return JsonResponse({"results": found}, encoder=DjangoJSONEncoder)


site_patterns: list[URLPattern | URLResolver] = site.urlpatterns  # type: ignore[assignment]
urlpatterns: list[URLPattern | URLResolver] = [path("bench/baseline/", baseline), *site_patterns]
