"""Every error leaves the API in the contract's shape; nothing a client sends produces a 500.

401/403/404/409 → {"detail": "<sentence>"}; 422 → {"detail": [{"loc": [...], "msg": "..."}, …]}.
Services raise fuwu.core.errors.Conflict (409) and Invalid (422), Django's PermissionDenied (403),
Http404 or Model.DoesNotExist (404); a row outside the user's scope is looked up in the scoped queryset,
so it is simply not found.

A write answers ONE 422 naming every bad field it can know about from its body: the schema's shape
problems and the service's own field checks together, after any 404, 403 and 409 (a state conflict is not
a field error). Bodies are `fuwu.core.api.bodies.Body`; the rule is written there.

Every sentence is in the request's language (Chinese unless the client sends Accept-Language or the
language cookie; fuwu.core.middleware): ours are gettext msgids, pydantic's are rewritten by
fuwu.core.api.messages (decision 0021).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from fuwu.core.api import messages
from fuwu.core.errors import Conflict, Invalid

if TYPE_CHECKING:
    from ninja import NinjaAPI


def not_found() -> str:
    """The 404 sentence, in the request's language."""
    return gettext("Not found: no such object, or it is outside your sites.")


def authentication_required() -> str:
    """The 401 sentence for a request without credentials, in the request's language."""
    return gettext("Authentication required: send a Bearer token.")


class NotAnObject(ValueError):
    """A JSON body that parsed but is not an object ({…}): every operation's body is an object."""


def problem(loc: Sequence[str | int], msg: str) -> dict[str, Any]:
    """One entry of a 422 body."""
    return {"loc": list(loc), "msg": msg}


def normalise_pydantic_errors(errors: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """ninja's error dicts (pydantic's, with the client's loc) as the contract's {"loc", "msg"}, each msg
    a sentence in the request's language (fuwu.core.api.messages)."""
    return [problem(error["loc"], messages.sentence(error)) for error in errors]


def install(api: NinjaAPI) -> None:
    """Register the handlers on the API (replacing ninja's defaults)."""

    def respond(request: HttpRequest, data: Any, status: int) -> HttpResponse:
        return api.create_response(request, data, status=status)

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = exc.message if exc.message != "Unauthorized" else authentication_required()
        response = respond(request, {"detail": message}, 401)
        response["WWW-Authenticate"] = 'Bearer realm="fuwu"'
        return response

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja wraps a body it cannot parse in a 400; bad JSON is invalid input like any other.
        if exc.status_code == 400 and isinstance(exc.__cause__, json.JSONDecodeError | UnicodeDecodeError):
            return respond(
                request, {"detail": [problem(["body"], gettext("The body is not valid JSON."))]}, 422
            )
        if exc.status_code == 400 and isinstance(exc.__cause__, NotAnObject):
            return respond(request, {"detail": [problem(["body"], str(exc.__cause__))]}, 422)
        if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):  # ninja's words
            return respond(request, {"detail": gettext("The body could not be read.")}, 400)
        return respond(request, {"detail": exc.message}, exc.status_code)

    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return respond(request, {"detail": normalise_pydantic_errors(exc.errors)}, 422)

    def on_invalid(request: HttpRequest, exc: Invalid) -> HttpResponse:
        return respond(request, {"detail": [problem(loc, msg) for loc, msg in exc.problems]}, 422)

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        problems: list[dict[str, Any]] = []
        if hasattr(exc, "error_dict"):
            for field, texts in exc.message_dict.items():
                loc = ["body"] if field == NON_FIELD_ERRORS else ["body", field]
                problems.extend(problem(loc, text) for text in texts)
        else:
            problems.extend(problem(["body"], message) for message in exc.messages)
        return respond(request, {"detail": problems}, 422)

    def on_conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
        return respond(request, {"detail": exc.message}, 409)

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, {"detail": not_found()}, 404)

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or gettext("Your role may not do this.")
        return respond(request, {"detail": message}, 403)

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        # Django refuses to read the body; without this it answers its own HTML 400 page.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = gettext("The body is larger than the %(limit)s bytes a request may send.")
        return respond(request, {"detail": message % {"limit": limit}}, 400)

    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (AuthenticationError, on_authentication),
        (HttpError, on_http_error),
        (NinjaValidationError, on_validation),
        (Invalid, on_invalid),
        (DjangoValidationError, on_django_validation),
        (Conflict, on_conflict),
        (Http404, on_not_found),
        (ObjectDoesNotExist, on_not_found),
        (PermissionDenied, on_permission_denied),
        (RequestDataTooBig, on_too_big),
    ]
    for exception_type, handler in handlers:
        api.add_exception_handler(exception_type, handler)
