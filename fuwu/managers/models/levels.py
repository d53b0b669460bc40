"""Customer managers (客户经理) and their levels: who may be one (p05.eligible: the base conditions, checked
and certified by the department head), each manager's level (p05.levels: 高级 > 一级 > 二级 > 见习) with the
level's qualifications checked one by one with evidence, and every change of level (p05.result: proposed
from an appraisal, confirmed by the department head; nothing moves by itself)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site, User


class Level(models.TextChoices):
    """The four levels of p05.levels, highest first; the pack names them 高级, 一级, 二级, 见习."""

    SENIOR = "senior", pgettext_lazy("manager level", "Senior")
    FIRST = "first", pgettext_lazy("manager level", "Level one")
    SECOND = "second", pgettext_lazy("manager level", "Level two")
    TRAINEE = "trainee", pgettext_lazy("manager level", "Trainee")


# The pack's word for each level (p05.levels' statuses), highest first: a test holds them to the pack.
PACK_WORDS: dict[str, str] = {
    Level.SENIOR: "高级",
    Level.FIRST: "一级",
    Level.SECOND: "二级",
    Level.TRAINEE: "见习",
}


def rank(level: str) -> int:
    """0 for the lowest level (见习) up to 3 for the highest (高级)."""
    return list(reversed(Level.values)).index(level)


class Eligibility(models.Model):
    """A qualification review and certification (资格审查与认证, p05.eligible): the base conditions of the
    clause in force, each checked with its evidence, approved or refused by the role the pack names (the
    department head). Nobody is appointed without an approved one."""

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("eligibility", "Awaiting approval")
        APPROVED = "approved", pgettext_lazy("eligibility", "Certified")
        REFUSED = "refused", pgettext_lazy("eligibility", "Refused")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    candidate = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("candidate")
    )
    # [{"number": 1, "text": "良好的职业道德", "met": true, "evidence": "…"}], as the clause words them.
    conditions = models.JSONField(_("conditions"), default=list)
    clause = models.CharField(_("clause"), max_length=30)
    pack_version = models.PositiveIntegerField(_("pack version"))
    approver_role = models.CharField(_("approved by role"), max_length=40)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("eligibility review")
        verbose_name_plural = _("eligibility reviews")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "candidate"], name="managers_eligibility_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} {self.get_state_display()}"


class Manager(models.Model):
    """A customer manager of a site and their level now (history in ``LevelChange``)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    level = models.CharField(pgettext_lazy("manager", "level"), max_length=10, choices=Level.choices)
    eligibility = models.ForeignKey(
        Eligibility, on_delete=models.PROTECT, related_name="+", verbose_name=_("eligibility review")
    )
    appointed_at = models.DateTimeField(_("appointed at"), default=timezone.now)
    appointed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("appointed by")
    )

    class Meta:
        verbose_name = _("customer manager")
        verbose_name_plural = _("customer managers")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["site", "user"], name="managers_manager_site_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_level_display()}"


class QualificationCheck(models.Model):
    """One qualification of a level (p05.levels, as the clause words it) checked for a manager: met or
    not, and the evidence. Checked again, the row changes and the audit trail keeps what it was."""

    manager = models.ForeignKey(
        Manager, on_delete=models.PROTECT, related_name="checks", verbose_name=_("customer manager")
    )
    level = models.CharField(pgettext_lazy("manager", "level"), max_length=10, choices=Level.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("qualification"), max_length=300)
    met = models.BooleanField(_("met"), default=False)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    pack_version = models.PositiveIntegerField(_("pack version"))
    checked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked by")
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)

    class Meta:
        verbose_name = _("qualification check")
        verbose_name_plural = _("qualification checks")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["manager", "level", "number"], name="managers_check_unique")
        ]

    def __str__(self) -> str:
        return f"{self.manager} {self.level} ({self.number})"


class LevelChange(models.Model):
    """A manager's level set on appointment, or moved up or down on an appraisal's result (p05.result): a
    proposal the department head confirms or rejects. Only a confirmed change moves ``Manager.level``."""

    class State(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("level change", "Proposed")
        CONFIRMED = "confirmed", pgettext_lazy("level change", "Confirmed")
        REJECTED = "rejected", pgettext_lazy("level change", "Rejected")

    manager = models.ForeignKey(
        Manager, on_delete=models.PROTECT, related_name="changes", verbose_name=_("customer manager")
    )
    from_level = models.CharField(_("from level"), max_length=10, choices=Level.choices, blank=True)
    to_level = models.CharField(_("to level"), max_length=10, choices=Level.choices)
    reason = models.CharField(_("reason"), max_length=300)
    appraisal = models.ForeignKey(
        "managers.Appraisal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appraisal"),
    )
    clause = models.CharField(_("clause"), max_length=30)
    pack_version = models.PositiveIntegerField(_("pack version"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    proposed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("level change")
        verbose_name_plural = _("level changes")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["manager", "proposed_at"], name="managers_change_manager")
        ]

    def __str__(self) -> str:
        return f"{self.manager.user_id} {self.from_level or '—'} → {self.to_level}"
