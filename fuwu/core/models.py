"""Core rows: people, sites, the audit trail and the notification outbox."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, NoReturn

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.roles import BY_GROUP_NAME, Role


class User(AbstractUser):
    """A person who logs in: staff of every role, and administrators."""

    # A person's name (姓名); a site's or a token's is a plain "name" (名称), as Django's own models say.
    display_name = models.CharField(
        pgettext_lazy("person", "name"), max_length=50, blank=True, help_text=_("Chinese full name")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # 工号 / 考勤号码: how the clock machine, DingTalk and WeCom know the person; imports match on it.
    employee_no = models.CharField(
        _("employee number"),
        max_length=32,
        blank=True,
        db_index=True,
        help_text=_("Staff or attendance number: how the clock machine and DingTalk / WeCom know the person"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def know_access(self, roles: frozenset[Role], sites: list[tuple[int, str, str]]) -> None:
        """Remember the user's roles and sites (id, code, name) as read with the user (core.signed_in)."""
        self._roles_cache = roles
        self._sites_cache = sorted(sites, key=lambda site: site[1])

    def loaded_sites(self) -> list[tuple[int, str, str]] | None:
        """(id, code, name) of the user's sites by code, when the user was loaded with them
        (``know_access``); None otherwise."""
        sites: list[tuple[int, str, str]] | None = getattr(self, "_sites_cache", None)
        return sites

    def loaded_site_ids(self) -> list[int] | None:
        """The ids of ``loaded_sites``, or None."""
        sites = self.loaded_sites()
        return None if sites is None else [site[0] for site in sites]

    def forget_access(self) -> None:
        """Drop what the instance knows of its roles and sites, after they changed."""
        for name in ("_roles_cache", "_sites_cache"):
            self.__dict__.pop(name, None)

    def roles(self) -> frozenset[Role]:
        """The user's roles, from its groups; cached on the instance for the request."""
        cached: frozenset[Role] | None = getattr(self, "_roles_cache", None)
        if cached is None:
            names = self.groups.values_list("name", flat=True)
            cached = frozenset(BY_GROUP_NAME[name] for name in names if name in BY_GROUP_NAME)
            self._roles_cache = cached
        return cached

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles() & set(roles))


class Site(models.Model):
    """A place the company works: a project, a residential community or a shop."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("Project")
        COMMUNITY = "community", _("Residential community")
        STORE = "store", _("Store")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    minimum_monthly_wage = models.DecimalField(
        _("local minimum monthly wage (yuan)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text=_("Wage left after deductions may not fall below this (工资支付暂行规定 第十六条)."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    members: models.ManyToManyField[User, Membership] = models.ManyToManyField(
        User, through="Membership", related_name="sites", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user works at a site; it scopes what the user sees."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, verbose_name=_("user"))
    site = models.ForeignKey(Site, on_delete=models.CASCADE, verbose_name=_("site"))
    since = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("site membership")
        verbose_name_plural = _("site memberships")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "site"], name="core_membership_unique_user_site")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.site}"


class AppendOnlyError(Exception):
    """An append-only row was asked to change or disappear."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only")


class AuditEntry(models.Model):
    """One write: who did what to which row, with the row before and after. Never changed."""

    actor = models.ForeignKey(
        User,
        # A person with history is deactivated, never deleted: deleting would rewrite the trail.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=100)
    model_label = models.CharField(_("model"), max_length=100)
    object_pk = models.CharField(_("object id"), max_length=64)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("site")
    )

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering: ClassVar[list[str]] = ["-at", "-id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["model_label", "object_pk"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.model_label}#{self.object_pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In-app")
    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


class OutboxMessage(models.Model):
    """A message to send, written in the same transaction as the change that caused it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # in_app: the recipient's user id; email: an address; wecom/dingtalk: the robot's webhook URL.
    target = models.CharField(_("target"), max_length=500)
    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("recipient")
    )
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("site")
    )
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveIntegerField(_("max attempts"), default=8)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.target} ({self.get_status_display()})"

    @property
    def subject(self) -> str:
        return str(self.payload.get("subject", ""))

    @property
    def body(self) -> str:
        return str(self.payload.get("body", ""))


class Notification(models.Model):
    """An in-app notice on a user's home page."""

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # One notification per outbox row: a retried delivery finds it and creates nothing.
    outbox_message = models.OneToOneField(
        OutboxMessage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notification",
        verbose_name=_("outbox message"),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ApiToken(models.Model):
    """A REST API credential of one user: only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("What the token is for"))
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    # The first characters of the token, so a person can tell their tokens apart without the secret.
    prefix = models.CharField(_("prefix"), max_length=16)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class IdempotentRequest(models.Model):
    """The first response to a POST sent with an Idempotency-Key, replayed for the same key again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("user"))
    key = models.CharField(_("idempotency key"), max_length=200)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    # SHA-256 of the request body: the same key with another body is refused, not replayed.
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    # The response text exactly as first sent (text, not jsonb, so a replay is byte-identical).
    body = models.TextField(_("body"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotentrequest_unique_user_key")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
