"""The site's URLs plus the baseline: a bare view returning the same rows as a worklist page.

Imported as ROOT_URLCONF after ``django.setup()``, so the baseline goes through the same middleware as the
API and the page and differs only in the view: the five sources' open rows of the given managers read with
``values()`` as anyone would first write them, merged by due time and cut to the page — no sign-in, no
stand-in lookup, no subjects' names for the stored obligations, no call hours, no serialisation beyond
``JsonResponse``.
"""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path

from fuwu import urls as site
from fuwu.customers.models import Customer
from fuwu.followup.models import CallRequest, ContactPlan, ServiceTask
from fuwu.regulations.models import Obligation

SUBJECTS = ("customer", "campaign", "household")


def baseline(request: HttpRequest) -> JsonResponse:
    """The first ``size`` open rows of the ``managers`` (ids, comma-separated) by due time."""
    managers = [int(pk) for pk in request.GET["managers"].split(",")]
    size = int(request.GET.get("size", "50"))
    take = size + 1
    pending = Q(state="open") | Q(state="breached", met_at__isnull=True)
    sources: list[tuple[str, Any]] = [
        (
            "due",
            Obligation.objects.filter(pending, assignee_id__in=managers, subject_type__in=SUBJECTS)
            .order_by("due", "id")
            .values("id", "subject_type", "subject_id", "what", "clause", "because", "due", "earliest"),
        ),
        (
            "planned_at",
            ContactPlan.objects.filter(state="planned", customer__manager_id__in=managers)
            .order_by("planned_at", "id")
            .values("id", "customer_id", "customer__name", "planned_at", "content"),
        ),
        (
            "due",
            CallRequest.objects.filter(state__in=CallRequest.OPEN_STATES, customer__manager_id__in=managers)
            .order_by("due", "id")
            .values("id", "customer_id", "customer__name", "due", "text", "state"),
        ),
        (
            "due",
            ServiceTask.objects.filter(state="open", assignee_id__in=managers)
            .order_by("due", "id")
            .values("id", "what", "title", "clause", "due", "household__building", "household__room"),
        ),
        (
            "filed_at",
            Customer.objects.filter(manager_id__in=managers, filed_at__isnull=False)
            .filter(~Exists(ContactPlan.objects.filter(customer_id=OuterRef("pk"))))
            .order_by("filed_at", "id")
            .values("id", "name", "filed_at"),
        ),
    ]
    rows: list[tuple[Any, dict[str, Any]]] = []
    for due, rows_of in sources:
        rows.extend((row[due], row) for row in rows_of[:take])
    rows.sort(key=lambda pair: pair[0])
    return JsonResponse({"results": [row for _due, row in rows[:size]]}, encoder=DjangoJSONEncoder)


site_patterns: list[URLPattern | URLResolver] = site.urlpatterns  # type: ignore[assignment]
urlpatterns: list[URLPattern | URLResolver] = [path("bench/baseline/", baseline), *site_patterns]
