"""The REST API v1 (/api/v1/): one FuwuAPI assembled from the routers below.

Integrator: add an app's router to ROUTERS, e.g. ("/", "fuwu.orders.api.router") and
("/", "fuwu.reports.api.router"); each is mounted with `api.add_router(prefix, router)`.
"""

from __future__ import annotations

from django.utils.module_loading import import_string
from ninja import Router

from fuwu.core.api.base import FuwuAPI

# (prefix, dotted path of a ninja Router). Order is the order of the docs' sections.
ROUTERS: list[tuple[str, str]] = [
    ("/", "fuwu.api.me.router"),
    ("/", "fuwu.api.sites.router"),
    ("/", "fuwu.customers.api.router"),
    ("/", "fuwu.orders.api.router"),
    ("/", "fuwu.staff.api.attendance.router"),
    ("/", "fuwu.staff.api.leave.router"),
    ("/", "fuwu.staff.api.months.router"),
    ("/", "fuwu.staff.api.incidents.router"),
    ("/", "fuwu.staff.api.appeals.router"),
    ("/", "fuwu.reports.api.router"),
    ("/", "fuwu.followup.api.router"),
    ("/", "fuwu.aftersales.api.complaints.router"),
    ("/", "fuwu.aftersales.api.returns.router"),
    ("/", "fuwu.aftersales.api.parts.router"),
    ("/", "fuwu.aftersales.api.reports.router"),
    ("/", "fuwu.managers.api.levels.router"),
    ("/", "fuwu.managers.api.appraisals.router"),
    ("/", "fuwu.managers.api.customers.router"),
    ("/", "fuwu.approvals.api.router"),
]

DESCRIPTION = """Fuwu's REST API. Authenticate with `Authorization: Bearer <token>` (`fuwu token USERNAME`, or
POST /api/v1/me/tokens from a signed-in browser); browser sessions work too, with the CSRF token on writes.

Errors: 401 no or bad token; 403 the role may not do this; 404 no such object or outside your sites;
409 `{"detail": "…"}` the object's state no longer allows the action; 422
`{"detail": [{"loc": ["body", "tags", 0], "msg": "…"}]}` every bad field. A write answers them in that
order: once the object, the role and the state allow it, one 422 names every bad field of the body, the
schema's checks and the service's together.
Lists: `{"results": […], "next": url | null}`, newest first, `page_size` ≤ 100 (default 20).
Any POST may send `Idempotency-Key: <uuid>`: the same key again returns the first response and changes
nothing. Times are ISO 8601 in the sites' zone (+08:00); a time you send carries its offset and lies in
the years 2000–2099. Money is a decimal string in 元 ("20.00"); rates have 4 places ("0.9650").
Ids are positive integers; an address the API does not have is 404, a method it does not answer 405."""


def build_api() -> FuwuAPI:
    """A new API with every router of ROUTERS mounted."""
    built = FuwuAPI(title="Fuwu API", version="1", description=DESCRIPTION, urls_namespace="api")
    for prefix, dotted in ROUTERS:
        router: Router = import_string(dotted)
        built.add_router(prefix, router)
    return built


api = build_api()
