"""The parts store: GET /parts (with stock and value), POST /parts/{id}/stock-in, POST /parts/{id}/issue
(to a repair order; its cost charged to the after-sales account) — p12.16a."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fuwu.aftersales.api.common import TAG, one_of
from fuwu.aftersales.models import Part, PartMovement
from fuwu.aftersales.selectors.access import PARTS_ROLES, at_sites_of
from fuwu.aftersales.services import parts as services
from fuwu.aftersales.services.common import CENT
from fuwu.core.access import has_any_role
from fuwu.core.api.auth import current_user
from fuwu.core.api.bodies import Body
from fuwu.core.api.pagination import PageParams, page_of, paginate
from fuwu.core.api.schemas import Moment, ObjectId
from fuwu.core.api.scoping import site_named
from fuwu.core.errors import FieldProblem
from fuwu.core.models import User
from fuwu.orders.models import Order

router = Router(tags=[TAG])


class StockInIn(Body):
    quantity: int = Field(ge=1, le=1_000_000)
    unit_cost: Decimal = Field(max_digits=12, decimal_places=2, description="元 each.")
    at: Moment | None = Field(None, description="Default now; never in the future.")
    supplier: str = Field("", max_length=100)
    note: str = Field("", max_length=300)


class IssueIn(Body):
    quantity: int = Field(ge=1, le=1_000_000, description="At most what is in stock.")
    order: ObjectId = Field(description="The repair order's id (an order of the part's site).")
    at: Moment | None = None
    note: str = Field("", max_length=300)


class PartOut(Schema):
    id: int
    site: str
    code: str
    name: str
    unit: str
    spec: str
    in_stock: int
    value: Decimal = Field(description="元: the stock at cost.")


class MovementOut(Schema):
    id: int
    part: int
    kind: str = Field(description="in, order, exchange, return or reversal.")
    at: dt.datetime
    quantity: int = Field(description="Signed: in positive, out negative.")
    unit_cost: Decimal
    amount: Decimal = Field(description="元, signed like the quantity.")
    order: int | None
    part_in_stock: int
    part_value: Decimal


class PartFilters(Schema):
    site: str | None = Field(None, description="Site code or id.")


def _keeper(request: HttpRequest) -> User:
    user = current_user(request)
    if not has_any_role(user, PARTS_ROLES):
        raise PermissionDenied(gettext("Your role does not keep the parts store."))
    return user


@router.get("/parts", response=page_of(PartOut), summary="The parts store with stock and value")
def list_parts(request: HttpRequest, page: Query[PageParams], filters: Query[PartFilters]) -> dict[str, Any]:
    """The general manager, supervisors and dispatchers; the parts of their sites by part number."""
    user = _keeper(request)
    rows = at_sites_of(user, Part.objects.select_related("site"), PARTS_ROLES)
    if filters.site is not None:
        rows = rows.filter(site_named(filters.site, via="site"))
    result = paginate(request, rows, lambda row: row, order=("code", "id"), page=page)
    shown: list[Part] = result["results"]
    sums: dict[int, tuple[int, Decimal]] = {}
    for row in (
        PartMovement.objects.filter(part__in=shown)
        .values("part_id")
        .annotate(q=Sum("quantity"), v=Sum("amount"))
    ):
        sums[row["part_id"]] = (int(row["q"] or 0), Decimal(row["v"] or 0).quantize(CENT))
    result["results"] = [_part(p, *sums.get(p.pk, (0, Decimal("0.00")))) for p in shown]
    return result


def _part(part: Part, held: int, value: Decimal) -> dict[str, Any]:
    return {"id": part.pk, "site": part.site.code, "code": part.code, "name": part.name, "unit": part.unit,
            "spec": part.spec, "in_stock": held, "value": value}  # fmt: skip


def _find(user: User, pk: int) -> Part:
    return at_sites_of(user, Part.objects.select_related("site"), PARTS_ROLES).get(pk=pk)


def _moved(movement: PartMovement) -> dict[str, Any]:
    held, value = services.stock_of(movement.part)
    return {"id": movement.pk, "part": movement.part_id, "kind": movement.kind, "at": movement.at,
            "quantity": movement.quantity, "unit_cost": movement.unit_cost, "amount": movement.amount,
            "order": movement.order_id, "part_in_stock": held, "part_value": value}  # fmt: skip


@router.post("/parts/{int:part_id}/stock-in", response={201: MovementOut}, summary="Stock in (p12.16a)")
def stock_in(request: HttpRequest, part_id: int, body: StockInIn) -> Status[dict[str, Any]]:
    """201 with the movement and the part's stock after it."""
    user = _keeper(request)
    part = _find(user, part_id)
    body.check(
        lambda given: services.stock_in_problems(
            part,
            by=user,
            quantity=given.quantity,
            unit_cost=given.unit_cost,
            at=given.at or timezone.now(),
            supplier=given.supplier,
            note=given.note,
        )
    )
    movement = services.stock_in(
        part, by=user, quantity=body.quantity, unit_cost=body.unit_cost, at=body.at, supplier=body.supplier,
        note=body.note,
    )  # fmt: skip
    return Status(201, _moved(movement))


@router.post("/parts/{int:part_id}/issue", response={201: MovementOut}, summary="Issue to a repair order")
def issue(request: HttpRequest, part_id: int, body: IssueIn) -> Status[dict[str, Any]]:
    """201 with the movement at the average cost of the stock; the cost is charged to the after-sales
    account. 422 naming `quantity` when more is asked than is in stock."""
    user = _keeper(request)
    part = _find(user, part_id)
    problems: list[FieldProblem] = []
    order = one_of(
        body.given.order, lambda pk: Order.objects.filter(site=part.site, pk=pk).first(), "order", problems
    )
    body.check(
        lambda given: services.issue_problems(
            part,
            by=user,
            quantity=given.quantity,
            at=given.at or timezone.now(),
            order=order,
            note=given.note,
        ),
        found=problems,
    )
    movement = services.issue(part, by=user, quantity=body.quantity, order=order, at=body.at, note=body.note)  # type: ignore[arg-type]
    return Status(201, _moved(movement))
