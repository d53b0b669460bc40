"""Idempotency-Key on POST: the same key again gives the first answer and changes nothing."""

from __future__ import annotations

import uuid

from django.test import override_settings

from fuwu.core.models import ApiToken, AuditEntry, IdempotentRequest, Site
from fuwu.core.roles import Role
from tests.api.base import ApiTestCase, body

URL = "/probe/sites"


@override_settings(ROOT_URLCONF="tests.api.urls_probe")
class IdempotencyTests(ApiTestCase):
    def test_a_replay_is_the_identical_response_and_creates_nothing(self) -> None:
        user = self.by_role[Role.DISPATCHER]
        key = str(uuid.uuid4())
        first = self.call("POST", URL, user, {"code": "new", "name": "新站点"}, idempotency_key=key)
        assert first.status_code == 201, first.content
        audit_rows = AuditEntry.objects.count()
        again = self.call("POST", URL, user, {"code": "new", "name": "新站点"}, idempotency_key=key)
        assert (again.status_code, again.content) == (first.status_code, first.content)
        assert again["Idempotent-Replayed"] == "true"
        assert Site.objects.filter(code="new").count() == 1
        assert AuditEntry.objects.count() == audit_rows

    def test_without_a_key_or_with_another_key_the_post_runs_again(self) -> None:
        user = self.by_role[Role.DISPATCHER]
        assert (
            self.call("POST", URL, user, {"code": "one", "name": "x"}, idempotency_key="k1").status_code
            == 201
        )
        assert (
            self.call("POST", URL, user, {"code": "two", "name": "x"}, idempotency_key="k2").status_code
            == 201
        )
        assert self.call("POST", URL, user, {"code": "three", "name": "x"}).status_code == 201
        assert not IdempotentRequest.objects.filter(key="").exists()
        assert IdempotentRequest.objects.count() == 2

    def test_keys_belong_to_one_user(self) -> None:
        key = "shared"
        first = self.call(
            "POST", URL, self.by_role[Role.DISPATCHER], {"code": "one", "name": "x"}, idempotency_key=key
        )
        other = self.call(
            "POST", URL, self.by_role[Role.SUPERVISOR], {"code": "two", "name": "x"}, idempotency_key=key
        )
        assert first.status_code == other.status_code == 201
        assert body(first)["id"] != body(other)["id"]

    def test_the_same_key_for_another_request_is_422_and_runs_nothing(self) -> None:
        user = self.by_role[Role.DISPATCHER]
        assert (
            self.call("POST", URL, user, {"code": "one", "name": "x"}, idempotency_key="k").status_code == 201
        )
        reused = self.call("POST", URL, user, {"code": "two", "name": "x"}, idempotency_key="k")
        assert reused.status_code == 422
        assert body(reused)["detail"][0]["loc"] == ["header", "Idempotency-Key"]
        assert not Site.objects.filter(code="two").exists()

    def test_a_failed_request_leaves_no_key_so_the_corrected_request_runs(self) -> None:
        user = self.by_role[Role.DISPATCHER]
        failed = self.call(
            "POST", URL, user, {"code": "new", "name": "x", "fail": "conflict"}, idempotency_key="k"
        )
        assert failed.status_code == 409
        assert not Site.objects.filter(code="new").exists()
        assert not IdempotentRequest.objects.exists()
        fixed = self.call("POST", URL, user, {"code": "new", "name": "x"}, idempotency_key="k")
        assert fixed.status_code == 201
        assert Site.objects.filter(code="new").count() == 1

    def test_an_unauthenticated_post_with_a_key_is_401_and_stores_nothing(self) -> None:
        response = self.call("POST", URL, None, {"code": "new", "name": "x"}, idempotency_key="k")
        assert response.status_code == 401
        assert not IdempotentRequest.objects.exists()

    def test_a_key_longer_than_200_characters_is_422(self) -> None:
        response = self.call(
            "POST", URL, self.by_role[Role.DISPATCHER], {"code": "n", "name": "x"}, idempotency_key="k" * 201
        )
        assert response.status_code == 422
        assert not Site.objects.filter(code="n").exists()

    def test_a_replayed_token_is_withheld_and_no_second_token_is_made(self) -> None:
        user = self.by_role[Role.DISPATCHER]
        self.token_for(user)
        before = ApiToken.objects.filter(user=user).count()
        first = self.call("POST", "/api/v1/me/tokens", user, {"name": "呼叫中心"}, idempotency_key="t")
        again = self.call("POST", "/api/v1/me/tokens", user, {"name": "呼叫中心"}, idempotency_key="t")
        assert first.status_code == again.status_code == 201
        assert body(first)["token"].startswith("fuwu_")
        assert body(again) == {**body(first), "token": None}
        assert ApiToken.objects.filter(user=user).count() == before + 1
        assert body(first)["token"] not in IdempotentRequest.objects.get(key="t").body

    def test_a_duplicate_arriving_while_the_first_runs_does_not_execute(self) -> None:
        user = self.by_role[Role.DISPATCHER]
        response = self.call(
            "POST", URL, user, {"code": "new", "name": "x", "fail": "reenter"}, idempotency_key="k"
        )
        assert response.status_code == 201
        duplicate_status, duplicate_body = body(response)["name"].split(" ", 1)
        assert duplicate_status == "409"
        assert "仍在处理中" in duplicate_body  # Chinese: the request sent no Accept-Language
        assert Site.objects.filter(code="new").count() == 1
