"""Writes are all or nothing, and Idempotency-Key on POST gives the same key the first response again.

Applied to every operation of the API by FuwuAPI (a "view" decorator around ninja's operation), so routers
do nothing. Guarantees:
- every POST/PUT/PATCH/DELETE runs in one transaction kept only when the answer is 2xx: an operation that
  wrote and then raised Conflict/Invalid/PermissionDenied/Http404 leaves nothing behind;
- the key row is inserted first, inside the same transaction as the operation's writes; a concurrent
  duplicate waits on the unique (user, key) index (PostgreSQL) or the write lock (SQLite IMMEDIATE) and
  then replays the committed answer — both never execute;
- only a 2xx answer is remembered; any other answer rolls back the key and the writes, so the client
  may correct the request and send it again with the same key;
- the same key with a different method, path or body is refused with 422, never replayed;
- a replay is byte-identical (status and body) and carries `Idempotent-Replayed: true` — except that
  fields named by @secret_in_response (a new token's secret) are stored and replayed as null: secrets
  are never written to the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext
from ninja.errors import AuthenticationError

from fuwu.core.api.auth import api_user
from fuwu.core.api.errors import problem
from fuwu.core.api.rendering import dumps
from fuwu.core.models import IdempotentRequest, User

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
JSON_CONTENT_TYPE = "application/json; charset=utf-8"

Run = Callable[..., HttpResponseBase]
F = TypeVar("F", bound=Callable[..., Any])
_SECRET_FIELDS = "_fuwu_secret_fields"


def secret_in_response(*fields: str) -> Callable[[F], F]:
    """Mark top-level response fields that hold a secret: an idempotent replay gives them as null.

    Put it under the router's decorator: `@router.post(...)` then `@secret_in_response("token")`.
    """

    def mark(view: F) -> F:
        setattr(view, _SECRET_FIELDS, fields)
        return view

    return mark


def _stored_body(run: Run, response: HttpResponse) -> str:
    text = response.content.decode(response.charset or "utf-8")
    operation = getattr(run, "__self__", None)
    secret_fields: tuple[str, ...] = getattr(getattr(operation, "view_func", None), _SECRET_FIELDS, ())
    if not secret_fields:
        return text
    data = json.loads(text)
    if isinstance(data, dict):
        data.update(dict.fromkeys(data.keys() & set(secret_fields)))
    return dumps(data)


class _Discard(Exception):
    """Carries a non-2xx answer out of the transaction so the key row and the writes roll back."""

    def __init__(self, response: HttpResponseBase) -> None:
        super().__init__()
        self.response = response


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.content_type == "multipart/form-data":
        # request.body of a large upload is refused by DATA_UPLOAD_MAX_MEMORY_SIZE: hash the parts instead.
        for name in sorted(request.POST):
            for value in request.POST.getlist(name):
                digest.update(f"{name}={value}\n".encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(f"{name}:{upload.name}:{upload.size}\n".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _refusal(status: int, data: Any) -> HttpResponse:
    return HttpResponse(dumps(data), status=status, content_type=JSON_CONTENT_TYPE)


def _replay(request: HttpRequest, user: User, key: str, fingerprint: str) -> HttpResponse:
    first = IdempotentRequest.objects.get(user=user, key=key)
    if (first.method, first.path, first.fingerprint) != (request.method, request.path[:500], fingerprint):
        return _refusal(
            422,
            {
                "detail": [
                    problem(
                        ["header", HEADER],
                        gettext(
                            "This Idempotency-Key was already used for a different request; use a new key."
                        ),
                    )
                ]
            },
        )
    if first.status is None:  # seen only from inside the first request's own transaction
        return _refusal(409, {"detail": gettext("A request with this Idempotency-Key is still in progress.")})
    response = HttpResponse(first.body, status=first.status, content_type=JSON_CONTENT_TYPE)
    response["Idempotent-Replayed"] = "true"
    return response


def _all_or_nothing(run: Run, request: HttpRequest, kwargs: dict[str, Any]) -> HttpResponseBase:
    """Run a write in one transaction that is kept only when the answer is 2xx."""
    try:
        with transaction.atomic():
            response = run(request, **kwargs)
            if not 200 <= response.status_code < 300:
                raise _Discard(response)
            return response
    except _Discard as discarded:
        return discarded.response


def idempotent(run: Run) -> Run:
    """Wrap an operation's `run`: a write is all or nothing, and a POST with Idempotency-Key executes at
    most once per (user, key)."""

    @wraps(run)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        if request.method in SAFE_METHODS:
            return run(request, **kwargs)
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return _all_or_nothing(run, request, kwargs)
        try:
            user = api_user(request)
        except AuthenticationError:
            user = None
        if user is None:
            return run(request, **kwargs)  # the operation's own auth answers 401
        key = key.strip()
        if not 1 <= len(key) <= MAX_KEY_LENGTH:
            message = gettext("An Idempotency-Key has 1 to %(max)s characters (a UUID is best).") % {
                "max": MAX_KEY_LENGTH
            }
            return _refusal(422, {"detail": [problem(["header", HEADER], message)]})
        try:
            fingerprint = _fingerprint(request)
        except Exception:  # an unreadable body is answered by the operation itself
            return _all_or_nothing(run, request, kwargs)
        try:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        record = IdempotentRequest.objects.create(
                            user=user,
                            key=key,
                            method=request.method,
                            path=request.path[:500],
                            fingerprint=fingerprint,
                        )
                except IntegrityError:
                    return _replay(request, user, key, fingerprint)
                response = run(request, **kwargs)
                if not 200 <= response.status_code < 300 or not isinstance(response, HttpResponse):
                    raise _Discard(response)
                record.status = response.status_code
                record.body = _stored_body(run, response)
                record.save(update_fields=["status", "body"])
                return response
        except _Discard as discarded:
            return discarded.response

    return wrapper


def purge_before(moment: datetime) -> int:
    """Forget keys first used before `moment` (clients retry within hours); returns how many."""
    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=moment).delete()
    return deleted
