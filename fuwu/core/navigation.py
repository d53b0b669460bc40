"""The menu, by role. Later apps add their entries to NAV; the shell shows what the user may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fuwu.core.access import has_any_role
from fuwu.core.models import User
from fuwu.core.roles import Role


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Promise
    # None: every signed-in user; otherwise the roles that see the entry.
    roles: frozenset[Role] | None = None
    staff_only: bool = False

    def visible_to(self, user: User) -> bool:
        if self.staff_only:
            return user.is_staff
        if self.roles is None:
            return True
        return has_any_role(user, self.roles)


NAV: list[NavItem] = [
    NavItem("home", _("Home")),
    NavItem("notifications", _("Notifications")),
    NavItem("sites", _("Sites")),
    NavItem("my_tokens", _("API tokens")),
    NavItem("admin:index", _("Administration"), staff_only=True),
]


def register(item: NavItem) -> None:
    """Add an app's entry (once) before the administrators' entries, which stay last."""
    if any(existing.url_name == item.url_name for existing in NAV):
        return
    position = next((i for i, existing in enumerate(NAV) if existing.staff_only), len(NAV))
    NAV.insert(position, item)


def items_for(user: User) -> list[NavItem]:
    return [item for item in NAV if item.visible_to(user)]
