"""Cursor pagination: {"results": [...], "next": url | null}, newest first, every page one query.

The cursor is the sort key of the last row sent (opaque base64 of JSON), and the next page is the rows
strictly after it in the order — a keyset, so page 5,000 costs what page 1 costs and a row inserted
meanwhile neither repeats nor shifts a page. The order must end in a unique field (normally "-id") and
its fields must not be NULL.

    from ninja import Query
    from fuwu.core.api.pagination import PageParams, page_of, paginate

    @router.get("/orders", response={200: page_of(OrderOut)})
    def list_orders(request, page: Query[PageParams], filters: Query[OrderFilters]):
        rows = scoped_orders(request).filter(...).select_related(...)
        return paginate(request, rows, serialize_order, order=("-received_at", "-id"), page=page)
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Schema
from pydantic import Field, ValidationError, create_model

from fuwu.core.api import messages
from fuwu.core.errors import Invalid

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

M = TypeVar("M", bound=Model)


class PageParams(Schema):
    """Query parameters of every list: declare `page: Query[PageParams]` to document them."""

    cursor: str | None = Field(None, description="The `next` link's cursor; omit for the first page.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Rows per page, at most {MAX_PAGE_SIZE}."
    )


_schemas: dict[type[Any], type[Schema]] = {}


def page_of(item: type[Any]) -> type[Schema]:
    """The response schema {"results": [item], "next": url | null} (one class per item type)."""
    if item not in _schemas:
        name = f"{getattr(item, '__name__', 'Item')}Page"
        fields: dict[str, Any] = {
            "results": (list[item], ...),  # type: ignore[valid-type]
            "next": (str | None, Field(None, description="The next page's URL; null on the last page.")),
        }
        _schemas[item] = create_model(name, __base__=Schema, **fields)
    return _schemas[item]


def _encode(values: list[Any]) -> str:
    text = json.dumps([_jsonable(value) for value in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _bad_cursor() -> Invalid:
    return Invalid.field(
        ("query", "cursor"), gettext("The cursor is not one this list gave; start again without it.")
    )


def cursor_key(cursor: str, model: type[Model], order: Sequence[str]) -> list[Any]:
    """The sort key a cursor of this list holds, each value as its field reads it; Invalid (422) for a
    cursor this list did not give."""
    names = [term.lstrip("-") for term in order]
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise _bad_cursor() from exc
    if not isinstance(values, list) or len(values) != len(names):
        raise _bad_cursor()
    decoded = []
    for name, value in zip(names, values, strict=True):
        field = model._meta.get_field(name)
        try:
            python = field.to_python(value)  # type: ignore[union-attr]
            # The validators hold the database's integer range: a forged huge id must not reach SQL.
            field.run_validators(python)  # type: ignore[union-attr]
        except Exception as exc:  # any unreadable value is the client's bad cursor
            raise _bad_cursor() from exc
        if python is None:
            raise _bad_cursor()
        decoded.append(python)
    return decoded


def after_key(order: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows strictly after `values` in `order`: (a < x) | (a = x & b < y) | … for descending fields.

    The redundant bound `a <= x` in front lets both databases seek the index to the cursor instead of
    walking it from the newest row, so a deep page costs what the first does.
    """
    condition = Q()
    for index, term in enumerate(order):
        name = term.lstrip("-")
        lookup = "lt" if term.startswith("-") else "gt"
        step = Q(**{f"{name}__{lookup}": values[index]})
        for previous, value in zip(order[:index], values[:index], strict=True):
            step &= Q(**{previous.lstrip("-"): value})
        condition |= step
    first = order[0]
    bound = Q(**{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]})
    return bound & condition


def _page_params(request: HttpRequest) -> PageParams:
    try:
        return PageParams.model_validate(
            {key: request.GET[key] for key in ("cursor", "page_size") if key in request.GET}
        )
    except ValidationError as exc:
        raise Invalid(messages.problems(exc.errors(), at=("query",))) from exc


def paginate(
    request: HttpRequest,
    queryset: QuerySet[M, Any],
    serialize: Callable[[Any], Any],
    *,
    order: Sequence[str] = ("-received_at", "-id"),
    page: PageParams | None = None,
) -> dict[str, Any]:
    """One page of `queryset` in `order` as {"results": [serialize(row)…], "next": url | None}.

    Costs one query for the rows (plus whatever the queryset prefetches), whatever the page. The rows
    may be instances or a ``values()`` queryset's dicts. A bad cursor or page_size raises Invalid (422).
    `page` is read from the query string when not given.
    """
    params = page if page is not None else _page_params(request)
    rows = queryset.order_by(*order)
    if params.cursor:
        rows = rows.filter(after_key(order, cursor_key(params.cursor, queryset.model, order)))
    return page_from(request, list(rows[: params.page_size + 1]), serialize, order=order, page=params)


def page_from(
    request: HttpRequest,
    fetched: list[Any],
    serialize: Callable[[Any], Any],
    *,
    order: Sequence[str],
    page: PageParams,
) -> dict[str, Any]:
    """The page of the rows fetched in `order` — up to ``page_size + 1`` of them, the extra one saying
    that a next page exists — with its `next` link (for a list that reads its rows its own way)."""
    names = [term.lstrip("-") for term in order]
    more = len(fetched) > page.page_size
    shown = fetched[: page.page_size]
    next_url = None
    if more:
        last = shown[-1]
        query = request.GET.copy()
        key = [last[name] if isinstance(last, dict) else getattr(last, name) for name in names]
        query["cursor"] = _encode(key)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"results": [serialize(row) for row in shown], "next": next_url}
