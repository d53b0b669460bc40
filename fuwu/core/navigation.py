"""The menu, by role. Later apps add their entries to NAV; the shell shows what the user may open."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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

    @property
    def url(self) -> str:
        """The entry's address, reversed once per URLconf and script prefix (every page shows the menu)."""
        return _reverse(self.url_name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())

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
    # Django's admin names its own app "Administration" (管理); the menu's entry is 管理后台.
    NavItem("admin:index", pgettext_lazy("menu", "Administration"), staff_only=True),
]


def register(item: NavItem) -> None:
    """Add an app's entry (once) before the administrators' entries, which stay last."""
    if any(existing.url_name == item.url_name for existing in NAV):
        return
    position = next((i for i, existing in enumerate(NAV) if existing.staff_only), len(NAV))
    NAV.insert(position, item)


def items_for(user: User) -> list[NavItem]:
    return [item for item in NAV if item.visible_to(user)]


def menu(user: User, path: str) -> SafeString:
    """The menu's links for the user, the current page's marked: built here, in one pass, because every
    page shows it (as a template loop it was a tenth of a list page's time)."""
    links = []
    for item in items_for(user):
        url = item.url
        current = ' aria-current="page"' if url == path else ""
        links.append(f'<a href="{escape(url)}"{current}>{escape(item.label)}</a>')
    return mark_safe("\n".join(links))  # every value is escaped above


@lru_cache(maxsize=256)
def _reverse(url_name: str, urlconf: str, prefix: str) -> str:
    return reverse(url_name, urlconf=urlconf)
