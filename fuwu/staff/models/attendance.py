"""What the clock said: one row per scheduled shift of a day, and the import that brought it."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


class ColumnMapping(models.Model):
    """A saved reading of an export of any other layout: which header holds each of Fuwu's fields.

    ``columns`` maps Fuwu's field (``employee_no`` or ``name``, ``date``, ``shift``, ``in_1``/``out_1`` …,
    or ``at`` for one tap a row) to the header text as the file writes it. Imports name it as their
    source."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    columns = models.JSONField(_("columns"), default=dict)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self) -> str:
        return self.name


class Job(models.Model):
    """Long work done by the background worker while the page shows its progress: an attendance import
    (the uploaded file, then the import it made or every problem that refused it) or a month's close."""

    class Kind(models.TextChoices):
        IMPORT = "import", pgettext_lazy("job", "Attendance import")
        CLOSE = "close", pgettext_lazy("job", "Monthly close")

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job", "Waiting")
        RUNNING = "running", pgettext_lazy("job", "Running")
        DONE = "done", pgettext_lazy("job", "Done")
        REFUSED = "refused", pgettext_lazy("job", "Refused")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    month = models.DateField(_("month"), null=True, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=50, blank=True)
    # The file as uploaded, dropped once the job has finished (the import keeps what it read).
    data = models.BinaryField(_("file"), null=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    of = models.PositiveIntegerField(_("of"), default=0)
    # Why it was refused: [{"place": "每日统计 row 12, column “工号”", "loc": [...], "message": "…"}].
    problems = models.JSONField(_("problems"), default=list)
    result = models.ForeignKey(
        AttendanceImport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import"),
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.get_state_display()})"
