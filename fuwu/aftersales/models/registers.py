"""The after-sales registers kept as rows: the customer call log (p12.3) with the supervisor's own call
record (p12.14), and design defects and machines the department cannot repair, reported to the general
manager (p12.13). Written once; a mistake is corrected by a new row."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.aftersales.models.base import AppendOnly, AppendOnlyQuerySet
from fuwu.core.models import Site, User
from fuwu.customers.models import Customer
from fuwu.orders.models import Order


class Call(AppendOnly):
    """One customer call (客户咨询电话登记, p12.3), or one the after-sales supervisor took and recorded
    (售后主管咨询电话记录, p12.14: holidays included, which the row says)."""

    class Register(models.TextChoices):
        DESK = "desk", _("Customer call log (p12.3)")
        SUPERVISOR = "supervisor", _("Supervisor's call record (p12.14)")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    register = models.CharField(_("register"), max_length=12, choices=Register.choices, default=Register.DESK)
    at = models.DateTimeField(_("call time"))
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer"),
    )
    caller = models.CharField(_("customer name"), max_length=100)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    content = models.CharField(_("what they asked"), max_length=500)
    needs_repair = models.BooleanField(_("needs a repair"), default=False)
    arrangement = models.CharField(_("arrangement"), max_length=300, blank=True)
    order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("repair order"),
    )
    # 是否节假日 (p12.14): from the work calendar when it was recorded.
    holiday = models.BooleanField(_("on a holiday"), default=False)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("taken by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer call")
        verbose_name_plural = _("customer calls")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "register", "at"], name="aftersales_call_site_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.caller}"


class DesignDefect(AppendOnly):
    """A design defect found, or a machine the department cannot repair, reported to the general manager
    (设计缺陷及疑难机器汇报记录, p12.13)."""

    class Kind(models.TextChoices):
        DEFECT = "defect", _("Design defect")
        HARD_CASE = "hard_case", _("Machine we cannot repair")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    found_on = models.DateField(pgettext_lazy("defect", "date"))
    product = models.CharField(_("product"), max_length=100)
    problem = models.CharField(_("defect or problem"), max_length=500)
    reported_at = models.DateTimeField(_("reported to the general manager at"), default=timezone.now)
    reported_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("design defect report")
        verbose_name_plural = _("design defect reports")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "found_on"], name="aftersales_defect_site_day"),
        ]

    def __str__(self) -> str:
        return f"{self.found_on} {self.product}"
