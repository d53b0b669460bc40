"""JSON out: UTF-8 with Chinese unescaped, times in the site zone, decimals as strings."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
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


class FuwuJSONRenderer(BaseRenderer):
    media_type = "application/json"
    charset = "utf-8"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> str:
        return dumps(data)


def dumps(data: Any) -> str:
    """The API's JSON text for `data` (also used to store idempotent responses)."""
    return json.dumps(data, cls=FuwuJSONEncoder, ensure_ascii=False)
