"""Login: Django's model backend, loading the signed-in user with their roles and sites in one query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from fuwu.core.models import User
from fuwu.core.signed_in import session_user


class AccessBackend(ModelBackend):
    """Every page asks what the user may see; the session's user arrives knowing it (decision 0017)."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = session_user(pk)
        return user if user is not None and self.user_can_authenticate(user) else None
