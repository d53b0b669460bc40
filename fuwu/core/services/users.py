"""Creating people and giving them roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.services import audit


def _groups(roles: Iterable[Role]) -> list[Group]:
    # The groups come from a data migration; get_or_create keeps a role usable even if its
    # group was deleted by hand (or flushed by a transactional test).
    return [Group.objects.get_or_create(name=role.group_name)[0] for role in roles]


def _user_snapshot(user: User) -> audit.JSONDict:
    return audit.snapshot(user, extra={"roles": sorted(r.value for r in user.roles())})


def create_user(
    *,
    username: str,
    password: str | None,
    display_name: str,
    phone: str = "",
    email: str = "",
    roles: Iterable[Role] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
    password_hash: str | None = None,
    employee_no: str = "",
    by: User | None,
) -> User:
    """Create a user with roles; a None password makes an account that cannot log in yet.

    ``password_hash`` (from ``make_password``) stands for ``password`` when many accounts share one, as
    the demo's do: hashing is deliberately slow, and once is enough.
    """
    with transaction.atomic():
        user = User(
            username=username,
            display_name=display_name,
            phone=phone,
            email=email,
            is_staff=is_staff,
            is_superuser=is_superuser,
            employee_no=employee_no,
        )
        if password_hash is not None:
            user.password = password_hash
        elif password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.full_clean()
        user.save()
        user.groups.set(_groups(roles))
        audit.record(actor=by, action="user.create", obj=user, before=None, after=_user_snapshot(user))
        return user


def set_roles(user: User, roles: Iterable[Role], *, by: User | None) -> User:
    """Replace the user's roles with exactly these."""
    with transaction.atomic():
        before = _user_snapshot(user)
        user.groups.set(_groups(roles))
        user.forget_access()
        audit.record(actor=by, action="user.set_roles", obj=user, before=before, after=_user_snapshot(user))
        return user


def deactivate_user(user: User, *, by: User | None) -> User:
    """Stop a user from logging in; people are never deleted, their history stays attributed."""
    with transaction.atomic():
        before = _user_snapshot(user)
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit.record(actor=by, action="user.deactivate", obj=user, before=before, after=_user_snapshot(user))
        return user
