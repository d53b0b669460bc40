"""What the regulations bind at each site, and the deadlines, windows and tasks stored from the engine.

Every app shares ``Obligation``: one table, so the reminder and breach sweep is one indexed query however
many apps add deadlines. A row is never deleted: a deadline that no longer applies becomes ``void``.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import Site, User


class SiteRegulation(models.Model):
    """The regulation profile a site runs by; its version goes up with every change."""

    DEFAULT_TIME_ZONE = "Asia/Shanghai"

    site = models.OneToOneField(
        Site, on_delete=models.CASCADE, related_name="regulation", verbose_name=_("site")
    )
    profile = models.CharField(
        _("profile"), max_length=50, default="demo", help_text=_("A profile shipped with Fuwu.")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    time_zone = models.CharField(_("time zone"), max_length=50, default=DEFAULT_TIME_ZONE)
    wecom_webhook = models.URLField(_("WeCom group robot webhook"), max_length=500, blank=True)
    dingtalk_webhook = models.URLField(_("DingTalk group robot webhook"), max_length=500, blank=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("site regulations")
        verbose_name_plural = _("site regulations")

    def __str__(self) -> str:
        return f"{self.site} · {self.profile} v{self.version}"


class Obligation(models.Model):
    """A deadline, window or task the regulations put on a subject, citing the clause that set it."""

    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("Deadline")
        WINDOW = "window", _("Window")
        TASK = "task", _("Task")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        BREACHED = "breached", _("Breached")
        VOID = "void", _("Void")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    subject_type = models.CharField(_("subject type"), max_length=30)
    subject_id = models.CharField(_("subject id"), max_length=64)
    # The engine's decision key: the same fact gives the same key, so reconciling matches rows by it.
    key = models.CharField(_("key"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    what = models.CharField(_("what"), max_length=30)
    clause = models.CharField(_("clause"), max_length=30)
    pack = models.CharField(_("pack"), max_length=10)
    pack_version = models.PositiveIntegerField(_("pack version"))
    profile = models.CharField(_("profile"), max_length=50)
    profile_version = models.PositiveIntegerField(_("profile version"))
    because = models.CharField(_("because"), max_length=300)
    due = models.DateTimeField(_("due"))  # a window's latest moment
    earliest = models.DateTimeField(_("earliest"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    assignee = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("assignee")
    )
    link = models.CharField(_("link"), max_length=300, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    breach_notified_at = models.DateTimeField(_("breach notified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering: ClassVar[list[str]] = ["due", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["subject_type", "key"], name="regulations_obligation_unique_key")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["subject_type", "subject_id"], name="regulations_obl_subject"),
            # KPIs: a site's deadlines due in a month.
            models.Index(fields=["site", "subject_type", "due"], name="regulations_obl_site_due"),
            # A person's work by due time (the follow-up worklist: what is still owed, open or breached):
            # the assignee's rows in a state, not every row ever assigned to them (the foreign key's own
            # index reads all of those: three a customer a year, and growing).
            models.Index(fields=["assignee", "state", "due"], name="regulations_obl_assignee"),
            # The sweep's one query: open rows by due time; a partial index stays small however many
            # closed rows pile up.
            models.Index(fields=["due"], name="regulations_obl_open_due", condition=Q(state="open")),
            # Breaches a reconcile found before the sweep did, still to be announced.
            models.Index(
                fields=["due"],
                name="regulations_obl_unnotified",
                condition=Q(state="breached", breach_notified_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clause} {self.what} {self.due:%Y-%m-%d %H:%M} ({self.state})"


class HolidayYear(models.Model):
    """A year's official holiday arrangement entered by an administrator (放假安排 with its 调休).

    The calendar library lags each November's announcement of the next year; an entered year takes
    precedence over it, and until a year is known, duties that follow the calendar cannot be scheduled in it.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    holidays = models.TextField(
        _("public holidays"),
        help_text=_("One date per line, YYYY-MM-DD: days off, including weekdays moved."),
    )
    workdays = models.TextField(
        _("adjusted workdays"),
        blank=True,
        help_text=_("One date per line: weekend days worked instead (调休)."),
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("holiday arrangement")
        verbose_name_plural = _("holiday arrangements")
        ordering: ClassVar[list[str]] = ["-year"]

    def __str__(self) -> str:
        return str(self.year)
