"""Employees (员工档案) and their shifts (班次)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site, User


class Shift(models.Model):
    """A site's shift: its times, and on which days it is worked.

    An end at or before the start crosses midnight (a night shift 22:00–06:00 ends the next morning).
    """

    class Days(models.TextChoices):
        WORKDAYS = "workdays", _("Official workdays (holidays off, adjusted Saturdays worked)")
        DAILY = "daily", _("Every day (duty rota)")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    name = models.CharField(
        _("name"), max_length=50, help_text=_("As the clock machine names it, e.g. 正常班")
    )
    start = models.TimeField(pgettext_lazy("shift", "start"))
    end = models.TimeField(pgettext_lazy("shift", "end"))
    days = models.CharField(_("days worked"), max_length=20, choices=Days.choices, default=Days.WORKDAYS)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["site", "name"], name="staff_shift_site_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start:%H:%M}-{self.end:%H:%M}"

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def ends_on(self, day: dt.date) -> dt.datetime:
        """The shift's end as a local wall-clock time, for the shift that starts on ``day``."""
        end_day = day + dt.timedelta(days=1) if self.crosses_midnight else day
        return dt.datetime.combine(end_day, self.end)


class Employee(models.Model):
    """A person on the payroll: site, manager, wage and shift. The person logs in as ``user``; the clock
    machine knows them by ``user.employee_no``."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")

    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="employee", verbose_name=_("user")
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    manager = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("manager"),
        help_text=_("Approves the person's leave and incidents"),
    )
    monthly_wage = models.DecimalField(
        _("monthly wage (yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    daily_wage = models.DecimalField(
        _("daily wage (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        # The engine derives it from the monthly wage when empty (monthly ÷ 21.75, p01).
        help_text=_("Leave empty for the monthly wage ÷ 21.75"),
    )
    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="+", verbose_name=_("shift"))
    hired_on = models.DateField(_("hired on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")

    def __str__(self) -> str:
        return str(self.user)
