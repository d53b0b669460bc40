"""The fines-and-rewards ledger (奖惩台账): append-only, every line citing its clause as it was."""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import AppendOnlyError, Site, User
from fuwu.staff.models.employees import Employee


class LedgerQuerySet(models.QuerySet["LedgerEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("ledger entries are append-only: a correction is a reversing entry")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("ledger entries are append-only: a correction is a reversing entry")


class LedgerEntry(models.Model):
    """One amount for or against an employee in a payroll month.

    A fine is kept as a positive amount and its kind says which way it goes. The full-attendance bonus
    forfeited (p01.3) is a deduction of the bonus.

    Nothing is updated or deleted (the model refuses, and the database's triggers too): a correction is a
    new entry that ``reverses`` the old one with the opposite amount. ``key`` is the engine decision's
    identity (decisions/0011), so evaluating the same facts again finds the entry it already made.
    """

    class Kind(models.TextChoices):
        FINE = "fine", _("Fine")
        REWARD = "reward", _("Reward")
        COMPENSATION = "compensation", _("Compensation")
        DEDUCTION = "deduction", _("Deduction")

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="ledger", verbose_name=_("employee")
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    # The payroll month it counts in: the month of its facts while that month is open, else the first
    # open month after it (a correction of a closed month lands in the next one; so does compensation
    # carried over the 20 % cap, in the month it is due).
    month = models.DateField(_("month"), help_text=_("The first day of the payroll month"))
    # The month whose facts gave it (its first day): the month the reconcile evaluates.
    period = models.DateField(_("month of the facts"))
    # The day of the fact that gave it (the late shift's date); None for a decision about the month.
    day = models.DateField(_("day"), null=True, blank=True)
    # The engine's ref of the fact that gave it: ``day:<shift id>``, ``leave:<id>``, ``incident:<id>``.
    ref = models.CharField(_("fact"), max_length=60, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # As the engine gives it (a fine of 10.00 is 10.00; its kind says which way it goes); a reversal
    # carries the opposite amount, so the entries of a key always add up to what stands.
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    clause = models.CharField(_("clause"), max_length=20)
    pack = models.CharField(_("pack"), max_length=10)
    pack_version = models.PositiveIntegerField(_("pack version"))
    profile = models.CharField(_("profile"), max_length=50)
    profile_version = models.PositiveIntegerField(_("profile version"))
    clause_text = models.TextField(
        _("clause text"), help_text=_("The clause as it read when the entry was made")
    )
    because = models.CharField(_("because"), max_length=300)
    key = models.CharField(_("decision key"), max_length=200, db_index=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["employee", "month"], name="staff_ledger_employee_month"),
            # kind and amount too: a site's month is summed from the index alone (the month view's totals).
            models.Index(fields=["site", "month", "kind", "amount"], name="staff_ledger_site_month_sums"),
            models.Index(fields=["employee", "period"], name="staff_ledger_employee_period"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.month:%Y-%m} {self.clause} {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("ledger entries are append-only: a correction is a reversing entry")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("ledger entries are append-only: a correction is a reversing entry")
