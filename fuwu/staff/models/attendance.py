"""What the clock said: one row per scheduled shift of a day, and the import that brought it."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import Site, User
from fuwu.staff.models.employees import Employee

SOURCE_NAMES = {
    "dingtalk": _("DingTalk (钉钉)"),
    "wecom": _("WeCom (企业微信)"),
    "zkteco": _("ZKTeco clock (中控)"),
}


class AttendanceImport(models.Model):
    """One file imported whole: which source it was, what it held, who brought it."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    source = models.CharField(_("source"), max_length=30)
    filename = models.CharField(_("file name"), max_length=255)
    rows = models.PositiveIntegerField(_("shifts"), default=0)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    first_day = models.DateField(_("from"), null=True)
    last_day = models.DateField(_("to"), null=True)
    by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("imported by")
    )
    at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance import")
        verbose_name_plural = _("attendance imports")
        ordering: ClassVar[list[str]] = ["-at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.source})"

    @property
    def source_name(self) -> str:
        """The source as people call it (a saved column mapping by its own name)."""
        return str(SOURCE_NAMES.get(self.source, self.source))


class AttendanceDay(models.Model):
    """One scheduled shift of an employee on a day, with the clock times the source gave (local time).

    The times are the facts the engine judges; the vendor's own verdict (迟到, 旷工 …) is kept only to show
    where it disagrees. A later import of the same day replaces the times; a correction by hand gives its
    reason. Both leave audit entries.
    """

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="days", verbose_name=_("employee")
    )
    day = models.DateField(_("date"))
    shift_start = models.TimeField(_("shift start"))
    shift_end = models.TimeField(_("shift end"))
    clock_in = models.DateTimeField(_("clock in"), null=True, blank=True)
    clock_out = models.DateTimeField(_("clock out"), null=True, blank=True)
    vendor_result = models.CharField(_("source's result"), max_length=200, blank=True)
    source = models.ForeignKey(
        AttendanceImport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="days",
        verbose_name=_("import"),
    )
    correction = models.CharField(_("correction reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendance day")
        verbose_name_plural = _("attendance days")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["employee", "day", "shift_start"], name="staff_attendance_shift")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["employee", "day"], name="staff_attendance_month")
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.day}"
