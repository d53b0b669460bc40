"""A test-only API at /probe/ beside the real URLconf: operations that write and fail on purpose."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.test import Client
from django.urls import URLPattern, URLResolver, include, path
from ninja import Query, Schema
from ninja.responses import Status
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.base import FuwuAPI
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import Site
from fuwu.core.services import sites

probe = FuwuAPI(title="Probe", version="probe", urls_namespace="probe")


class SiteIn(Schema):
    code: str
    name: str
    tags: list[str] = Field(default_factory=list)
    fail: str = ""


class SiteOut(Schema):
    id: int
    code: str
    name: str
    created_at: str


def _out(site: Site) -> SiteOut:
    return SiteOut(id=site.pk, code=site.code, name=site.name, created_at=site.created_at.isoformat())


@probe.post("/sites", response={201: SiteOut})
def create(request: HttpRequest, payload: SiteIn) -> Status[SiteOut]:
    """Creates a site, then fails as asked: the failure must roll the site back with the key."""
    site = sites.create_site(
        kind=Site.Kind.STORE, name=payload.name, code=payload.code, minimum_monthly_wage=Decimal("0"), by=None
    )
    if payload.fail == "conflict":
        raise Conflict("该站点已经关闭。")
    if payload.fail == "invalid":
        raise Invalid([(("body", "tags", 0), "Unknown tag."), (("body", "name"), "Too plain.")])
    if payload.fail == "django":
        raise ValidationError({"name": ["Bad name."]})
    if payload.fail == "forbidden":
        raise PermissionDenied
    if payload.fail == "missing":
        raise Http404
    if payload.fail == "reenter":
        # A duplicate arriving while this one is still running, with the same key.
        duplicate = Client().post(
            "/probe/sites",
            request.body,
            content_type="application/json",
            HTTP_AUTHORIZATION=request.headers["Authorization"],
            HTTP_IDEMPOTENCY_KEY=request.headers["Idempotency-Key"],
        )
        site.name = f"{duplicate.status_code} {duplicate.content.decode()}"
    if payload.fail == "does-not-exist":
        Site.objects.get(code="no-such-site")
    current_user(request)
    return Status(201, _out(site))


@probe.get("/sites/by-created", response=page_of(SiteOut))
def by_created(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    return paginate(request, Site.objects.all(), _out, order=("-created_at", "-id"), page=page)


@probe.get("/sites/oldest-first")
def oldest_first(request: HttpRequest) -> dict[str, object]:
    return paginate(request, Site.objects.all(), lambda s: s.code, order=("created_at", "id"))


urlpatterns: list[URLPattern | URLResolver] = [path("probe/", probe.urls), path("", include("fuwu.urls"))]
