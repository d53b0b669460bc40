"""JSON out: UTF-8 with Chinese unescaped, times in the site zone, decimals as strings."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

from fuwu.core.api.formats import local_iso


class FuwuJSONEncoder(NinjaJSONEncoder):
    """A datetime leaves in the site zone (+08:00); a Decimal leaves as its exact string."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            return local_iso(o)
        if isinstance(o, Decimal):
            return str(o)
        return super().default(o)


MEDIA_TYPE = "application/json"


class FuwuJSONRenderer(BaseRenderer):
    media_type = MEDIA_TYPE
    charset = "utf-8"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> str:
        return dumps(data)


def dumps(data: Any) -> str:
    """The API's JSON text for `data` (also used to store idempotent responses)."""
    return json.dumps(data, cls=FuwuJSONEncoder, ensure_ascii=False)


def json_response(data: Any, *, status: int = 200) -> HttpResponse:
    """`data` rendered as every operation's answer is, for a list that builds its JSON itself: django-ninja
    passes an HttpResponse through without validating it again (the list's rows are the validated
    detail's data, held equal by a test)."""
    return HttpResponse(dumps(data), status=status, content_type=f"{MEDIA_TYPE}; charset=utf-8")
