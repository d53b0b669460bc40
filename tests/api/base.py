"""API test helpers: a token per user and JSON calls with it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.test import Client

from fuwu.core.api.tokens import issue_token
from fuwu.core.models import User
from tests.core.base import RoleUsersTestCase

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


class ApiTestCase(RoleUsersTestCase):
    """RoleUsersTestCase with `call(method, url, user, body)` through a Bearer token."""

    _tokens: dict[int, str]

    def setUp(self) -> None:
        super().setUp()
        self._tokens = {}

    def token_for(self, user: User) -> str:
        if user.pk not in self._tokens:
            self._tokens[user.pk] = issue_token(user, by=None).raw
        return self._tokens[user.pk]

    def call(self, method: str, url: str, user: User | None, body: Any = None, **headers: str) -> Response:
        """`headers` by name with - or _: idempotency_key="…" sends Idempotency-Key."""
        client = Client()
        extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
        if user is not None:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {self.token_for(user)}"
        if method == "GET":
            return client.get(url, **extra)  # type: ignore[arg-type]
        data = body if isinstance(body, str | bytes) else json.dumps(body if body is not None else {})
        return client.generic(method, url, data, content_type="application/json", **extra)  # type: ignore[arg-type]


def body(response: Response) -> Any:
    return json.loads(response.content)
