"""Return visits (回访), the rectification a dissatisfied visit starts, and reproducible samples."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import Site, User
from fuwu.orders import labels
from fuwu.orders.models.orders import Batch, Order


class Sample(models.Model):
    """One draw of orders for return visits (p15.r1, p10.3.10), reproducible from its seed."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    seed = models.BigIntegerField(_("seed"))
    population = models.PositiveIntegerField(_("population"))
    chosen = models.JSONField(_("chosen orders"), default=list)
    clause = models.CharField(_("clause"), max_length=30)
    pack_version = models.PositiveIntegerField(_("pack version"))
    because = models.CharField(_("because"), max_length=300)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("return-visit sample")
        verbose_name_plural = _("return-visit samples")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.site} {self.start}–{self.end} seed {self.seed}"


class ReturnVisit(models.Model):
    """A visit owed to an order (or a repaired batch), and its result on the five-level score."""

    class Source(models.TextChoices):
        SAMPLE = "sample", _("Sampled")
        RULE = "rule", _("Required by a clause")
        RECTIFICATION = "rectification", _("After rectification")
        MANUAL = "manual", _("Created by hand")

    class Channel(models.TextChoices):
        VISIT = "visit", _("In person")
        PHONE = "phone", _("Phone")
        INTERCOM = "intercom", _("Intercom")

    class State(models.TextChoices):
        DUE = "due", _("Due")
        DONE = "done", _("Done")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("order"),
    )
    batch = models.ForeignKey(
        Batch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("batch"),
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    source = models.CharField(_("source"), max_length=15, choices=Source.choices)
    sample = models.ForeignKey(
        Sample,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("sample"),
    )
    due = models.DateTimeField(_("due"))
    clause = models.CharField(_("clause"), max_length=30, blank=True)
    assignee = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("assignee")
    )
    state = models.CharField(_("state"), max_length=5, choices=State.choices, default=State.DUE)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True)
    # p15.r3: the repair checked on site, the staff's behaviour, suggestions, what was charged.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    reason = models.TextField(_("reason for dissatisfaction"), blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        ordering: ClassVar[list[str]] = ["due", "id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "state", "due"], name="orders_visit_worklist"),
            models.Index(fields=["assignee", "state", "due"], name="orders_visit_assignee"),
            models.Index(fields=["site", "visited_at"], name="orders_visit_site_visited"),
        ]

    def __str__(self) -> str:
        return gettext("%(subject)s return visit round %(round)s") % {
            "subject": self.order or self.batch,
            "round": self.round,
        }

    @property
    def is_overdue(self) -> bool:
        return self.state == self.State.DUE and self.due < timezone.now()

    @property
    def score_label(self) -> str:
        return labels.SCORES.get(self.score or 0, "")


class Rectification(models.Model):
    """Work the technician owes after a visit scored 2 or 1 (p15.r4, p10.3.8): due in 24 hours."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="rectifications", verbose_name=_("order")
    )
    visit = models.OneToOneField(
        ReturnVisit, on_delete=models.PROTECT, related_name="rectification", verbose_name=_("visit")
    )
    assignee = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("assignee")
    )
    due = models.DateTimeField(_("due"))
    clause = models.CharField(_("clause"), max_length=30)
    state = models.CharField(_("state"), max_length=5, choices=State.choices, default=State.OPEN)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    next_visit = models.OneToOneField(
        ReturnVisit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="after_rectification",
        verbose_name=_("next visit"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering: ClassVar[list[str]] = ["due", "id"]

    def __str__(self) -> str:
        return gettext("%(order)s rectification") % {"order": self.order}
