"""/api/v1/: the API's operations, /api/v1/openapi.json and the interactive docs at /api/v1/docs.

Any other address under /api/v1/ — an unknown path, or an id that is not a positive integer such as
/api/v1/orders/abc — answers 404 in the contract's JSON shape, never Django's HTML page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt

from fuwu.api import api
from fuwu.core.api.errors import NOT_FOUND

app_name = "api"


@csrf_exempt  # like the operations: a token call has no CSRF cookie, and a wrong address is no write
def not_found(request: HttpRequest) -> HttpResponse:
    """404 {"detail": …} for an address the API does not have (ids are positive integers)."""
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


urlpatterns: list[URLPattern | URLResolver] = [*api.urls[0], re_path(r"^[\s\S]*$", not_found)]
