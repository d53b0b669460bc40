"""The menu, by role. Later apps add their entries to NAV; the shell shows what the user may open.

An entry may name a group (one of GROUPS): the group's entries open from one item of the menu, at the place
of its first entry, so a supervisor's thirty pages fit one line instead of three.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
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
    # One of GROUPS' keys, or None for an entry of its own on the menu's line.
    group: str | None = None

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


# The menu's groups, in the company's words; an app picks the one its pages belong to.
GROUPS: dict[str, Promise] = {
    "orders": pgettext_lazy("menu", "Repairs"),
    "customers": pgettext_lazy("menu", "Customers"),
    "followup": pgettext_lazy("menu", "Follow-up"),
    "aftersales": pgettext_lazy("menu", "After-sales"),
    "staff": pgettext_lazy("menu", "Staff"),
}

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
    if item.group is not None and item.group not in GROUPS:
        raise ImproperlyConfigured(f"menu entry {item.url_name!r} names no group of {sorted(GROUPS)}")
    if any(existing.url_name == item.url_name for existing in NAV):
        return
    position = next((i for i, existing in enumerate(NAV) if existing.staff_only), len(NAV))
    NAV.insert(position, item)


def items_for(user: User) -> list[NavItem]:
    return [item for item in NAV if item.visible_to(user)]


def menu(user: User, path: str) -> SafeString:
    """The menu's links for the user, the current page's marked: built here, in one pass, because every
    page shows it (as a template loop it was a tenth of a list page's time)."""
    parts: list[str] = []
    grouped: dict[str, list[str]] = {}
    open_groups: set[str] = set()
    for item in items_for(user):
        url = item.url
        current = ' aria-current="page"' if url == path else ""
        link = f'<a href="{escape(url)}"{current}>{escape(item.label)}</a>'
        if item.group is None:
            parts.append(link)
            continue
        if item.group not in grouped:
            grouped[item.group] = []
            parts.append(item.group)  # the group's place: its first entry's
        grouped[item.group].append(link)
        if current:
            open_groups.add(item.group)
    html = []
    for part in parts:
        if part not in grouped:
            html.append(part)
            continue
        if len(grouped[part]) == 1:  # a group of one (a technician's orders) is just its entry
            html.append(grouped[part][0])
            continue
        marked = ' class="current"' if part in open_groups else ""
        html.append(
            f'<details class="navgroup" name="menu"><summary{marked}>{escape(GROUPS[part])}</summary>'
            f'<div class="navgroup-items">{"".join(grouped[part])}</div></details>'
        )
    return mark_safe("\n".join(html))  # every value is escaped above


@lru_cache(maxsize=256)
def _reverse(url_name: str, urlconf: str, prefix: str) -> str:
    return reverse(url_name, urlconf=urlconf)
