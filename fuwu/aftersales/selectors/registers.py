"""The registers the regulations name, as rows of one site and month: the page, the printed A4 form and
the Excel export read the same rows (one or two queries, whatever their number).

Each register keeps the pack's own columns (the clause's ``fields``), in its order, with what the rows
hold under them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.aftersales.models import (
    AccountEntry,
    Call,
    Complaint,
    DesignDefect,
    PartMovement,
    QualityCase,
    ReturnRequest,
)
from fuwu.aftersales.selectors.access import DESK_ROLES, PARTS_ROLES, REPORT_ROLES
from fuwu.core.models import Site
from fuwu.core.roles import Role
from fuwu.core.scoping import mask_phone

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Lazy

ZERO = Decimal("0.00")
TEXT, TIME, DATE, MONEY, NUMBER, YES_NO = "text", "time", "date", "money", "number", "yes_no"


@dataclass(frozen=True)
class Column:
    header: Lazy
    kind: str = TEXT


@dataclass(frozen=True)
class Period:
    """The site and [start, end) a register is read for."""

    site: Site
    start: dt.datetime
    end: dt.datetime
    full_phones: bool = True

    def phone(self, number: str) -> str:
        return number if self.full_phones else mask_phone(number)


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


Rows = Callable[[Period], list[list[Any]]]


@dataclass(frozen=True)
class Register:
    slug: str
    title: Lazy
    clause: str
    columns: Sequence[Column]
    rows: Rows
    roles: frozenset[Role]
    # Where a new row of it is written (None: rows come from other work).
    new: str | None = None


def _calls(register: str) -> Rows:
    def rows(period: Period) -> list[list[Any]]:
        found = (
            Call.objects.filter(site=period.site, register=register, at__gte=period.start, at__lt=period.end)
            .select_related("order")
            .order_by("at", "pk")
        )
        if register == Call.Register.DESK:
            return [
                [c.at, c.caller, period.phone(c.phone), c.content, c.needs_repair, _arrangement(c)]
                for c in found
            ]
        return [[c.at, c.caller, period.phone(c.phone), c.content, _arrangement(c), c.holiday] for c in found]

    return rows


def _arrangement(call: Call) -> str:
    order = f"#{call.order.number or call.order.pk}" if call.order is not None else ""
    return " ".join(part for part in (call.arrangement, order) if part)


def _non_quality(period: Period) -> list[list[Any]]:
    found = (
        Complaint.objects.filter(site=period.site, received_at__gte=period.start, received_at__lt=period.end)
        .exclude(kind=Complaint.Kind.QUALITY)
        .select_related("recorded_by")
        .order_by("received_at", "pk")
    )
    return [
        [
            _day(c.received_at),
            c.customer_name,
            f"{c.get_kind_display()}:{c.content}",
            c.reported_at,
            str(c.recorded_by),
        ]
        for c in found
    ]


def _defects(period: Period) -> list[list[Any]]:
    start, end = _day(period.start), _day(period.end)
    found = (
        DesignDefect.objects.filter(site=period.site, found_on__gte=start, found_on__lt=end)
        .select_related("reported_by")
        .order_by("found_on", "pk")
    )
    return [
        [d.found_on, d.product, f"{d.get_kind_display()}:{d.problem}", d.reported_at, str(d.reported_by)]
        for d in found
    ]


def _complaints_and_returns(period: Period) -> list[list[Any]]:
    """投诉及退换货登记 (p14.3.4.7): the month's complaints and returns and exchanges together."""
    complaints = Complaint.objects.filter(
        site=period.site, received_at__gte=period.start, received_at__lt=period.end
    )
    returns = ReturnRequest.objects.filter(
        site=period.site, recorded_at__gte=period.start, recorded_at__lt=period.end
    )
    lines: list[tuple[dt.datetime, list[Any]]] = []
    for c in complaints:
        kind = f"{pgettext_lazy('register', 'Complaint')}·{c.get_kind_display()}"
        lines.append(
            (c.received_at, [_day(c.received_at), kind, *_facts(c), c.content, c.get_state_display()])
        )
    for r in returns:
        lines.append(
            (
                r.recorded_at,
                [_day(r.recorded_at), r.get_kind_display(), *_facts(r), r.content, r.get_state_display()],
            )
        )
    lines.sort(key=lambda line: line[0])
    return [line for _at, line in lines]


def _facts(row: Complaint | ReturnRequest) -> list[Any]:
    return [row.customer_name, row.address, row.contact, row.grade, row.purchased_on]


def _quality(period: Period) -> list[list[Any]]:
    found = (
        QualityCase.objects.filter(site=period.site, routed_at__gte=period.start, routed_at__lt=period.end)
        .select_related("complaint")
        .order_by("routed_at", "pk")
    )
    return [
        [
            _day(q.routed_at),
            q.complaint.customer_name,
            q.complaint.product,
            q.complaint.content,
            q.opinion,
            q.disputed,
            q.inspection_body,
            q.conclusion,
        ]
        for q in found
    ]


def _parts_ledger(period: Period) -> list[list[Any]]:
    """配件仓库台帐: each movement with the part's stock after it (from its stock before the month)."""
    opening = dict(
        PartMovement.objects.filter(site=period.site, at__lt=period.start)
        .values_list("part_id")
        .annotate(held=Sum("quantity"))
        .values_list("part_id", "held")
    )
    found = (
        PartMovement.objects.filter(site=period.site, at__gte=period.start, at__lt=period.end)
        .select_related("part")
        .order_by("at", "pk")
    )
    held = {part: int(quantity or 0) for part, quantity in opening.items()}
    lines: list[list[Any]] = []
    for m in found:
        held[m.part_id] = held.get(m.part_id, 0) + m.quantity
        lines.append(
            [
                _day(m.at),
                f"{m.part.name}({m.get_kind_display()})",
                m.quantity if m.quantity > 0 else None,
                -m.quantity if m.quantity < 0 else None,
                held[m.part_id],
                m.amount,
            ]
        )
    return lines


def opening_balance(site: Site, before: dt.datetime) -> Decimal:
    sums = AccountEntry.objects.filter(site=site, at__lt=before).aggregate(
        income=Sum("income"), expense=Sum("expense")
    )
    return Decimal(sums["income"] or ZERO) - Decimal(sums["expense"] or ZERO)


def _account(period: Period) -> list[list[Any]]:
    """售后服务部台帐: each entry with the balance after it."""
    balance = opening_balance(period.site, period.start)
    lines: list[list[Any]] = []
    found = AccountEntry.objects.filter(site=period.site, at__gte=period.start, at__lt=period.end).order_by(
        "at", "pk"
    )
    for e in found:
        balance += e.income - e.expense
        lines.append(
            [_day(e.at), f"{e.get_kind_display()}:{e.summary}", e.income or None, e.expense or None, balance]
        )
    return lines


READERS = DESK_ROLES | REPORT_ROLES
LEDGER_READERS = PARTS_ROLES | REPORT_ROLES

REGISTERS: dict[str, Register] = {
    r.slug: r
    for r in (
        Register(
            "calls",
            _("Customer call log"),
            "p12.3",
            (
                Column(pgettext_lazy("register column", "Call time"), TIME),
                Column(pgettext_lazy("register column", "Customer name")),
                Column(pgettext_lazy("register column", "Contact phone")),
                Column(pgettext_lazy("register column", "What they asked")),
                Column(pgettext_lazy("register column", "Needs a repair"), YES_NO),
                Column(pgettext_lazy("register column", "Service arranged")),
            ),
            _calls(Call.Register.DESK),
            DESK_ROLES,
            new="aftersales:call_new",
        ),
        Register(
            "supervisor-calls",
            _("After-sales supervisor's call record"),
            "p12.14",
            (
                Column(pgettext_lazy("register column", "Call time"), TIME),
                Column(pgettext_lazy("register column", "Customer name")),
                Column(pgettext_lazy("register column", "Contact phone")),
                Column(pgettext_lazy("register column", "What they asked")),
                Column(pgettext_lazy("register column", "Arrangement")),
                Column(pgettext_lazy("register column", "Holiday"), YES_NO),
            ),
            _calls(Call.Register.SUPERVISOR),
            DESK_ROLES,
            new="aftersales:call_new",
        ),
        Register(
            "complaints",
            _("Complaints, returns and exchanges"),
            "p14.3.4.7",
            (
                Column(pgettext_lazy("register column", "Date"), DATE),
                Column(pgettext_lazy("register column", "Kind")),
                Column(pgettext_lazy("register column", "Customer name")),
                Column(pgettext_lazy("register column", "Address")),
                Column(pgettext_lazy("register column", "Contact")),
                Column(pgettext_lazy("register column", "Product grade")),
                Column(pgettext_lazy("register column", "Purchase date"), DATE),
                Column(pgettext_lazy("register column", "The problem")),
                Column(pgettext_lazy("register column", "State")),
            ),
            _complaints_and_returns,
            DESK_ROLES,
            new="aftersales:complaint_new",
        ),
        Register(
            "non-quality",
            _("Non-quality complaints"),
            "p12.12",
            (
                Column(pgettext_lazy("register column", "Date"), DATE),
                Column(pgettext_lazy("register column", "Customer name")),
                Column(pgettext_lazy("register column", "Complaint")),
                Column(pgettext_lazy("register column", "Reported at"), TIME),
                Column(pgettext_lazy("register column", "Reported by")),
            ),
            _non_quality,
            READERS,
            new="aftersales:complaint_new",
        ),
        Register(
            "defects",
            _("Design defects and machines we cannot repair"),
            "p12.13",
            (
                Column(pgettext_lazy("register column", "Date"), DATE),
                Column(pgettext_lazy("register column", "Product")),
                Column(pgettext_lazy("register column", "Defect or problem")),
                Column(pgettext_lazy("register column", "Reported to the general manager at"), TIME),
                Column(pgettext_lazy("register column", "Reported by")),
            ),
            _defects,
            READERS,
            new="aftersales:defect_new",
        ),
        Register(
            "quality",
            _("Quality complaints"),
            "p14.4.3",
            (
                Column(pgettext_lazy("register column", "Date"), DATE),
                Column(pgettext_lazy("register column", "Customer name")),
                Column(pgettext_lazy("register column", "Product")),
                Column(pgettext_lazy("register column", "Quality problem")),
                Column(pgettext_lazy("register column", "Technical quality department's opinion")),
                Column(pgettext_lazy("register column", "Disputed"), YES_NO),
                Column(pgettext_lazy("register column", "Inspection body")),
                Column(pgettext_lazy("register column", "Inspection conclusion")),
            ),
            _quality,
            READERS,
        ),
        Register(
            "parts-ledger",
            _("Parts store ledger"),
            "p12.16a",
            (
                Column(pgettext_lazy("register column", "Date"), DATE),
                Column(pgettext_lazy("register column", "Part")),
                Column(pgettext_lazy("register column", "In"), NUMBER),
                Column(pgettext_lazy("register column", "Out"), NUMBER),
                Column(pgettext_lazy("register column", "In stock"), NUMBER),
                Column(pgettext_lazy("register column", "Amount"), MONEY),
            ),
            _parts_ledger,
            LEDGER_READERS,
            new="aftersales:parts",
        ),
        Register(
            "account",
            _("After-sales department's account"),
            "p12.16a",
            (
                Column(pgettext_lazy("register column", "Date"), DATE),
                Column(pgettext_lazy("register column", "Summary")),
                Column(pgettext_lazy("register column", "Income"), MONEY),
                Column(pgettext_lazy("register column", "Expense"), MONEY),
                Column(pgettext_lazy("register column", "Balance"), MONEY),
            ),
            _account,
            LEDGER_READERS,
            new="aftersales:account",
        ),
    )
}
