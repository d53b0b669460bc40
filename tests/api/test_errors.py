"""Every error in the contract's shape: 401/403/404/409 {"detail": str}, 422 {"detail": [{loc, msg}]}."""

from __future__ import annotations

from typing import Any

from django.test import override_settings

from fuwu.core.models import Site
from fuwu.core.roles import Role
from tests.api.base import ApiTestCase, body

URL = "/probe/sites"


@override_settings(ROOT_URLCONF="tests.api.urls_probe")
class ErrorShapeTests(ApiTestCase):
    def post(self, payload: Any) -> tuple[int, Any]:
        response = self.call("POST", URL, self.by_role[Role.DISPATCHER], payload)
        assert response["Content-Type"].startswith("application/json"), response.content
        return response.status_code, body(response)

    def test_malformed_json_is_422_at_the_body(self) -> None:
        for text in ("{bad", "", b"\xff\xfe"):
            status, data = self.post(text)
            assert status == 422, (text, data)
            assert all(set(problem) == {"loc", "msg"} for problem in data["detail"])
            assert data["detail"][0]["loc"] == ["body"]

    def test_wrong_fields_are_named_by_their_place_in_the_body(self) -> None:
        status, data = self.post({"code": "x", "tags": [1, "ok"]})
        assert status == 422
        assert data == {
            "detail": [
                {"loc": ["body", "name"], "msg": "必须填写"},
                {"loc": ["body", "tags", 0], "msg": "应为文本(JSON 字符串)"},
            ]
        }

    def test_a_body_that_is_not_an_object_is_422(self) -> None:
        for text in ("[]", '"x"', "null", "5"):
            status, data = self.post(text)
            assert status == 422, text
            assert data["detail"][0]["loc"][0] == "body"

    def test_service_invalid_is_422_naming_every_field_and_writes_nothing(self) -> None:
        status, data = self.post({"code": "x", "name": "x", "fail": "invalid"})
        assert status == 422
        assert data == {
            "detail": [
                {"loc": ["body", "tags", 0], "msg": "Unknown tag."},
                {"loc": ["body", "name"], "msg": "Too plain."},
            ]
        }

    def test_django_validation_errors_are_422(self) -> None:
        status, data = self.post({"code": "x", "name": "x", "fail": "django"})
        assert (status, data) == (422, {"detail": [{"loc": ["body", "name"], "msg": "Bad name."}]})
        status, data = self.post({"code": "no spaces allowed", "name": "x"})
        assert status == 422
        assert data["detail"][0]["loc"] == ["body", "code"]

    def test_conflict_is_409_with_the_sentence(self) -> None:
        assert self.post({"code": "x", "name": "x", "fail": "conflict"}) == (
            409,
            {"detail": "该站点已经关闭。"},
        )

    def test_permission_denied_is_403_and_missing_objects_are_404(self) -> None:
        status, data = self.post({"code": "x", "name": "x", "fail": "forbidden"})
        assert status == 403
        assert isinstance(data["detail"], str)
        for fail in ("missing", "does-not-exist"):
            status, data = self.post({"code": "x", "name": "x", "fail": fail})
            assert status == 404
            assert isinstance(data["detail"], str)
        # Each failure above rolled back the site it had created.
        assert not Site.objects.filter(code="x").exists()

    def test_success_outputs_times_in_the_site_zone(self) -> None:
        response = self.call("POST", "/api/v1/me/tokens", self.by_role[Role.DISPATCHER], {"name": "呼叫中心"})
        assert response.status_code == 201
        assert body(response)["created_at"].endswith("+08:00")
        assert "呼叫中心".encode() in response.content
