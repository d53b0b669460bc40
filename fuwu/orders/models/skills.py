"""The trades a technician is dispatched for, shown to the dispatcher beside each technician's open load."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import User


class Trade(models.TextChoices):
    PLUMBING = "plumbing", _("Plumbing")
    ELECTRICAL = "electrical", _("Electrical")
    CARPENTRY = "carpentry", _("Carpentry")
    TILING = "tiling", _("Tiling and masonry")
    PAINTING = "painting", _("Painting")
    WATERPROOFING = "waterproofing", _("Waterproofing")
    LOCKS = "locks", _("Doors, windows and locks")
    APPLIANCES = "appliances", _("Appliances")


class TechnicianSkill(models.Model):
    """One trade of one technician (a technician usually has two or three)."""

    technician = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="trades", verbose_name=_("technician")
    )
    trade = models.CharField(_("trade"), max_length=20, choices=Trade.choices)
    since = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("technician's trade")
        verbose_name_plural = _("technicians' trades")
        ordering: ClassVar[list[str]] = ["technician", "trade"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["technician", "trade"], name="orders_skill_unique_trade")
        ]

    def __str__(self) -> str:
        return f"{self.technician} · {self.get_trade_display()}"


# The trades a fault usually needs: a hint on the dispatch form ("suits this order"), not a rule — the
# dispatcher decides, and most faults (general, small, large …) suit anyone.
SUITED_TRADES: dict[str, frozenset[str]] = {
    "burst_pipe": frozenset({Trade.PLUMBING}),
    "leak": frozenset({Trade.PLUMBING, Trade.WATERPROOFING}),
    "power_outage": frozenset({Trade.ELECTRICAL}),
    "safety_facility": frozenset({Trade.ELECTRICAL, Trade.LOCKS}),
    "special_craft": frozenset({Trade.CARPENTRY, Trade.TILING, Trade.PAINTING}),
}


def suits(trades: set[str], tags: list[str]) -> bool:
    """Whether a technician with ``trades`` has every trade-specific need of an order with ``tags``."""
    needs = [SUITED_TRADES[tag] for tag in tags if tag in SUITED_TRADES]
    return bool(needs) and all(trades & need for need in needs)
