"""Login: Django's model backend, loading the signed-in user with their roles and sites in one query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from fuwu.core.models import User, knowing_access


class AccessBackend(ModelBackend):
    """Every page asks what the user may see; the session's user arrives knowing it."""

    def get_user(self, user_id: Any) -> User | None:
        user = knowing_access(User.objects.with_access().filter(pk=user_id))
        return user if user is not None and self.user_can_authenticate(user) else None
