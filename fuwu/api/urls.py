"""/api/v1/: the API's operations, /api/v1/openapi.json and the interactive docs at /api/v1/docs.

Any other address under /api/v1/ — an unknown path, or an id that is not a positive integer such as
/api/v1/orders/abc — answers 404 in the contract's JSON shape (401 without credentials, as every
operation does), never Django's HTML page; a method an address does not answer (GET on a transition) is
405 {"detail": …} with the Allow header.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import AuthenticationError

from fuwu.api import api
from fuwu.core.api.auth import api_user
from fuwu.core.api.errors import authentication_required, not_found

app_name = "api"


@csrf_exempt  # like the operations: a token call has no CSRF cookie, and a wrong address is no write
def no_such_address(request: HttpRequest) -> HttpResponse:
    """404 {"detail": …} for an address the API does not have (ids are positive integers); 401 first for
    a caller without valid credentials, so anonymous callers learn nothing about the API's addresses."""
    try:
        user = api_user(request)
    except AuthenticationError:
        user = None
    if user is None:
        answer = api.create_response(request, {"detail": authentication_required()}, status=401)
        answer["WWW-Authenticate"] = 'Bearer realm="fuwu"'
        return answer
    return api.create_response(request, {"detail": not_found()}, status=404)


def json_not_allowed(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """`view` with ninja's plain-text 405 answered as JSON, keeping its Allow header."""

    @wraps(view)  # keeps csrf_exempt
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = response["Allow"]
        detail = gettext("This address does not answer %(method)s; it answers %(allowed)s.") % {
            "method": request.method,
            "allowed": allowed,
        }
        answer = api.create_response(request, {"detail": detail}, status=405)
        answer["Allow"] = allowed
        return answer

    return wrapped


def _json_errors(pattern: URLPattern | URLResolver) -> URLPattern | URLResolver:
    if not isinstance(pattern, URLPattern):
        return pattern
    return URLPattern(pattern.pattern, json_not_allowed(pattern.callback), pattern.default_args, pattern.name)


urlpatterns: list[URLPattern | URLResolver] = [
    *(_json_errors(pattern) for pattern in api.urls[0]),
    re_path(r"^[\s\S]*$", no_such_address),
]
