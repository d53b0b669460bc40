"""What a user may see: the sites they belong to, or all of them for the general manager."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from fuwu.core.models import Site, User
from fuwu.core.roles import ALL_SITES_ROLES, FULL_PHONE_ROLES


def sites_visible_to(user: User | AnonymousUser) -> QuerySet[Site]:
    """Return the sites whose data the user may see."""
    if not isinstance(user, User) or not user.is_active:
        return Site.objects.none()
    if user.is_superuser or user.has_role(*ALL_SITES_ROLES):
        return Site.objects.all()
    ids = user.loaded_site_ids()
    if ids is not None:
        return Site.objects.filter(pk__in=ids)
    return Site.objects.filter(membership__user=user)


def site_choices(user: User) -> list[tuple[int, str, str]]:
    """(id, code, name) of the sites the user may see, by code, for a filter or a menu; no query when the
    user was loaded with their sites."""
    sees_all = user.is_superuser or user.has_role(*ALL_SITES_ROLES)
    known = None if sees_all else user.loaded_sites()
    if known is not None:
        return known
    return list(sites_visible_to(user).order_by("code").values_list("id", "code", "name"))


def sees_full_phone_numbers(user: User | AnonymousUser) -> bool:
    """Roles that call people back need the whole number; everyone else sees it masked."""
    if not isinstance(user, User):
        return False
    return user.is_superuser or user.has_role(*FULL_PHONE_ROLES)


def mask_phone(number: str) -> str:
    """Hide the middle of a phone number: 13812341234 → 138****1234."""
    digits = number.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"
