"""The parts store, accounted on its own (配件仓库独立核算, p12.16a), and the after-sales department's own
account (售后服务部台帐).

Both are logs of movements written once: a part's stock and value are the sums of its movements, an
account's balance the sum of its entries; a mistake is corrected by a movement (or entry) reversing it.
Issues leave the store at the part's average cost then, and are charged to the department's account.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.aftersales.models.base import AppendOnly, AppendOnlyQuerySet
from fuwu.core.models import Site, User
from fuwu.orders.models import Order

ZERO = Decimal("0.00")


class Part(models.Model):
    """A part (or product) the site's store keeps; its stock is in its movements."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    code = models.CharField(_("part number"), max_length=40)
    name = models.CharField(pgettext_lazy("part", "name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=10, default="个")
    spec = models.CharField(_("specification"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["site", "code"], name="aftersales_part_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PartMovement(AppendOnly):
    """One movement of the parts store (配件仓库台帐): in (a quantity more), out (less), at a cost.

    ``quantity`` and ``amount`` carry their sign: stock in and returns in are positive, issues negative,
    a reversal the opposite of the movement it reverses."""

    class Kind(models.TextChoices):
        STOCK_IN = "in", _("Stock in")
        ORDER = "order", _("Issued to a repair order")
        EXCHANGE = "exchange", _("Issued for an exchange")
        RETURN = "return", _("Returned goods back in")
        REVERSAL = "reversal", _("Reversal")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="movements", verbose_name=_("part"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("at"))
    quantity = models.IntegerField(_("quantity"))
    unit_cost = models.DecimalField(_("unit cost (yuan)"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("repair order"),
    )
    return_request = models.ForeignKey(
        "aftersales.ReturnRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("return or exchange"),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("reverses"),
    )
    supplier = models.CharField(_("supplier"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("parts store movement")
        verbose_name_plural = _("parts store movements")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "at"], name="aftersales_movement_site_at"),
            models.Index(fields=["part", "at"], name="aftersales_movement_part_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.part} {self.quantity:+d}"


class AccountEntry(AppendOnly):
    """One line of the after-sales department's own account (售后服务部台帐: 日期, 摘要, 收入, 支出): money
    in, or out — parts charged from the store, a refund on an approved return, anything entered by hand."""

    class Kind(models.TextChoices):
        ENTERED = "entered", _("Entered by hand")
        PARTS = "parts", _("Parts from the store")
        REFUND = "refund", _("Refund on a return")
        REVERSAL = "reversal", _("Reversal")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    summary = models.CharField(_("summary"), max_length=200)
    income = models.DecimalField(_("income (yuan)"), max_digits=14, decimal_places=2, default=ZERO)
    expense = models.DecimalField(_("expense (yuan)"), max_digits=14, decimal_places=2, default=ZERO)
    movement = models.OneToOneField(
        PartMovement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account_entry",
        verbose_name=_("parts store movement"),
    )
    return_request = models.ForeignKey(
        "aftersales.ReturnRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account_entries",
        verbose_name=_("return or exchange"),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("reverses"),
    )
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("after-sales account entry")
        verbose_name_plural = _("after-sales account")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "at"], name="aftersales_account_site_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.summary}"
