"""Orders, visits and batches in the admin, to look up: every change goes through the services (pages, API),
which check the state, reconcile the deadlines and audit, so the admin offers no add, change or delete.
A technician's trades are edited on the person's page (audited by the user admin's inline saving)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fuwu.core.admin import add_user_inline
from fuwu.orders.models import Batch, Order, OrderEvent, Rectification, ReturnVisit, Sample, TechnicianSkill


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrderEventInline(admin.TabularInline[OrderEvent, Order]):
    model = OrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "at", "actor", "note", "recorded_at")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ("number", "site", "status", "location", "technician", "received_at", "completed_at")
    list_filter = ("site", "status", "channel")
    list_select_related = ("site", "technician", "household")
    search_fields = ("number", "location", "contact_phone", "description")
    date_hierarchy = "received_at"
    inlines = (OrderEventInline,)


@admin.register(ReturnVisit)
class ReturnVisitAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "site", "round", "due", "state", "score", "assignee")
    list_filter = ("site", "state", "score", "channel")
    list_select_related = ("order", "batch", "site", "assignee")


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ("order", "assignee", "due", "state", "completed_at")
    list_filter = ("state",)
    list_select_related = ("order", "assignee")


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdmin):
    list_display = ("customer_name", "site", "units", "received_at", "delivered_at", "status")
    list_filter = ("site", "status")


@admin.register(Sample)
class SampleAdmin(ReadOnlyAdmin):
    list_display = ("site", "start", "end", "seed", "population", "clause", "created_at")
    list_filter = ("site",)


class TechnicianSkillInline(admin.TabularInline[TechnicianSkill, Any]):
    model = TechnicianSkill
    fk_name = "technician"
    extra = 0
    fields = ("trade", "since")
    readonly_fields = ("since",)


add_user_inline(TechnicianSkillInline)
