"""The files due (p16.b2): customers whose file is owed — two days from a car brought in or a
consultation — the oldest due first, with the time left or how late it is."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.scoping import site_choices
from fuwu.customers import labels
from fuwu.customers.forms.files import managers_at
from fuwu.customers.models import Customer
from fuwu.customers.selectors.customers import customer_scope
from fuwu.customers.selectors.files_due import files_due
from fuwu.customers.views.common import READERS
from fuwu.regulations.selectors import StoredObligation

PER_PAGE = 50


@login_required
@role_required(READERS)
@require_GET
def files_due_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = customer_scope(user)
    wide = scope.managers is None
    managers = list(managers_at(list(scope.site_ids))) if wide and scope.site_ids else []
    wanted = request.GET.get("manager", "")
    manager = int(wanted) if wanted.isdigit() and any(str(m.pk) == wanted for m in managers) else None
    rows = files_due(user, manager=manager, scope=scope)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    obligations = list(page.object_list)
    customers = Customer.objects.select_related("site", "manager").in_bulk(
        [int(row.subject_id) for row in obligations]
    )
    now = timezone.now()
    items = []
    for row in obligations:
        customer = customers.get(int(row.subject_id))
        if customer is None:
            continue
        stored = StoredObligation(
            row.pk, row.kind, row.what, row.clause, row.pack_version, row.because, row.due, row.earliest,
            row.state, row.met_at, row.breached_at, row.assignee_id,
        )  # fmt: skip
        items.append((customer, labels.owed(stored, now)))
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "page": page,
        "items": items,
        "managers": managers,
        "manager": manager,
        "filters": filters.urlencode(),
        "show_site": len([s for s in site_choices(user) if s[0] in scope.site_ids]) > 1,
    }
    return render(request, "customers/files_due.html", context)
