"""Approval chains (审批): a request for one subject of another app, its ordered steps, and delegations.

The subject is another app's row, named the way ``regulations.Obligation`` names it (``subject_type`` +
``subject_id``: "order" + the order's id), so this app depends on none of them. What the pack said when the
request was made (clause, version, action, the clause's text, who approves, above which amount) is kept on
the request, so a later version of the pack never rewrites what an approver approved.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site, User


class ApprovalRequest(models.Model):
    """One subject waiting for (or given) the approval the regulations ask for."""

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("approval", "Awaiting approval")
        APPROVED = "approved", pgettext_lazy("approval", "Approved")
        REJECTED = "rejected", pgettext_lazy("approval", "Rejected")
        CANCELLED = "cancelled", pgettext_lazy("approval", "Withdrawn")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    subject_type = models.CharField(_("subject type"), max_length=30)
    subject_id = models.CharField(_("subject id"), max_length=64)
    # How the subject's app names and links its row, so the queue reads no other app's table.
    summary = models.CharField(_("summary"), max_length=300)
    subject_url = models.CharField(_("subject address"), max_length=300, blank=True)
    clause = models.CharField(_("clause"), max_length=40)
    pack = models.CharField(_("pack"), max_length=20)
    pack_version = models.PositiveIntegerField(_("pack version"))
    action = models.CharField(_("what needs approval"), max_length=300)
    # Every rule the request answers, as the pack versions in force worded them (ApprovalRule + the text).
    rules = models.JSONField(_("rules"), default=list)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    unapproved = models.CharField(_("without approval"), max_length=30, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancel reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering: ClassVar[list[str]] = ["-requested_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["subject_type", "subject_id", "-id"], name="approvals_subject"),
            models.Index(fields=["state", "site", "-requested_at", "-id"], name="approvals_state_site"),
            models.Index(fields=["-requested_at", "-id"], name="approvals_requested"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            # A subject waits in one chain at a time: a second request while one is pending is refused.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"],
                condition=Q(state="pending"),
                name="approvals_one_pending_per_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.clause} {self.summary}"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING

    @property
    def costs_to_customer(self) -> bool:
        """Whether, without the approval (refused or withdrawn), the costs fall on the customer (p12.15)."""
        return self.unapproved == "costs_to_customer" and self.state in (
            self.State.REJECTED,
            self.State.CANCELLED,
        )

    @property
    def clauses(self) -> list[str]:
        return [str(rule["clause"]) for rule in self.rules]

    def last_decision(self) -> ApprovalStep | None:
        """The step decided last (one query), or None when none was decided (withdrawn before any)."""
        return self.steps.exclude(decided_at=None).order_by("-position").first()

    def outcome_note(self) -> str:
        """Why it ended as it did: the last decider's note, or the reason it was withdrawn."""
        decided = self.last_decision()
        return decided.note if decided is not None and decided.note else self.cancel_reason

    def rule_text(self) -> str:
        """The packs' text of every clause the request answers."""
        return "\n".join(str(rule.get("text", "")) for rule in self.rules if rule.get("text"))


class ApprovalStep(models.Model):
    """One approver's decision in a chain: the steps are decided in order, each by a holder of its role."""

    class State(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("approval step", "Not yet reached")
        PENDING = "pending", pgettext_lazy("approval step", "Awaiting decision")
        APPROVED = "approved", pgettext_lazy("approval", "Approved")
        REJECTED = "rejected", pgettext_lazy("approval", "Rejected")
        SKIPPED = "skipped", pgettext_lazy("approval step", "Not needed")

    request = models.ForeignKey(
        ApprovalRequest, on_delete=models.PROTECT, related_name="steps", verbose_name=_("approval request")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    # Fuwu's role code (general_manager, general_manager_meeting, supervisor …) and the pack's own word.
    role = models.CharField(_("role"), max_length=40)
    pack_role = models.CharField(_("pack's approver"), max_length=40)
    step_clauses = models.JSONField(_("clauses"), default=list)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    pending_since = models.DateTimeField(_("awaiting since"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    on_behalf_of = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    note = models.TextField(_("note"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering: ClassVar[list[str]] = ["request", "position"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["state", "role", "pending_since"], name="approvals_step_queue")
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["request", "position"], name="approvals_step_position")
        ]

    def __str__(self) -> str:
        return f"{self.request_id}#{self.position} {self.role} {self.state}"


class DelegationQuerySet(models.QuerySet["Delegation"]):
    def active(self, at: dt.datetime | None = None) -> DelegationQuerySet:
        """Delegations in force at ``at`` (now): started, not past their end, not ended early."""
        moment = at or timezone.now()
        return self.filter(starts_at__lte=moment, ends_at__gt=moment, ended_at__isnull=True)


class Delegation(models.Model):
    """An approver away hands their approvals to a colleague for a period; the colleague decides on their
    behalf. Ending it early keeps the row (``ended_at``), so the trail says who could decide when."""

    delegator = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="delegations_given", verbose_name=_("approver away")
    )
    delegate = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="delegations_taken", verbose_name=_("delegate")
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ended by")
    )

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering: ClassVar[list[str]] = ["-starts_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["delegate", "ends_at"], name="approvals_delegate"),
            models.Index(fields=["delegator", "ends_at"], name="approvals_delegator"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=~Q(delegator=models.F("delegate")), name="approvals_not_self"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="approvals_period"),
        ]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.delegate}"

    def in_force(self, at: dt.datetime | None = None) -> bool:
        moment = at or timezone.now()
        return self.ended_at is None and self.starts_at <= moment < self.ends_at
