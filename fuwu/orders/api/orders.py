"""POST/GET /orders and the transitions POST /orders/{id}/<action>, calling the same services as the pages."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.core.api.auth import current_user
from fuwu.core.api.pagination import PageParams, after_key, cursor_key, page_from, page_of
from fuwu.core.api.rendering import json_response
from fuwu.core.api.schemas import Moment, ObjectId
from fuwu.core.api.scoping import site_named, site_or_problems, visible_site
from fuwu.core.errors import UNKNOWN, FieldProblem, Maybe
from fuwu.core.models import User
from fuwu.core.prepared import Values, prepared
from fuwu.core.roles import Role
from fuwu.core.scoping import sees_full_phone_numbers
from fuwu.customers.models import Household
from fuwu.orders.api.rows import order_json, order_rows
from fuwu.orders.api.schemas import (
    ApproveIn,
    ArriveIn,
    CancelIn,
    CompleteIn,
    DispatchIn,
    Empty,
    OrderIn,
    OrderOut,
    QuoteIn,
    ReworkIn,
)
from fuwu.orders.models import Order
from fuwu.orders.selectors import DISPATCHERS, OrderScope, order_scope, orders_in, orders_visible_to
from fuwu.orders.services import orders as services
from fuwu.regulations.models import Obligation
from fuwu.regulations.selectors import obligations_of

router = Router(tags=["repair orders"])
INTAKE_ROLES = DISPATCHERS | {Role.GENERAL_MANAGER}


class OrderFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")
    status: Order.Status | None = None
    technician: ObjectId | None = Field(None, description="The assigned technician's user id.")
    tag: str | None = None
    breached: bool | None = Field(None, description="true: only orders with a breached deadline.")
    received_after: Moment | None = None
    received_before: Moment | None = None
    q: str | None = Field(None, max_length=50, description="A fragment of the number, location or phone.")


def _one(request: HttpRequest, pk: int) -> tuple[User, Order]:
    user = current_user(request)
    # Outside the user's scope: DoesNotExist, answered 404.
    return user, orders_visible_to(user).select_related("site", "technician", "household").get(pk=pk)


def _answer(user: User, orders: QuerySet[Order], pk: int) -> OrderOut:
    row = order_rows(orders).get(pk=pk)
    stored = obligations_of("order", [pk]).get(str(pk), [])
    return OrderOut.model_validate(order_json(row, stored, full_phone=sees_full_phone_numbers(user)))


def _fresh(request: HttpRequest, order: Order) -> OrderOut:
    """The order as it is now, after a write (the caller may act on it, so it is within their scope)."""
    return _answer(current_user(request), Order.objects.all(), order.pk)


@router.get("/orders", response=page_of(OrderOut), summary="Repair orders, newest first")
def list_orders(request: HttpRequest, page: Query[PageParams], filters: Query[OrderFilters]) -> HttpResponse:
    """Orders of the caller's sites (a technician: only the orders assigned to them), newest first."""
    user = current_user(request)
    scope = order_scope(user)
    values = _list_values(scope, filters)
    if page.cursor is not None:
        values["after_at"], values["after_id"] = cursor_key(page.cursor, Order, ORDER)
    # Integrators poll the list and walk it page by page: a prepared read (core.prepared), the filters
    # present and the page size its shape, the cursor's key two more values.
    build = _page(scope.kind, page.page_size)
    fetched = prepared("api_orders", build, values, shape=(scope.kind, page.page_size, *values))
    result = page_from(request, fetched, lambda row: row, order=ORDER, page=page)
    full_phone = sees_full_phone_numbers(user)
    shown: list[dict[str, Any]] = result["results"]
    if not shown and filters.site is not None:
        visible_site(user, filters.site)  # nothing shown: say so when the site is not one the user sees
    stored = obligations_of("order", [row["id"] for row in shown])
    result["results"] = [order_json(r, stored.get(str(r["id"]), []), full_phone=full_phone) for r in shown]
    return json_response(result)


ORDER = ("-received_at", "-id")


def _list_values(scope: OrderScope, filters: OrderFilters) -> dict[str, Any]:
    """The values of the list's query: the caller's scope and the filters given."""
    values: dict[str, Any] = {}
    if scope.kind in ("sites", "own"):
        values["sites"] = list(scope.site_ids)
    if scope.kind == "own":
        values["me"] = scope.technician_id
    for name in ("site", "status", "technician", "received_after", "received_before", "breached"):
        if getattr(filters, name) is not None:
            values[name] = getattr(filters, name)
    if filters.tag is not None:
        values["tag"] = f",{filters.tag},"
    if filters.q:
        values["q"] = filters.q.strip()
    return values


def _filtered(kind: str, v: Values) -> QuerySet[Order]:
    """The orders of a scope of this kind with the list's filters, from the values of ``_list_values``."""
    rows = orders_in(kind, v.get("sites", ()), v.get("me"))
    if "site" in v:
        rows = rows.filter(site_named(v["site"], via="site"))
    if "status" in v:
        rows = rows.filter(status=v["status"])
    if "technician" in v:
        rows = rows.filter(technician_id=v["technician"])
    if "tag" in v:
        rows = rows.filter(tag_text__contains=v["tag"])
    if "received_after" in v:
        rows = rows.filter(received_at__gte=v["received_after"])
    if "received_before" in v:
        rows = rows.filter(received_at__lt=v["received_before"])
    if "q" in v:
        text = v["q"]
        rows = rows.filter(
            Q(number__icontains=text) | Q(location__icontains=text) | Q(contact_phone__contains=text)
        )
    if "breached" in v:
        breached = Obligation.objects.filter(
            subject_type="order",
            subject_id=Cast(OuterRef("pk"), output_field=CharField()),
            state=Obligation.State.BREACHED,
        )
        rows = rows.filter(Exists(breached)) if v["breached"] else rows.exclude(Exists(breached))
    return rows


def _page(kind: str, size: int) -> Callable[[Values], QuerySet[Order, dict[str, Any]]]:
    """One page of the list, and one row more that says whether a next page exists."""

    def build(v: Values) -> QuerySet[Order, dict[str, Any]]:
        rows = order_rows(_filtered(kind, v)).order_by(*ORDER)
        if "after_at" in v:
            rows = rows.filter(after_key(ORDER, [v["after_at"], v["after_id"]]))
        return rows[: size + 1]

    return build


@router.get("/orders/{int:order_id}", response=OrderOut, summary="One repair order")
def get_order(request: HttpRequest, order_id: int) -> OrderOut:
    user = current_user(request)
    return _answer(user, orders_visible_to(user), order_id)


@router.post("/orders", response={201: OrderOut}, summary="Record a repair request")
def create_order(request: HttpRequest, body: OrderIn) -> Status[OrderOut]:
    """Deadlines start at once from the regulations in force at the site (p09.2a, p10.3.7 …)."""
    user = current_user(request)
    if not (user.is_superuser or user.has_role(*INTAKE_ROLES)):
        raise PermissionDenied(gettext("This role may not receive repair requests."))
    # Every bad field in one answer: the body's shape, the site, the household and intake's checks.
    given = body.given
    site, found = site_or_problems(user, given.site, loc=("body", "site"))
    household: Maybe[Household | None] = None
    if given.household is UNKNOWN or (given.household is not None and site is None):
        household = UNKNOWN  # not known: nor is whether the location is required
    elif given.household is not None:
        household = Household.objects.filter(pk=given.household, site=site).first() or UNKNOWN
        if household is UNKNOWN:
            found.append((("body", "household"), gettext("This site has no such household.")))
    body.check(
        lambda given: services.intake_problems(
            site=site,
            description=given.description,
            channel=given.channel,
            tags=given.tags,
            household=household,
            location=given.location,
            contact_phone=given.contact_phone,
            received_at=given.received_at,
        ),
        found=found,
    )
    assert site is not None and household is not UNKNOWN
    order = services.create_order(
        site=site,
        by=user,
        description=body.description,
        channel=body.channel,
        tags=body.tags,
        household=household,
        location=body.location,
        contact_name=body.contact_name,
        contact_phone=body.contact_phone,
        appointment=body.appointment,
        received_at=body.received_at,
        outside_service_list=body.outside_service_list,
    )
    return Status(201, _fresh(request, order))


@router.post(
    "/orders/{int:order_id}/dispatch", response=OrderOut, summary="Dispatch (or re-dispatch) a technician"
)
def dispatch(request: HttpRequest, order_id: int, body: DispatchIn) -> OrderOut:
    user, order = _one(request, order_id)
    wanted = body.given.technician
    technician = None if wanted is UNKNOWN else User.objects.filter(pk=wanted, is_active=True).first()
    found: list[FieldProblem] = []
    if technician is None and wanted is not UNKNOWN:
        found.append((("body", "technician"), gettext("No such technician.")))
    body.check(
        lambda _: services.dispatch_problems(order, by=user, technician=technician or UNKNOWN), found=found
    )
    assert technician is not None
    return _fresh(request, services.dispatch(order, technician=technician, by=user))


@router.post("/orders/{int:order_id}/accept", response=OrderOut, summary="The assigned technician accepts")
def accept(request: HttpRequest, order_id: int, body: Empty) -> OrderOut:
    user, order = _one(request, order_id)
    return _fresh(request, services.accept(order, by=user))


@router.post("/orders/{int:order_id}/arrive", response=OrderOut, summary="Check in on site (p09.1, p10.3.1)")
def arrive(request: HttpRequest, order_id: int, body: ArriveIn) -> OrderOut:
    user, order = _one(request, order_id)
    body.check(lambda given: services.arrive_problems(order, by=user, at=given.at, checklist=given.checklist))
    return _fresh(request, services.arrive(order, by=user, at=body.at, checklist=body.checklist))


@router.post(
    "/orders/{int:order_id}/quote", response=OrderOut, summary="The price accepted on the record (p10.3.3)"
)
def quote(request: HttpRequest, order_id: int, body: QuoteIn) -> OrderOut:
    user, order = _one(request, order_id)
    body.check(
        lambda given: services.quote_problems(
            order, by=user, amount=UNKNOWN if given.amount is UNKNOWN else Decimal(given.amount)
        )
    )
    updated = services.quote(
        order, by=user, amount=Decimal(body.amount), items=body.items, accepted=body.accepted
    )
    return _fresh(request, updated)


@router.post(
    "/orders/{int:order_id}/approve", response=OrderOut, summary="Department head's approval (p10.3.5)"
)
def approve(request: HttpRequest, order_id: int, body: ApproveIn) -> OrderOut:
    user, order = _one(request, order_id)
    body.check(lambda _: services.approval_problems(order, by=user))
    return _fresh(request, services.decide_approval(order, by=user, approved=body.approved, note=body.note))


@router.post("/orders/{int:order_id}/complete", response=OrderOut, summary="Finish the work (p09.2d)")
def complete(request: HttpRequest, order_id: int, body: CompleteIn) -> OrderOut:
    user, order = _one(request, order_id)
    body.check(
        lambda given: services.complete_problems(order, by=user, at=given.at, explanation=given.explanation)
    )
    done = services.complete(order, by=user, at=body.at, notes=body.notes, explanation=body.explanation)
    return _fresh(request, done)


@router.post("/orders/{int:order_id}/close", response=OrderOut, summary="Close a completed order")
def close(request: HttpRequest, order_id: int, body: Empty) -> OrderOut:
    user, order = _one(request, order_id)
    return _fresh(request, services.close(order, by=user))


@router.post("/orders/{int:order_id}/cancel", response=OrderOut, summary="Cancel before completion")
def cancel(request: HttpRequest, order_id: int, body: CancelIn) -> OrderOut:
    user, order = _one(request, order_id)
    body.check(lambda given: services.cancel_problems(order, by=user, reason=given.reason))
    return _fresh(request, services.cancel(order, by=user, reason=body.reason))


@router.post(
    "/orders/{int:order_id}/rework", response={201: OrderOut}, summary="A new order for the same fault"
)
def rework(request: HttpRequest, order_id: int, body: ReworkIn) -> Status[OrderOut]:
    """p10.3.2c: the new order carries `rework_of`, and counts against the rework rate."""
    user, order = _one(request, order_id)
    body.check(lambda given: services.rework_problems(order, by=user, description=given.description))
    return Status(201, _fresh(request, services.rework(order, by=user, description=body.description)))
