"""Template helpers shared by every Fuwu page."""

from __future__ import annotations

from typing import Any

from django import template

from fuwu.core.roles import BY_GROUP_NAME
from fuwu.core.scoping import mask_phone, sees_full_phone_numbers

register = template.Library()


@register.simple_tag(takes_context=True)
def phone(context: dict[str, Any], number: str) -> str:
    """Show a phone number whole to roles that need it, masked (138****1234) to everyone else."""
    if not number:
        return ""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and sees_full_phone_numbers(user):
        return number
    return mask_phone(number)


@register.filter
def role_label(group_name: str) -> str:
    """A role group's name in the user's language (the group itself keeps its Chinese title)."""
    role = BY_GROUP_NAME.get(group_name)
    return str(role.label) if role else group_name
