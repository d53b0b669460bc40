"""/api/v1/: the API's operations, /api/v1/openapi.json and the interactive docs at /api/v1/docs."""

from __future__ import annotations

from fuwu.api import api

app_name = "api"
urlpatterns = api.urls[0]
