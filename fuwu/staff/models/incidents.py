"""Incidents (违规与表彰记录) and their appeals (申诉).

A supervisor records what happened by choosing the clause; the engine prices it. It binds — becomes
ledger entries through the month's reconcile — once approved; the employee may appeal it once, and an
upheld appeal takes the incident out of the facts, so the reconcile reverses what it gave.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site, User
from fuwu.staff.models.attendance import AttendanceDay
from fuwu.staff.models.employees import Employee


class Incident(models.Model):
    class State(models.TextChoices):
        RECORDED = "recorded", pgettext_lazy("incident", "Awaiting approval")
        APPROVED = "approved", pgettext_lazy("incident", "Approved")
        REJECTED = "rejected", pgettext_lazy("incident", "Not approved")
        WITHDRAWN = "withdrawn", pgettext_lazy("incident", "Withdrawn on appeal")

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("employee")
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    clause = models.CharField(_("clause"), max_length=20)
    at = models.DateTimeField(_("happened at"))
    # Only where the clause lets the recorder set it (p04.8: at least 20 yuan).
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    cost = models.DecimalField(
        _("cost of the damage (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    concealed = models.BooleanField(_("concealed"), default=False)
    # How many times the clause's fixed amount applies: p05.income pays per behaviour point.
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    manager_on_duty = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("manager on duty"),
    )
    note = models.CharField(_("what happened"), max_length=500)
    # The engine's entries when it was recorded, shown to the approver: [{kind, subject, amount, because}].
    proposed = models.JSONField(_("proposed entries"), default=list)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RECORDED)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    approver_role = models.CharField(_("approved by role"), max_length=40)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["employee", "at"], name="staff_incident_employee_at"),
            models.Index(fields=["site", "state"], name="staff_incident_site_state"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.clause} {self.at:%Y-%m-%d}"


class Appeal(models.Model):
    """The employee's one appeal of an incident, or of what the clock said on a shift (the times they say
    are right), and its decision. An upheld appeal of an incident withdraws it; of a shift, corrects its
    times to the ones claimed. Either way the ledger follows by reversing entries."""

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("appeal", "Awaiting decision")
        UPHELD = "upheld", pgettext_lazy("appeal", "Upheld")
        DISMISSED = "dismissed", pgettext_lazy("appeal", "Dismissed")

    incident = models.OneToOneField(
        Incident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeal",
        verbose_name=_("incident"),
    )
    shift = models.OneToOneField(
        AttendanceDay,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeal",
        verbose_name=pgettext_lazy("appealed", "shift"),
    )
    # For a shift: the clock times the employee says are right (None: keep what the clock said).
    clock_in = models.DateTimeField(_("clock-in claimed"), null=True, blank=True)
    clock_out = models.DateTimeField(_("clock-out claimed"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("appealed by"))
    at = models.DateTimeField(_("appealed at"), default=timezone.now)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(incident__isnull=False, shift__isnull=True)
                | models.Q(incident__isnull=True, shift__isnull=False),
                name="staff_appeal_incident_or_shift",
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident or self.shift} {self.get_state_display()}"
