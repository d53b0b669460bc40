"""Calls and letters as the registers of p16.b7 and p16.b8 keep them, and the requests raised in calls.

One recorded ``Call`` is both a line of the call record (跟踪服务电话记录表: 通话时间, 客户名称, 电话,
呼入或呼出, 通话要点, 客户要求或投诉, 处理情况, 经办回访员) and of the call register (跟踪服务电话登记表:
日期, 客户名称, 电话, 呼入或呼出, 事由, 经办回访员): the registers are two readings of one table. A
``Letter`` is a line of the letter register (跟踪服务信函登记表). A ``CallRequest`` is what the customer
asked or complained of in a call (p16.b4): answered at once, or studied, reported to the supervisor when
still open after two days, and told to the customer the day a solution is found.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site, User
from fuwu.customers.models import Customer, CustomerEvent


class Call(models.Model):
    """One telephone call with a customer, out or in, with what was said and what was done about it."""

    class Direction(models.TextChoices):
        OUT = "out", _("Outgoing")
        IN = "in", _("Incoming")

    class Purpose(models.TextChoices):
        # 事由: what the call was for. The first two are the follow-up calls of p16.b4 and p16.b5.
        FIRST = "first_follow_up", _("First follow-up call")
        SECOND = "second_follow_up", _("Second follow-up call")
        PLANNED = "planned_contact", _("Planned contact")
        CAMPAIGN = "campaign_notice", _("Campaign notice")
        ANSWER = "answer", _("Answer to a request")
        CONSULTATION = "consultation", _("Consultation")
        COMPLAINT = "complaint", _("Complaint")
        OTHER = "other", pgettext_lazy("call purpose", "Other")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="+", verbose_name=_("customer")
    )
    at = models.DateTimeField(_("time of call"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    direction = models.CharField(_("in or out"), max_length=3, choices=Direction.choices)
    purpose = models.CharField(pgettext_lazy("call", "purpose"), max_length=20, choices=Purpose.choices)
    emergency = models.BooleanField(_("emergency"), default=False)
    points = models.TextField(_("main points"), max_length=1000, blank=True)
    requests = models.TextField(_("customer's request or complaint"), max_length=1000, blank=True)
    handling = models.TextField(_("handling"), max_length=1000, blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("handled by"))
    # The timeline entry the call wrote (a follow-up call, a consultation or a complaint), if any.
    event = models.ForeignKey(
        CustomerEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("timeline entry"),
    )
    # What the regulations found wrong with the call when it was recorded (p08.23 call hours, a window
    # missed): [{"clause": "p08.23", "because": "…"}].
    violations = models.JSONField(_("violations"), default=list, blank=True)
    plan = models.ForeignKey(
        "ContactPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned contact"),
    )
    campaign = models.ForeignKey(
        "Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campaign"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("follow-up", "call")
        verbose_name_plural = _("calls")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "at"], name="followup_call_site_at"),
            models.Index(fields=["customer", "at"], name="followup_call_customer_at"),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.get_direction_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def sequence(self) -> int | None:
        """1 or 2 for the follow-up calls of p16.b4 and p16.b5, else None."""
        return {self.Purpose.FIRST: 1, self.Purpose.SECOND: 2}.get(self.Purpose(self.purpose))


class Letter(models.Model):
    """A letter sent to a customer (p16.b8: notices, invitations and replies are all registered)."""

    class Category(models.TextChoices):
        NOTICE = "notice", _("Notice")
        INVITATION = "invitation", _("Invitation")
        REPLY = "reply", _("Reply letter")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="+", verbose_name=_("customer")
    )
    sent_on = models.DateField(_("sent on"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    category = models.CharField(_("letter category"), max_length=12, choices=Category.choices)
    summary = models.CharField(_("summary"), max_length=300)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("handled by"))
    campaign = models.ForeignKey(
        "Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campaign"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "sent_on"], name="followup_letter_site_sent"),
            models.Index(fields=["customer", "sent_on"], name="followup_letter_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.get_category_display()} {self.sent_on}"


class CallRequest(models.Model):
    """What a customer asked for or complained of in a call, and what became of it (p16.b4's note)."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("Request")
        COMPLAINT = "complaint", _("Complaint")

    class State(models.TextChoices):
        ANSWERED = "answered", _("Answered at once")
        STUDYING = "studying", _("Being studied")
        ESCALATED = "escalated", _("Reported to the supervisor")
        SOLVED = "solved", _("Solution found")
        TOLD = "told", _("Customer told")

    OPEN_STATES: ClassVar[tuple[str, ...]] = ("studying", "escalated", "solved")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="+", verbose_name=_("customer")
    )
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("follow-up", "call")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REQUEST)
    text = models.CharField(_("customer's request or complaint"), max_length=1000)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    raised_at = models.DateTimeField(_("raised at"))
    # When it is reported to the supervisor unless solved first: two days after it was raised (p16.b4).
    escalate_at = models.DateTimeField(_("reported to the supervisor from"))
    escalated_at = models.DateTimeField(_("reported to the supervisor at"), null=True, blank=True)
    # What is owed next and by when, for the worklist: reported by ``escalate_at`` while studied; once a
    # solution is found, told by the end of that day.
    due = models.DateTimeField(_("due"))
    escalated_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    study_note = models.CharField(_("study notes"), max_length=1000, blank=True)
    solution = models.CharField(_("solution"), max_length=1000, blank=True)
    solved_at = models.DateTimeField(_("solution found at"), null=True, blank=True)
    solved_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("solution found by"),
    )
    told_at = models.DateTimeField(_("customer told at"), null=True, blank=True)
    told_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer told by"),
    )
    # The after-sales complaint the complaint became, when that app records it (its id).
    complaint_id = models.PositiveBigIntegerField(_("after-sales complaint"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer request")
        verbose_name_plural = _("customer requests")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["customer", "state"], name="followup_request_customer"),
            models.Index(fields=["site", "state", "raised_at"], name="followup_request_site"),
            # The escalation sweep: studied requests by the time they are due to the supervisor.
            models.Index(
                fields=["escalate_at"], name="followup_request_escalate", condition=Q(state="studying")
            ),
            # The worklist: the open requests of a manager's customers. Only the open ones, so that the
            # index stays as small as the open work however many requests were answered (PostgreSQL read
            # every request of the company to join them to the manager's customers without it).
            models.Index(
                fields=["customer", "due"],
                name="followup_request_open",
                condition=Q(state__in=("studying", "escalated", "solved")),  # OPEN_STATES
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer}: {self.text[:30]}"
