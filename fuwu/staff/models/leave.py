"""Leave (请假): asked by the employee, approved by their manager (p06.6), judged by the engine."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import User
from fuwu.staff.models.employees import Employee

# The kinds the regulations price (p01.3.2): the engine judges them. The statutory paid kinds deduct
# nothing and are not sent to it; their days are simply not scheduled shifts.
JUDGED_KINDS = frozenset({"personal", "sick"})


class Leave(models.Model):
    class Type(models.TextChoices):
        PERSONAL = "personal", _("Personal leave (事假)")
        SICK = "sick", _("Sick leave (病假)")
        ANNUAL = "annual", _("Annual leave (年假)")
        MARRIAGE = "marriage", _("Marriage leave (婚假)")
        MATERNITY = "maternity", _("Maternity leave (产假)")
        BEREAVEMENT = "bereavement", _("Bereavement leave (丧假)")

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("leave", "Awaiting approval")
        APPROVED = "approved", pgettext_lazy("leave", "Approved")
        REJECTED = "rejected", pgettext_lazy("leave", "Rejected")

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="leave", verbose_name=_("employee")
    )
    leave_type = models.CharField(_("leave type"), max_length=20, choices=Type.choices)
    start = models.DateField(_("first day"))
    # Working days of the person's shift, in halves: 0.5 is a half day.
    days = models.DecimalField(
        _("days"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    notified_at = models.DateTimeField(_("asked at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    asked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("asked by")
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("leave")
        verbose_name_plural = _("leave")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["employee", "start"], name="staff_leave_employee_start")
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.get_leave_type_display()} {self.start} × {self.days}"
