"""Generated from the OpenAPI schema, so a new endpoint is covered (or fails) without editing the walk.

- every operation refuses an anonymous caller with 401 in the contract's shape;
- every operation names the test that proves its role and site scope; an operation added without an
  entry fails the suite. Each app lists its own in tests/<app>/api_scope.py as
  `SCOPE_TESTS = {"GET /api/v1/orders": "tests.orders.test_api.OrderScopeTests.test_…", …}`.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any

from django.test import Client

from tests.core.base import RoleUsersTestCase

HTTP_METHODS = {"get", "put", "post", "delete", "patch"}

# "METHOD /path" → "module.Class.test" proving who may call it and what they see.
SCOPE_TESTS: dict[str, str] = {
    "GET /api/v1/me": (
        "tests.api.test_auth.TokenCommandTests.test_the_printed_token_authenticates_as_its_user"
    ),
    "POST /api/v1/me/tokens": "tests.api.test_auth.SessionTests.test_a_session_write_needs_the_csrf_token",
    "GET /api/v1/sites": "tests.api.test_sites_staff.SitesTests.test_a_site_a_user_sees_only_site_a",
    "GET /api/v1/staff": (
        "tests.api.test_sites_staff.StaffTests.test_a_site_a_user_sees_the_people_of_site_a_only"
    ),
}


def _all_scope_tests() -> dict[str, str]:
    found = dict(SCOPE_TESTS)
    for module_file in sorted(Path(__file__).resolve().parents[1].glob("*/api_scope.py")):
        module = importlib.import_module(f"tests.{module_file.parent.name}.api_scope")
        found.update(module.SCOPE_TESTS)
    return found


def _operations() -> list[tuple[str, str]]:
    schema: dict[str, Any] = json.loads(Client().get("/api/v1/openapi.json").content)
    return [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in HTTP_METHODS
    ]


class EveryOperationTests(RoleUsersTestCase):
    def test_every_operation_refuses_anonymous_callers_with_401(self) -> None:
        operations = _operations()
        assert len(operations) >= 4
        client = Client()
        for method, path in operations:
            url = re.sub(r"\{[^}]+\}", "1", path)
            response = client.generic(method, url, "{}", content_type="application/json")
            assert response.status_code == 401, (method, url, response.status_code)
            assert set(json.loads(response.content)) == {"detail"}

    def test_every_operation_has_a_scope_test(self) -> None:
        scope_tests = _all_scope_tests()
        named = [f"{method} {path}" for method, path in _operations()]
        missing = [operation for operation in named if operation not in scope_tests]
        assert not missing, f"name the test proving each one's scope in tests/<app>/api_scope.py: {missing}"
        for dotted in scope_tests.values():
            module_name, class_name, test_name = dotted.rsplit(".", 2)
            test_class = getattr(importlib.import_module(module_name), class_name)
            assert callable(getattr(test_class, test_name, None)), dotted
