from __future__ import annotations

from django.test import Client, TestCase


class HealthzTests(TestCase):
    def test_it_is_public_and_checks_the_database(self) -> None:
        response = Client().get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}
        assert "no-cache" in response.headers["Cache-Control"]
