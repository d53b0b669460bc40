"""A user makes an API token on their own page: shown once, usable at once, revocable; never another's."""

from __future__ import annotations

import re

from django.test import Client

from fuwu.core.models import ApiToken
from fuwu.core.roles import Role
from tests.core.base import RoleUsersTestCase


class TokenPageTests(RoleUsersTestCase):
    def test_a_user_makes_sees_and_revokes_only_own_tokens(self) -> None:
        other = self.by_role[Role.GUARD]
        client = Client()
        client.force_login(self.by_role[Role.DISPATCHER])
        page = client.post("/me/tokens/", {"action": "issue", "name": "对接令牌甲"}).content.decode()
        raw = re.search(r"fuwu_[\w-]+", page)
        assert raw is not None
        api = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw.group(0)}")
        self.assertEqual(api.status_code, 200)
        listing = client.get("/me/tokens/").content.decode()
        self.assertNotIn(raw.group(0), listing)  # shown once, never again
        self.assertIn("对接令牌甲", listing)
        other_client = Client()
        other_client.force_login(other)
        self.assertNotIn("对接令牌甲", other_client.get("/me/tokens/").content.decode())
        client.post("/me/tokens/", {"action": "revoke"})
        self.assertTrue(ApiToken.objects.get(name="对接令牌甲").is_revoked)
        again = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw.group(0)}")
        self.assertEqual(again.status_code, 401)
        self.assertEqual(client.put("/me/tokens/").status_code, 405)
