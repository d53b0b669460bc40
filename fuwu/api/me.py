"""GET /me and POST /me/tokens: who the caller is, and a new token for the caller (shown once)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.idempotency import secret_in_response
from fuwu.core.api.tokens import issue_token
from fuwu.core.scoping import sites_visible_to

router = Router(tags=["me"])


class MeOut(Schema):
    id: int
    username: str
    name: str
    employee_no: str
    roles: list[str]
    sites: list[str] = Field(description="Codes of the sites the caller may see.")


class TokenIn(Body):
    name: str = Field("", max_length=100, description="What the token is for, e.g. 呼叫中心.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The token's first characters, to tell tokens apart later.")
    created_at: datetime
    token: str | None = Field(
        description="The secret. Shown only in this response (null when replayed for an Idempotency-Key)."
    )


@router.get("/me", response=MeOut, summary="The caller")
def me(request: HttpRequest) -> MeOut:
    """The authenticated user with their roles and the codes of the sites they may see."""
    user = current_user(request)
    return MeOut(
        id=user.pk,
        username=user.username,
        name=user.display_name or user.username,
        employee_no=user.employee_no,
        roles=sorted(role.value for role in user.roles()),
        sites=list(sites_visible_to(user).order_by("code").values_list("code", flat=True)),
    )


@router.post("/me/tokens", response={201: TokenOut}, summary="A new API token for the caller")
@secret_in_response("token")
def create_token(request: HttpRequest, payload: TokenIn) -> Status[TokenOut]:
    """A token that acts as the caller, with the caller's roles and sites, until revoked.

    The secret is in this response only; Fuwu keeps its SHA-256. Send it as `Authorization: Bearer …`.
    Sent again with the same Idempotency-Key, the answer is the first one with `token` null: no second
    token is made and the secret is never stored.
    """
    user = current_user(request)
    issued = issue_token(user, name=payload.name, by=user)
    token = issued.token
    return Status(
        201,
        TokenOut(
            id=token.pk, name=token.name, prefix=token.prefix, created_at=token.created_at, token=issued.raw
        ),
    )
