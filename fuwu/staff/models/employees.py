"""Employees (员工档案) and their shifts (班次)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
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
    # A split shift (两头班) is one shift with an unpaid break: the clock-in before the break and the
    # clock-out after it are judged against the shift's start and end; taps around the break are not.
    break_start = models.TimeField(_("break starts"), null=True, blank=True)
    break_end = models.TimeField(_("break ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["site", "name"], name="staff_shift_site_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start:%H:%M}-{self.end:%H:%M}"

    def clean(self) -> None:
        if (self.break_start is None) != (self.break_end is None):
            raise ValidationError(_("Give both ends of the break, or neither."))
        rest, back = self.break_start, self.break_end
        if rest is None or back is None:
            return
        if self.crosses_midnight or not self.start < rest < back < self.end:
            raise ValidationError(_("The break must lie inside a shift that ends on its own day."))

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def ends_on(self, day: dt.date) -> dt.datetime:
        """The shift's end as a local wall-clock time, for the shift that starts on ``day``."""
        end_day = day + dt.timedelta(days=1) if self.crosses_midnight else day
        return dt.datetime.combine(end_day, self.end)


class Rota(models.Model):
    """A rotating schedule (轮班) shared by a team: a cycle of days, each a shift of the site or a rest day,
    counted from ``starts_on``. Rotations run every calendar day, holidays included (a duty rota).

    Two-shift: ``白班,白班,夜班,夜班,休,休``; three-shift teams share one cycle at different offsets."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    name = models.CharField(_("name"), max_length=50)
    # Shift names of the site, one per day of the cycle; "" (written 休 in forms) is a rest day.
    cycle = models.JSONField(_("cycle"), default=list)
    starts_on = models.DateField(_("first day of the cycle"))

    class Meta:
        verbose_name = _("rota")
        verbose_name_plural = _("rotas")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["site", "name"], name="staff_rota_site_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not isinstance(self.cycle, list) or not self.cycle or len(self.cycle) > 62:
            raise ValidationError({"cycle": _("Give the cycle as 1 to 62 days, each a shift's name or 休.")})
        if self.site_id is None:
            return
        known = set(Shift.objects.filter(site_id=self.site_id).values_list("name", flat=True))
        for number, name in enumerate(self.cycle, 1):
            if not isinstance(name, str) or (name and name not in known):
                raise ValidationError(
                    {
                        "cycle": _("Day %(number)s of the cycle, “%(name)s”, is no shift of this site.")
                        % {"number": number, "name": name}
                    }
                )


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
    shift = models.ForeignKey(
        Shift,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("shift"),
        help_text=_("The fixed shift, worked on its days; with a rota, the rota decides each day"),
    )
    rota = models.ForeignKey(
        Rota, on_delete=models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("rota")
    )
    rota_offset = models.PositiveSmallIntegerField(
        _("place in the rota"),
        default=0,
        help_text=_("Days the person's cycle runs ahead of the rota's first day (teams A, B, C of a rota)"),
    )
    full_attendance_bonus = models.DecimalField(
        _("full-attendance bonus (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Leave empty for the amount the site's regulations set (p01.3)"),
    )
    hired_on = models.DateField(_("hired on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")

    def __str__(self) -> str:
        return str(self.user)
