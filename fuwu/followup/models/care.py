"""The property services of p08 as work: the new owner's visit (p08.5), the elderly living alone and
their monthly visits and holiday greetings (p08.15), weddings (p08.4) and community activities (p08.16).

``HouseholdCare`` is what the site keeps about a household for these services (who looks after it, an
elderly person living alone); ``HouseholdVisit`` a visit made; ``Occasion`` a happening that the packs'
event-driven duties follow (a holiday, a wedding, an activity); ``ServiceTask`` one such duty to do.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site, User
from fuwu.customers.models import Household


class HouseholdCare(models.Model):
    """Who looks after a household for the property services, and whether an elderly person lives there
    alone (空巢老人, p08.15)."""

    household = models.OneToOneField(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    assignee = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("looked after by"),
    )
    elderly_alone = models.BooleanField(_("elderly living alone"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("household care")
        verbose_name_plural = _("household care")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site"], name="followup_care_elderly", condition=Q(elderly_alone=True)),
        ]

    def __str__(self) -> str:
        return str(self.household)


class HouseholdVisit(models.Model):
    """A visit to a household: a new owner's (meets p08.5), an elderly resident's, any other."""

    class Kind(models.TextChoices):
        NEW_OWNER = "new_owner", _("New owner")
        ELDERLY = "elderly", _("Elderly living alone")
        OTHER = "other", pgettext_lazy("visit kind", "Other")

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(pgettext_lazy("household visit", "visited at"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("visited by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("household visit")
        verbose_name_plural = _("household visits")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["household", "at"], name="followup_visit_household"),
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.at:%Y-%m-%d}"


class Occasion(models.Model):
    """A happening the packs' event-driven duties follow: a public holiday (from the work calendar or
    entered by a supervisor), an owner's wedding, a community activity."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday")
        WEDDING = "wedding", _("Wedding")
        ACTIVITY = "activity", _("Community activity")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=100)
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household"),
    )
    # None: entered from the work calendar by the system.
    by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("occasion")
        verbose_name_plural = _("occasions")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            # The calendar's holiday is entered once per site, however often the daily run looks.
            models.UniqueConstraint(
                fields=["site", "date"], name="followup_occasion_holiday", condition=Q(kind="holiday")
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.date}"


class ServiceTask(models.Model):
    """One duty of the packs to do for a household or a site, citing its clause: an elderly resident's
    monthly visit or holiday greeting (p08.15), a wedding's arrangements (p08.4), inviting absent owners
    to an activity (p08.16)."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("task", "Open")
        DONE = "done", _("Done")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    what = models.CharField(_("what"), max_length=40)
    title = models.CharField(_("title"), max_length=100)
    clause = models.CharField(_("clause"), max_length=30)
    pack_version = models.PositiveIntegerField(_("pack version"))
    checklist = models.JSONField(_("checklist"), default=list, blank=True)
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household"),
    )
    occasion = models.ForeignKey(
        Occasion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("occasion"),
    )
    due = models.DateTimeField(_("due"))
    assignee = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("assignee")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("done by")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # What makes the task unique, so a run that makes it twice makes it once:
    # "visit_elderly_alone:<household>:<due>", "holiday_greeting_elderly:<occasion>:<household>" …
    key = models.CharField(_("key"), max_length=120, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("service task")
        verbose_name_plural = _("service tasks")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["assignee", "state", "due"], name="followup_task_assignee"),
            models.Index(fields=["site", "state", "due"], name="followup_task_site"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.due:%Y-%m-%d}"
