"""A technician's trades: which kinds of work the dispatcher can send them to."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext, pgettext

from fuwu.core.errors import Invalid
from fuwu.core.models import User
from fuwu.core.services import audit
from fuwu.orders.models import TechnicianSkill, Trade


def set_trades(technician: User, trades: Iterable[str], *, by: User | None) -> list[str]:
    """Make the technician's trades exactly these; an unknown trade changes nothing (Invalid)."""
    wanted = list(dict.fromkeys(trades))
    unknown = [trade for trade in wanted if trade not in Trade.values]
    if unknown:
        named = pgettext("list separator", ", ").join(unknown)
        raise Invalid.field(("body", "trades"), gettext("Unknown trades: %(trades)s") % {"trades": named})
    with audit.batched():
        current = {row.trade: row for row in TechnicianSkill.objects.filter(technician=technician)}
        for trade, row in current.items():
            if trade not in wanted:
                audit.record(actor=by, action="trade.remove", obj=row, before=audit.snapshot(row), after=None)
                row.delete()
        for trade in wanted:
            if trade not in current:
                row = TechnicianSkill.objects.create(technician=technician, trade=trade)
                audit.record_created(row, actor=by, action="trade.add")
    return sorted(wanted)
