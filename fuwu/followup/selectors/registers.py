"""The registers of p16.b7 and p16.b8 as rows, for the follow-up pages and for anyone who prints them (the
customers app's printable forms): the call record (跟踪服务电话记录表), the call register (跟踪服务电话登记表)
— two readings of the same calls — and the letter register (跟踪服务信函登记表). Plain rows in one query
each; scope is the caller's (pass the sites or the customer the user may see)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from fuwu.followup.models import Call, Letter


@dataclass(frozen=True, slots=True)
class CallLine:
    """One call with every column of both call registers."""

    id: int
    at: dt.datetime  # 通话时间 (the call register's 日期 is its local date)
    customer_id: int
    customer: str  # 客户名称
    phone: str  # 电话
    direction: str  # 呼入或呼出: "in" / "out"
    direction_label: str
    purpose: str  # 事由
    purpose_label: str
    points: str  # 通话要点
    requests: str  # 客户要求或投诉
    handling: str  # 处理情况
    by: str  # 经办回访员
    emergency: bool
    violations: list[dict[str, object]]

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.at).date()


@dataclass(frozen=True, slots=True)
class LetterLine:
    """One letter with the columns of the letter register."""

    id: int
    sent_on: dt.date  # 发出日期
    customer_id: int
    customer: str  # 客户名称
    address: str  # 地址
    category: str  # 信函类别: notice / invitation / reply
    category_label: str
    summary: str  # 内容摘要
    by: str  # 经办人


_CALL_COLUMNS = (
    "pk",
    "at",
    "customer_id",
    "customer__name",
    "phone",
    "direction",
    "purpose",
    "points",
    "requests",
    "handling",
    "by__display_name",
    "by__username",
    "emergency",
    "violations",
)


def calls(
    *,
    base: QuerySet[Call] | None = None,
    site_ids: Iterable[int] | None = None,
    customer_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = 500,
) -> list[CallLine]:
    """Calls of the sites (or of one customer) made on ``start`` … ``end`` (local days, both included),
    in the order they were made, at most ``limit`` (``base``: the calls the reader may see)."""
    rows = base if base is not None else Call.objects.all()
    if site_ids is not None:
        rows = rows.filter(site_id__in=list(site_ids))
    if customer_id is not None:
        rows = rows.filter(customer_id=customer_id)
    rows = rows.filter(_between("at", start, end))
    directions, purposes = dict(Call.Direction.choices), dict(Call.Purpose.choices)
    lines = []
    for row in rows.order_by("at", "pk").values(*_CALL_COLUMNS)[:limit]:
        lines.append(
            CallLine(
                row["pk"],
                row["at"],
                row["customer_id"],
                row["customer__name"],
                row["phone"],
                row["direction"],
                str(directions[row["direction"]]),
                row["purpose"],
                str(purposes[row["purpose"]]),
                row["points"],
                row["requests"],
                row["handling"],
                row["by__display_name"] or row["by__username"],
                row["emergency"],
                row["violations"] or [],
            )
        )
    return lines


def letters(
    *,
    base: QuerySet[Letter] | None = None,
    site_ids: Iterable[int] | None = None,
    customer_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = 500,
) -> list[LetterLine]:
    """Letters of the sites (or to one customer) sent on ``start`` … ``end``, in the order they were sent
    (``base``: the letters the reader may see)."""
    rows = base if base is not None else Letter.objects.all()
    if site_ids is not None:
        rows = rows.filter(site_id__in=list(site_ids))
    if customer_id is not None:
        rows = rows.filter(customer_id=customer_id)
    if start is not None:
        rows = rows.filter(sent_on__gte=start)
    if end is not None:
        rows = rows.filter(sent_on__lte=end)
    categories = dict(Letter.Category.choices)
    columns = (
        "pk",
        "sent_on",
        "customer_id",
        "customer__name",
        "address",
        "category",
        "summary",
        "by__display_name",
        "by__username",
    )
    return [
        LetterLine(
            pk,
            sent,
            customer_id,
            customer,
            address,
            category,
            str(categories[category]),
            summary,
            by_name or by_login,
        )
        for pk, sent, customer_id, customer, address, category, summary, by_name, by_login in rows.order_by(
            "sent_on", "pk"
        ).values_list(*columns)[:limit]
    ]


def _between(name: str, start: dt.date | None, end: dt.date | None) -> Q:
    zone = timezone.get_current_timezone()
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{name}__gte": dt.datetime.combine(start, dt.time(0), zone)})
    if end is not None:
        condition &= Q(**{f"{name}__lt": dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), zone)})
    return condition
