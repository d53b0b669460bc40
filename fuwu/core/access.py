"""Pages that only some roles may open: the view refuses everyone else with 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from fuwu.core.models import User
from fuwu.core.roles import Role

View = TypeVar("View", bound=Callable[..., Any])


def has_any_role(user: User | AnonymousUser, roles: frozenset[Role]) -> bool:
    """True for an active user holding one of the roles, and for superusers."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or user.has_role(*roles)


def role_required(roles: frozenset[Role]) -> Callable[[View], View]:
    """Refuse the view with 403 unless the user holds one of the roles; put it under login_required."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not has_any_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorator


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request a view under ``login_required`` serves (typed as Fuwu's user)."""
    user = request.user
    assert isinstance(user, User), "the view must be under login_required"
    return user
