"""Selection and appraisal (p05.select, p05.appraise, p05.cycle): the marks given, the score the clause in
force weighs them to (its weights and words kept as they were), the yearly appraisal plan, and what a
month's appraisal pays (p05.income: the behaviour points into the staff ledger as an incident)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site, User
from fuwu.managers.models.levels import Manager
from fuwu.staff.models import Incident


class Scored(models.Model):
    """Marks (each 0–100, by the clause's own criterion words) and the weighted score of the clause."""

    # {"学历": 80, …}: the criteria the clause weighs, as it names them.
    marks = models.JSONField(_("marks"), default=dict)
    # {"学历": "0.15", …}: the weights the score was computed with.
    weights = models.JSONField(_("weights"), default=dict)
    score = models.DecimalField(pgettext_lazy("weighted", "score"), max_digits=5, decimal_places=2)
    clause = models.CharField(_("clause"), max_length=30)
    pack_version = models.PositiveIntegerField(_("pack version"))
    because = models.CharField(_("because"), max_length=300)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        abstract = True


class Selection(Scored):
    """A candidate's selection review (选拔审查测评, p05.select): 学历, 资历, 业绩, 笔试, 面试 weighed."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    candidate = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("candidate")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("selection review")
        verbose_name_plural = _("selection reviews")

    def __str__(self) -> str:
        return f"{self.candidate} {self.score}"


class Appraisal(Scored):
    """A manager's appraisal (考核, p05.appraise: 绩效, 行为, 能力 weighed, 绩效 the most): the month's
    regular one (p05.cycle: monthly) or an ad-hoc one. A regular appraisal's 行为 mark is the month's
    behaviour points, rewarded through ``income_incident`` (p05.income); ``performance_pay`` is the
    month's 绩效工资 as the department head sets it — no clause gives its amount, so it is no ledger entry."""

    class Kind(models.TextChoices):
        REGULAR = "regular", pgettext_lazy("appraisal", "Regular (monthly)")
        AD_HOC = "ad_hoc", pgettext_lazy("appraisal", "Ad hoc")

    manager = models.ForeignKey(
        Manager, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("customer manager")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month appraised"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    behaviour_points = models.PositiveIntegerField(_("behaviour points"), default=0)
    performance_pay = models.DecimalField(
        _("performance pay (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    income_incident = models.OneToOneField(
        Incident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behaviour reward incident"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["manager", "month"], condition=Q(kind="regular"), name="managers_one_regular_a_month"
            )
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["manager", "month"], name="managers_appraisal_month")
        ]

    def __str__(self) -> str:
        return f"{self.manager.user_id} {self.month:%Y-%m} {self.score}"


class AppraisalPlan(models.Model):
    """A site's yearly appraisal plan (考核计划, p05.cycle: its purpose, principles, content and times),
    made at the start of the year and revised at its end."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    year = models.PositiveSmallIntegerField(_("year"))
    purpose = models.TextField(_("purpose"))
    principles = models.TextField(_("principles"))
    content = models.TextField(_("content"))
    timing = models.TextField(_("times"))
    made_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("made by"))
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    revised_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("revised by")
    )
    revised_at = models.DateTimeField(_("revised at"), null=True, blank=True)
    revision = models.TextField(_("revision"), blank=True)

    class Meta:
        verbose_name = _("appraisal plan")
        verbose_name_plural = _("appraisal plans")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["site", "year"], name="managers_plan_site_year")
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.year}"
