"""Who is calling: a Bearer token, or a browser session (with CSRF on writes).

Guarantees: a token acts as its user, with the user's roles and sites; a revoked token, an unknown token
or a token of an inactive user answers 401; no credentials at all answers 401; a session POST without a
valid CSRF token answers 403. Both ways set `request.user` and `request.auth` to the same User.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from fuwu.core.api.tokens import hash_token
from fuwu.core.models import ApiToken, User
from fuwu.core.signed_in import token_user

# last_used_at is written at most this often per token, so reads do not each cost a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
_RESOLVED = "_fuwu_bearer_user"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _bearer_secret(request: HttpRequest) -> str | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip()


def user_from_token(request: HttpRequest) -> User | None:
    """The user of the request's Bearer token; None when it sends none; 401 when the token is bad.

    The answer is remembered on the request, so the idempotency wrapper and the operation share one
    lookup (one query).
    """
    if hasattr(request, _RESOLVED):
        cached: User | None = getattr(request, _RESOLVED)
        return cached
    secret = _bearer_secret(request)
    if secret is None:
        return None
    found = token_user(hash_token(secret)) if secret else None
    if found is None or not found[0].is_active:
        raise AuthenticationError(
            401, gettext("The token is unknown, revoked or belongs to an inactive user.")
        )
    user, token_id, last_used = found
    now = timezone.now()
    if last_used is None or now - last_used >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    setattr(request, _RESOLVED, user)
    return user


def api_user(request: HttpRequest) -> User | None:
    """The user the API acts for (token first, then session), or None; used before the operation runs."""
    user = user_from_token(request)
    if user is not None:
        return user
    session_user = getattr(request, "user", None)
    if isinstance(session_user, User) and session_user.is_active:
        return session_user
    return None


def current_user(request: HttpRequest) -> User:
    """The authenticated user inside an operation (auth has already run, so there is one)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise AuthenticationError(401, gettext("Authentication required."))
    return user


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `fuwu token USERNAME` or POST /api/v1/me/tokens."""

    def __call__(self, request: HttpRequest) -> User | None:
        user = user_from_token(request)
        if user is not None:
            request.user = user
        return user

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover - __call__ decides
        return None


class SessionWithCsrf(APIKeyCookie):
    """The browser's Django session; writes need the CSRF token in X-CSRFToken, as Django's forms do."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # `csrf` tells ninja's docs page to send X-CSRFToken from the interactive docs.
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # CSRF is checked in authenticate, and only for a signed-in user: an anonymous call is 401.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if not isinstance(user, User) or not user.is_active:
            return None
        if (
            request.method not in _SAFE_METHODS
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise HttpError(
                403,
                gettext(
                    "CSRF check failed: a session POST must send the csrftoken cookie's value in X-CSRFToken."
                ),
            )
        return user


def default_auth() -> list[Any]:
    """The API's authentication, token first: every operation requires one of these."""
    return [BearerToken(), SessionWithCsrf()]
