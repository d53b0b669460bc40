"""A NUL character in any parameter or body is refused before a view (PostgreSQL cannot even compare it)."""

from __future__ import annotations

import json

from django.test import Client

from fuwu.core.roles import Role
from tests.api.base import ApiTestCase, body


class NulInputTests(ApiTestCase):
    def test_the_api_answers_422_naming_the_parameter(self) -> None:
        gm = self.by_role[Role.GENERAL_MANAGER]
        response = self.call("GET", "/api/v1/staff?site=a%00", gm)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(body(response)["detail"][0]["loc"], ["query", "site"])
        response = self.call("POST", "/api/v1/orders", gm, json.dumps({"site": "a", "location": "1\u0000"}))
        self.assertEqual((response.status_code, body(response)["detail"][0]["loc"]), (422, ["body"]))

    def test_a_page_answers_400(self) -> None:
        client = Client()
        client.force_login(self.by_role[Role.DISPATCHER])
        self.assertEqual(client.get("/orders/?q=%00").status_code, 400)
        self.assertEqual(client.get("/orders/?q=ok").status_code, 200)
