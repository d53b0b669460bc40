"""GET /sites and GET /staff: the user's sites and the people who work there."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.scoping import visible_site
from fuwu.core.models import Membership, Site, User
from fuwu.core.roles import ALL_SITES_ROLES, BY_GROUP_NAME, Role
from fuwu.core.scoping import sites_visible_to

router = Router(tags=["sites and people"])


class SiteOut(Schema):
    id: int
    code: str = Field(description="Short stable name, usable wherever a site is asked for.")
    name: str
    kind: Site.Kind


class StaffOut(Schema):
    id: int
    username: str
    name: str
    employee_no: str = Field(
        description="工号 / 考勤号码: how the clock machine and DingTalk / WeCom know the person."
    )
    roles: list[Role]
    sites: list[str] = Field(description="Codes of the person's sites among the sites the caller can see.")


class StaffFilters(Schema):
    site: str | None = Field(None, description="Only people of this site (code or id).")
    role: Role | None = Field(None, description="Only people holding this role.")


def _site(site: Site) -> SiteOut:
    return SiteOut(id=site.pk, code=site.code, name=site.name, kind=Site.Kind(site.kind))


@router.get("/sites", response=page_of(SiteOut), summary="The caller's sites")
def list_sites(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    """The sites whose data the caller may see (all of them for the general manager), newest first."""
    return paginate(request, sites_visible_to(current_user(request)), _site, order=("-id",), page=page)


def _staff_rows(user: User, filters: StaffFilters) -> QuerySet[User]:
    visible = sites_visible_to(user)
    rows = User.objects.filter(is_active=True)
    if filters.site is not None:
        site = visible_site(user, filters.site)
        rows = rows.filter(Exists(Membership.objects.filter(user=OuterRef("pk"), site=site)))
    elif not (user.is_superuser or user.has_role(*ALL_SITES_ROLES)):
        rows = rows.filter(Exists(Membership.objects.filter(user=OuterRef("pk"), site__in=visible)))
    if filters.role is not None:
        rows = rows.filter(groups__name=filters.role.group_name)
    return rows.prefetch_related(
        Prefetch("groups", queryset=Group.objects.only("id", "name")),
        # A subquery: `visible` itself joins memberships, which would clash with the prefetch's own join.
        Prefetch(
            "sites",
            queryset=Site.objects.filter(pk__in=visible.values("pk")).only("id", "code").order_by("code"),
        ),
    )


def _staff(person: User) -> StaffOut:
    # From the prefetched rows: User.roles() would query once per person.
    groups = person.groups.all()
    return StaffOut(
        id=person.pk,
        username=person.username,
        name=person.display_name or person.username,
        employee_no=person.employee_no,
        roles=sorted(BY_GROUP_NAME[group.name] for group in groups if group.name in BY_GROUP_NAME),
        sites=[site.code for site in person.sites.all()],
    )


@router.get("/staff", response=page_of(StaffOut), summary="People of the caller's sites")
def list_staff(
    request: HttpRequest, page: Query[PageParams], filters: Query[StaffFilters]
) -> dict[str, object]:
    """Active people who work at the caller's sites (everyone for the general manager), newest first.

    `site` outside the caller's sites is answered 422 like a site that does not exist.
    """
    rows = _staff_rows(current_user(request), filters)
    return paginate(request, rows, _staff, order=("-id",), page=page)
