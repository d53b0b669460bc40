"""Issuing and revoking API tokens: the secret is returned once and only its SHA-256 is kept."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fuwu.core.models import ApiToken, User
from fuwu.core.services import audit

# Recognisable in logs and secret scanners; the rest is 256 bits of randomness.
TOKEN_PREFIX = "fuwu_"
_SHOWN_PREFIX_LENGTH = 12


def hash_token(raw: str) -> str:
    """The stored form of a token: SHA-256 hex. A fast hash suffices for 256-bit random secrets."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A new token: `raw` is the only copy of the secret and is not stored anywhere."""

    token: ApiToken
    raw: str


def issue_token(user: User, *, name: str = "", by: User | None) -> IssuedToken:
    """Create a token that acts as `user` (with the user's roles and sites) until revoked."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, key_hash=hash_token(raw), prefix=raw[:_SHOWN_PREFIX_LENGTH]
        )
        # The hash is left out of the trail: it is not secret, but it is nobody's business either.
        audit.record(
            actor=by,
            action="api_token.issue",
            obj=token,
            before=None,
            after={"user": user.pk, "name": name, "prefix": token.prefix},
        )
    return IssuedToken(token=token, raw=raw)


def revoke_tokens(user: User, *, by: User | None) -> int:
    """Revoke every live token of the user; returns how many. A revoked token answers 401 at once."""
    with transaction.atomic():
        live = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
        now = timezone.now()
        for token in live:
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])
            audit.record(
                actor=by,
                action="api_token.revoke",
                obj=token,
                before={"revoked_at": None},
                after={"revoked_at": now.isoformat()},
            )
        return len(live)
