"""The Django admin for administrators. Every save and delete made here is in the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import AuditEntry, Membership, Notification, OutboxMessage, Site, User
from fuwu.core.services import audit, delivery


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class AuditedAdminMixin:
    """Records admin saves, deletes and inline edits, in the admin's own transaction."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        before = None
        if change and obj.pk is not None:
            previous = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit.snapshot(previous) if previous is not None else None
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        audit.record(
            actor=_actor(request),
            action=f"admin.{'change' if change else 'add'}",
            obj=obj,
            before=before,
            after=audit.snapshot(obj),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(
            actor=_actor(request), action="admin.delete", obj=obj, before=audit.snapshot(obj), after=None
        )
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit.record(
                actor=_actor(request), action="admin.delete", obj=obj, before=audit.snapshot(obj), after=None
            )
        super().delete_queryset(request, queryset)  # type: ignore[misc]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # Inline edits (memberships, residences) are writes too; record each one.
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            audit.record(
                actor=_actor(request),
                action="admin.delete",
                obj=deleted,
                before=audit.snapshot(deleted),
                after=None,
            )
            deleted.delete()
        for instance in instances:
            adding = instance.pk is None
            previous = None if adding else type(instance)._default_manager.filter(pk=instance.pk).first()
            instance.save()
            audit.record(
                actor=_actor(request),
                action="admin.add" if adding else "admin.change",
                obj=instance,
                before=audit.snapshot(previous) if previous is not None else None,
                after=audit.snapshot(instance),
            )
        formset.save_m2m()


class MembershipInline(admin.TabularInline[Membership, Site]):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Site)
class SiteAdmin(AuditedAdminMixin, admin.ModelAdmin[Site]):
    list_display = ("code", "name", "kind", "minimum_monthly_wage")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    inlines = (MembershipInline,)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "display_name", "phone", "is_active", "is_staff")
    search_fields = ("username", "display_name", "phone")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Fuwu"), {"fields": ("display_name", "phone")}),
    )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Groups (roles) are saved after the user row, so their change is recorded here.
        user: User = form.instance
        before = sorted(user.groups.values_list("name", flat=True)) if change else []
        super().save_related(request, form, formsets, change)
        after = sorted(user.groups.values_list("name", flat=True))
        if before != after:
            audit.record(
                actor=_actor(request),
                action="admin.set_roles",
                obj=user,
                before={"groups": before},
                after={"groups": after},
            )


def add_user_inline(inline: type[admin.options.InlineModelAdmin[Any, Any]]) -> None:
    """Show an app's rows about a person on the person's admin page (a technician's trades): apps add
    theirs, so the core admin imports no app."""
    if inline not in UserAdmin.inlines:
        UserAdmin.inlines = (*UserAdmin.inlines, inline)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Rows that only the system writes: administrators look, never edit."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "model_label", "object_pk", "site")
    list_filter = ("action", "model_label")
    search_fields = ("actor_name", "object_pk", "action")
    date_hierarchy = "at"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "target", "status", "attempts", "next_attempt_at", "last_error")
    list_filter = ("status", "channel")
    search_fields = ("target", "idempotency_key")
    actions = ("retry",)

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    @admin.action(description=_("Retry failed messages"), permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        for message in queryset.filter(status=OutboxMessage.Status.FAILED):
            delivery.retry_failed(message, by=_actor(request))


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "subject", "read_at")
    search_fields = ("subject", "recipient__username")
