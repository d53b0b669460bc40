from __future__ import annotations

from django.http import HttpRequest

from fuwu.core.models import User
from fuwu.core.navigation import NavItem, items_for


def navigation(request: HttpRequest) -> dict[str, list[NavItem]]:
    """The menu entries the signed-in user may open."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"nav_items": []}
    return {"nav_items": items_for(user)}
