"""Generated from the URLconf: every named page names the test that proves who may open it and what they
see, so a page added without one fails the suite (the API's operations are walked from its schema in
tests/api/test_every_operation.py). Each app lists its pages in tests/<app>/page_scope.py as
`PAGE_SCOPE_TESTS = {"orders:board": "tests.orders.test_pages_board.BoardTests.test_…", …}`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

# Django's own and the API's are covered elsewhere: the admin is for administrators only
# (tests/core/test_url_access.py), the API by its schema walk.
SKIPPED_NAMESPACES = ("admin", "api")

HOME = "tests.core.test_home_page."
PAGE_SCOPE_TESTS: dict[str, str] = {
    "home": "tests.core.test_home_page.HomePageTests.test_it_shows_only_the_users_own_notifications",
    "notifications": "tests.core.test_home_page.HomePageTests.test_it_shows_only_the_users_own_notifications",
    "notification_read": HOME + "NotificationReadTests.test_another_users_notification_is_not_found",
    "notifications_read_all": "tests.core.test_home_page.NotificationReadTests.test_mark_all_read",
    "sites": "tests.core.test_url_access.RoleAccessTests.test_every_role_opens_every_shell_page",
    "my_tokens": "tests.core.test_token_page.TokenPageTests."
    + "test_a_user_makes_sees_and_revokes_only_own_tokens",
    "login": "tests.core.test_url_access.AnonymousAccessTests.test_public_urls_answer_without_login",
    "logout": "tests.core.test_url_access.AnonymousAccessTests.test_public_urls_answer_without_login",
    "healthz": "tests.core.test_url_access.AnonymousAccessTests.test_public_urls_answer_without_login",
    "set_language": "tests.core.test_url_access.AnonymousAccessTests.test_public_urls_answer_without_login",
}


def _names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            yield from _names(entry.url_patterns, inner)
        elif entry.name:
            yield f"{namespace}{entry.name}"


def _all_page_tests() -> dict[str, str]:
    found = dict(PAGE_SCOPE_TESTS)
    for module_file in sorted(Path(__file__).resolve().parents[1].glob("*/page_scope.py")):
        module = importlib.import_module(f"tests.{module_file.parent.name}.page_scope")
        found.update(module.PAGE_SCOPE_TESTS)
    return found


def test_every_page_names_the_test_of_its_scope() -> None:
    tests = _all_page_tests()
    names = sorted(set(_names(get_resolver().url_patterns)))
    assert len(names) > 20
    missing = [name for name in names if name not in tests]
    assert not missing, (
        f"name the test proving each page's roles and scope in tests/<app>/page_scope.py: {missing}"
    )
    for dotted in tests.values():
        module_name, class_name, test_name = dotted.rsplit(".", 2)
        test_class = getattr(importlib.import_module(module_name), class_name)
        assert callable(getattr(test_class, test_name, None)), dotted
