"""The printable forms of p16.6 kept by this app: the customer's file (客户档案基本资料表) on an A4 page
that prints cleanly from the browser (its own print stylesheet: no menu, black on white, the form's
grid). The call record, call register and letter register are printed by the follow-up app, which keeps
the calls and letters, with the same stylesheet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fuwu.core.access import role_required, signed_in_user
from fuwu.customers.views.common import READERS, customer_in_scope
from fuwu.customers.views.detail import file_of

# Rows of the service history the printed form always has, filled or left blank to write in.
SERVICE_LINES = 12


@login_required
@role_required(READERS)
@require_GET
def print_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    customer = customer_in_scope(user, pk)
    context = file_of(customer)
    services = context["services"][:SERVICE_LINES]
    context.update(
        services=services,
        blank_lines=range(max(SERVICE_LINES - len(services), 0)),
        printed_at=timezone.now(),
    )
    return render(request, "customers/print/file.html", context)
