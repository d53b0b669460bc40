"""An existing customer list imported from Excel (whole or not at all, every problem named with its row and
column), and the customers of the user's scope exported."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.models import Site
from fuwu.core.roles import Role
from fuwu.core.scoping import sees_full_phone_numbers, site_choices
from fuwu.customers.excel.export import XLSX, workbook
from fuwu.customers.selectors.customers import customer_scope, customers_visible_to
from fuwu.customers.services.imports import Imported, ImportRefused, import_customers
from fuwu.customers.views.common import READERS

# Who brings a whole list in: those who answer for a site's customers, not one manager's.
IMPORTERS: frozenset[Role] = frozenset({Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.DISPATCHER})
MAX_FILE_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    site = forms.TypedChoiceField(label=_("Site"), coerce=int)
    file = forms.FileField(label=_("Customer list (.xlsx)"))

    def __init__(self, *args: object, sites: list[tuple[int, str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["site"].choices = [(pk, name) for pk, _code, name in sites]  # type: ignore[attr-defined]


@login_required
@role_required(IMPORTERS)
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    sites = site_choices(user)
    form = ImportForm(request.POST or None, request.FILES or None, sites=sites)
    refused: list[str] = []
    done: Imported | None = None
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_FILE_BYTES:
                form.add_error("file", gettext("The file is larger than 20 MB."))
            else:
                site = Site.objects.get(pk=form.cleaned_data["site"])
                try:
                    done = import_customers(site=site, data=upload.read(), by=user)
                except ImportRefused as error:
                    refused = [str(problem) for problem in error.problems]
                else:
                    status = 201
    context = {"form": form, "refused": refused, "done": done}
    return render(request, "customers/import.html", context, status=200 if status == 201 else status)


@login_required
@role_required(READERS)
@require_GET
def export_list(request: HttpRequest) -> FileResponse:
    """The customers the user sees (a customer manager their own), as the list the import reads."""
    user = signed_in_user(request)
    rows = customers_visible_to(user, customer_scope(user))
    site = request.GET.get("site", "")
    if site.isdigit() and len(site) < 19:
        rows = rows.filter(site_id=int(site))
    out = workbook(rows, full_phones=sees_full_phone_numbers(user))
    name = f"customers-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)
