"""Every URL in the URLconf refuses anonymous visitors unless it is on the public list."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from fuwu.core.roles import Role
from tests.core.base import PASSWORD, RoleUsersTestCase

# Reachable without logging in, each for a reason.
PUBLIC_URLS = {
    "/login/",  # the way in
    "/logout/",  # logging out reveals nothing (and is POST-only)
    "/i18n/setlang/",  # the language switch works before login
    "/healthz",  # load balancer probe
    "/admin/login/",  # Django admin's own login
    "/admin/logout/",  # as /logout/
    "/admin/r/1/1/",  # Django's view-on-site shortcut: 404 for anything that is not public
    "/r/x/",  # a site's public report page (QR poster): owners report without an account, rate-limited
    "/r/t/x/",  # an order's tracking page: only a signed token opens it, and only that order
    "/r/v/x/",  # an owner's rating page: signed, expiring, single-use token for one visit
    "/api/v1/openapi.json",  # the API's schema: integrators read it before they have a token
    "/api/v1/docs",  # the interactive docs of that schema; every call from them needs a token
    "/api/v1/",  # django-ninja's root marker: 404 for everyone
}

SAMPLE = {"int": "1", "str": "x", "slug": "x", "uuid": str(uuid.UUID(int=1)), "path": "x/y"}


def _sample_regex(regex: str) -> str:
    """Turn a regex URL pattern into one concrete path it matches."""

    def group(match: re.Match[str]) -> str:
        body = match.group(2)
        if "|" in body:
            return body.split("|")[0]
        return "1" if "\\d" in body or "0-9" in body else "x"

    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    text = re.sub(r"\(\?P<(\w+)>([^)]*)\)", group, text)
    return text.replace("\\", "")


def _sample_route(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)


def all_urls(patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "/") -> Iterator[str]:
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            part = _sample_route(str(pattern))
        else:
            assert isinstance(pattern, RegexPattern)
            part = _sample_regex(str(pattern))
        if isinstance(entry, URLResolver):
            yield from all_urls(entry.url_patterns, prefix + part)
        else:
            yield prefix + part


class AnonymousAccessTests(RoleUsersTestCase):
    def test_every_url_is_enumerated_and_resolves(self) -> None:
        urls = list(all_urls())
        assert len(urls) > 30, urls  # the admin alone has dozens; a broken walk finds few
        for url in urls:
            resolve(url)  # raises Resolver404 if the sample path does not match its own pattern

    def test_anonymous_get_and_post_are_refused_everywhere_but_the_public_list(self) -> None:
        client = Client()
        login = reverse("login")
        checked = 0
        for url in all_urls():
            if url in PUBLIC_URLS:
                continue
            for response in (client.get(url), client.post(url)):
                checked += 1
                self._assert_refused(url, response, login)
        assert checked > 60

    def _assert_refused(self, url: str, response: HttpResponseBase, login: str) -> None:
        if response.status_code == 302:
            location = response.headers["Location"]
            assert location.startswith((login, "/admin/login/")), (url, location)
        elif url.startswith("/api/") and response.status_code == 405:
            pass  # the API refuses a method an endpoint lacks before authenticating; that reveals nothing
        else:
            assert response.status_code in (401, 403), (url, response.status_code)

    def test_public_urls_answer_without_login(self) -> None:
        client = Client()
        assert client.get("/login/").status_code == 200
        assert client.get("/healthz").status_code == 200
        assert client.get("/admin/login/").status_code == 200


class RoleAccessTests(RoleUsersTestCase):
    SHELL_PAGES = ("home", "notifications", "sites")

    def test_every_role_opens_every_shell_page(self) -> None:
        for role, user in self.by_role.items():
            client = Client()
            assert client.login(username=user.username, password=PASSWORD)
            for name in self.SHELL_PAGES:
                response = client.get(reverse(name))
                assert response.status_code == 200, (role, name, response.status_code)

    def test_the_admin_refuses_staff_who_are_not_administrators(self) -> None:
        client = Client()
        client.force_login(self.by_role[Role.GENERAL_MANAGER])
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/admin/login/")

    def test_the_admin_opens_for_administrators(self) -> None:
        client = Client()
        client.force_login(self.admin)
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/core/auditentry/").status_code == 200

    def test_shell_pages_refuse_the_wrong_method(self) -> None:
        client = Client()
        client.force_login(self.by_role[Role.EMPLOYEE])
        assert client.post(reverse("home")).status_code == 405
        assert client.get(reverse("notifications_read_all")).status_code == 405
