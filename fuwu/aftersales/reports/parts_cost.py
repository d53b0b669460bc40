"""The monthly parts-cost report to finance (售后配件费用表, p12.16b): for every part of the site's store,
its stock and value at the month's start, what came in (bought, returned goods), what went out (to repair
orders, for exchanges) at its cost, and the stock and value at the end — with every movement of the month
as the detail. A reversal counts where the movement it reverses counts, so a corrected mistake nets out.

Read in three queries whatever the number of parts and movements; every figure is a sum of stored rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from fuwu.aftersales.models import Part, PartMovement
from fuwu.core.models import Site

ZERO = Decimal("0.00")
Kind = PartMovement.Kind
COLUMNS = (Kind.STOCK_IN, Kind.RETURN, Kind.ORDER, Kind.EXCHANGE)


@dataclass
class Flow:
    quantity: int = 0
    amount: Decimal = ZERO

    def add(self, quantity: int, amount: Decimal) -> None:
        self.quantity += quantity
        self.amount += amount


@dataclass
class PartLine:
    part_id: int
    code: str
    name: str
    unit: str
    opening: Flow = field(default_factory=Flow)
    flows: dict[str, Flow] = field(default_factory=lambda: {kind: Flow() for kind in COLUMNS})

    @property
    def closing(self) -> Flow:
        total = Flow(self.opening.quantity, self.opening.amount)
        for flow in self.flows.values():
            total.add(flow.quantity, flow.amount)
        return total

    @property
    def columns(self) -> list[tuple[str, Flow]]:
        """Each flow with its label, in COLUMNS' order."""
        return [(str(kind.label), self.flows[kind]) for kind in COLUMNS]

    @property
    def cost(self) -> Decimal:
        """What left the store at cost this month (to orders and for exchanges), as a positive amount."""
        return -(self.flows[Kind.ORDER].amount + self.flows[Kind.EXCHANGE].amount)

    @property
    def moved(self) -> bool:
        return self.opening.quantity != 0 or any(f.quantity or f.amount for f in self.flows.values())


@dataclass(frozen=True)
class Movement:
    at: dt.datetime
    code: str
    name: str
    kind: str
    kind_label: str
    quantity: int
    unit_cost: Decimal
    amount: Decimal
    order: str
    note: str
    by: str


@dataclass
class PartsCostReport:
    site: Site
    start: dt.datetime
    end: dt.datetime
    lines: list[PartLine]
    movements: list[Movement]

    def total(self, kind: str) -> Flow:
        found = Flow()
        for line in self.lines:
            found.add(line.flows[kind].quantity, line.flows[kind].amount)
        return found

    @property
    def cost(self) -> Decimal:
        return sum((line.cost for line in self.lines), ZERO)

    @property
    def opening_value(self) -> Decimal:
        return sum((line.opening.amount for line in self.lines), ZERO)

    @property
    def closing_value(self) -> Decimal:
        return sum((line.closing.amount for line in self.lines), ZERO)


def parts_cost(site: Site, start: dt.datetime, end: dt.datetime) -> PartsCostReport:
    """The report of the site's store for [start, end)."""
    lines = {
        part.pk: PartLine(part.pk, part.code, part.name, part.unit)
        for part in Part.objects.filter(site=site).order_by("code")
    }
    opening = (
        PartMovement.objects.filter(site=site, at__lt=start)
        .values("part_id")
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"))
    )
    for row in opening:
        lines[row["part_id"]].opening.add(int(row["quantity"] or 0), Decimal(row["amount"] or ZERO))
    rows = (
        PartMovement.objects.filter(site=site, at__gte=start, at__lt=end)
        .select_related("part", "order", "reverses", "by")
        .order_by("at", "pk")
    )
    movements: list[Movement] = []
    for m in rows:
        counted = m.reverses.kind if m.reverses is not None else m.kind
        lines[m.part_id].flows[counted].add(m.quantity, m.amount)
        order = (m.order.number or str(m.order.pk)) if m.order is not None else ""
        movements.append(
            Movement(
                m.at,
                m.part.code,
                m.part.name,
                m.kind,
                m.get_kind_display(),
                m.quantity,
                m.unit_cost,
                m.amount,
                order,
                m.note,
                str(m.by),
            )
        )
    shown = [line for line in lines.values() if line.moved]
    return PartsCostReport(site, start, end, shown, movements)
