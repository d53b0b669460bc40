"""How the pages name a step's role: Fuwu's role codes as the packs' approvers map to them."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fuwu.core.roles import Role

ROLE_LABELS: dict[str, Promise] = {
    "general_manager": _("General manager"),
    "general_manager_meeting": _("General manager's office meeting"),
    "customer": _("The customer"),
}


def role_label(code: str) -> Promise | str:
    """The role's name on a page (the code itself for a role Fuwu does not know)."""
    if code in ROLE_LABELS:
        return ROLE_LABELS[code]
    try:
        return Role(code).label
    except ValueError:
        return code
