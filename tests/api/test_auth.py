"""Tokens from `fuwu token`, revocation, bad tokens, inactive users, and browser sessions with CSRF."""

from __future__ import annotations

import hashlib
import json
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import Client

from fuwu.core.models import ApiToken, AuditEntry
from fuwu.core.roles import Role
from fuwu.core.services import users
from tests.api.base import ApiTestCase
from tests.core.base import PASSWORD


def _command_token(username: str) -> str:
    out = StringIO()
    call_command("token", username, stdout=out)
    return out.getvalue().strip()


def _me(token: str) -> tuple[int, dict[str, object]]:
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    return response.status_code, json.loads(response.content)


class TokenCommandTests(ApiTestCase):
    def test_the_printed_token_authenticates_as_its_user(self) -> None:
        token = _command_token("dispatcher")
        status, body = _me(token)
        assert status == 200, body
        assert body["username"] == "dispatcher"
        assert body["roles"] == ["dispatcher"]
        assert body["sites"] == ["a"]

    def test_only_the_hash_is_stored_and_the_issue_is_audited(self) -> None:
        token = _command_token("dispatcher")
        row = ApiToken.objects.get(user=self.by_role[Role.DISPATCHER])
        assert row.key_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in {row.key_hash, row.prefix, row.name}
        assert token.startswith(row.prefix)
        assert AuditEntry.objects.filter(action="api_token.issue", object_pk=str(row.pk)).exists()

    def test_use_is_recorded(self) -> None:
        token = _command_token("dispatcher")
        assert _me(token)[0] == 200
        assert ApiToken.objects.get(user=self.by_role[Role.DISPATCHER]).last_used_at is not None

    def test_revoked_tokens_answer_401(self) -> None:
        first, second = _command_token("dispatcher"), _command_token("dispatcher")
        out = StringIO()
        call_command("token", "dispatcher", "--revoke", stdout=out)
        assert "revoked 2" in out.getvalue()
        for token in (first, second):
            status, body = _me(token)
            assert status == 401
            assert isinstance(body["detail"], str)
        assert _me(_command_token("dispatcher"))[0] == 200  # a new one works again

    def test_an_unknown_user_is_an_error(self) -> None:
        with self.assertRaises(CommandError):
            call_command("token", "nobody", stdout=StringIO())


class BearerTests(ApiTestCase):
    def test_no_credentials_and_bad_tokens_answer_401_with_a_sentence(self) -> None:
        for header in (None, "Bearer nonsense", "Bearer ", "Bearer fuwu_" + "x" * 43, "Basic Zm9vOmJhcg=="):
            extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
            response = Client().get("/api/v1/sites", **extra)  # type: ignore[arg-type]
            assert response.status_code == 401, header
            assert set(json.loads(response.content)) == {"detail"}
            assert response["WWW-Authenticate"].startswith("Bearer")

    def test_a_bad_token_on_a_post_is_401_not_a_csrf_refusal(self) -> None:
        response = Client(enforce_csrf_checks=True).post(
            "/api/v1/me/tokens", "{}", content_type="application/json", HTTP_AUTHORIZATION="Bearer bad"
        )
        assert response.status_code == 401

    def test_an_inactive_users_token_answers_401(self) -> None:
        token = _command_token("technician")
        users.deactivate_user(self.by_role[Role.TECHNICIAN], by=self.admin)
        assert _me(token)[0] == 401

    def test_a_token_acts_with_its_users_roles_and_sites(self) -> None:
        response = self.call("GET", "/api/v1/sites", self.outsider)
        assert [site["code"] for site in json.loads(response.content)["results"]] == ["b"]


class SessionTests(ApiTestCase):
    def test_a_signed_in_browser_reads_without_a_token(self) -> None:
        client = Client()
        assert client.login(username="supervisor", password=PASSWORD)
        response = client.get("/api/v1/sites")
        assert response.status_code == 200
        assert [site["code"] for site in json.loads(response.content)["results"]] == ["a"]

    def test_a_session_write_needs_the_csrf_token(self) -> None:
        client = Client(enforce_csrf_checks=True)
        assert client.login(username="supervisor", password=PASSWORD)
        refused = client.post("/api/v1/me/tokens", "{}", content_type="application/json")
        assert refused.status_code == 403
        assert "CSRF" in json.loads(refused.content)["detail"]
        assert not ApiToken.objects.exists()

        client.get("/api/v1/docs")  # any page that renders the token sets the csrftoken cookie
        csrf = client.cookies["csrftoken"].value
        made = client.post(
            "/api/v1/me/tokens", '{"name": "网页"}', content_type="application/json", HTTP_X_CSRFTOKEN=csrf
        )
        assert made.status_code == 201, made.content
        token = json.loads(made.content)["token"]
        assert _me(token)[1]["username"] == "supervisor"
