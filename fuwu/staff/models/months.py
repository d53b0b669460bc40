"""Payroll months: the close that locks one (月结), its payroll lines, and HR's review queue."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site, User
from fuwu.staff.models.employees import Employee


class MonthClose(models.Model):
    """A site's closed payroll month. One row per (site, month): a second close fails on the constraint,
    whoever comes second, so two closes at once give exactly one."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    month = models.DateField(_("month"), help_text=_("The first day of the payroll month"))
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("closed by")
    )
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    totals = models.JSONField(_("totals"), default=dict)
    needs_review = models.PositiveIntegerField(_("awaiting HR review"), default=0)

    class Meta:
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["site", "month"], name="staff_monthclose_site_month")
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.month:%Y-%m}"


class PayrollLine(models.Model):
    """One employee's pay for a closed month, as the close computed it (the payroll export reads these)."""

    close = models.ForeignKey(
        MonthClose, on_delete=models.PROTECT, related_name="lines", verbose_name=_("closed month")
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("employee")
    )
    wage = models.DecimalField(_("monthly wage"), max_digits=10, decimal_places=2)
    # The full-attendance bonus (全勤奖) of p01.3 as set for the person; its forfeit is a deduction.
    bonus = models.DecimalField(_("full-attendance bonus"), max_digits=10, decimal_places=2)
    fines = models.DecimalField(_("fines"), max_digits=10, decimal_places=2)
    deductions = models.DecimalField(_("deductions"), max_digits=10, decimal_places=2)
    compensation = models.DecimalField(_("compensation"), max_digits=10, decimal_places=2)
    rewards = models.DecimalField(_("rewards"), max_digits=10, decimal_places=2)
    # What the minimum-wage floor kept from being taken (工资支付暂行规定 / 最低工资规定), for HR to review.
    floor_relief = models.DecimalField(_("kept by the minimum wage"), max_digits=10, decimal_places=2)
    # wage + bonus + rewards − fines − deductions − compensation + floor_relief
    net = models.DecimalField(_("pay"), max_digits=10, decimal_places=2)
    needs_review = models.PositiveIntegerField(_("awaiting HR review"), default=0)

    class Meta:
        verbose_name = _("payroll line")
        verbose_name_plural = _("payroll lines")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["close", "employee"], name="staff_payrollline_close_employee")
        ]

    def __str__(self) -> str:
        return f"{self.close} {self.employee} {self.net}"


class Review(models.Model):
    """A decision the law or the company keeps from happening automatically: a status (auto-resignation,
    dismissal or removal proposal) or a wage withholding the engine flags ``needs_review``, and what the
    minimum-wage floor kept back. HR decides; nothing is done to the person by the engine."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("review", "To review")
        CONFIRMED = "confirmed", pgettext_lazy("review", "Confirmed")
        DISMISSED = "dismissed", pgettext_lazy("review", "Dismissed")
        VOID = "void", pgettext_lazy("review", "No longer applies")

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("employee")
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=20)  # status, needs_review or floor
    status = models.CharField(_("proposed status"), max_length=60, blank=True)
    clause = models.CharField(_("clause"), max_length=20)
    pack_version = models.PositiveIntegerField(_("pack version"), null=True)
    because = models.CharField(_("because"), max_length=300)
    key = models.CharField(_("decision key"), max_length=200)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("decision note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["employee", "month", "key"], name="staff_review_employee_key")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "state", "month"], name="staff_review_site_state")
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.clause} {self.because}"
