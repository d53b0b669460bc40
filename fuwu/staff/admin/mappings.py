"""Saved column mappings: an administrator names the columns of an export Fuwu does not know, once."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from fuwu.core.admin import AuditedAdminMixin
from fuwu.staff.forms import ColumnMappingForm
from fuwu.staff.models import ColumnMapping


@admin.register(ColumnMapping)
class ColumnMappingAdmin(AuditedAdminMixin, admin.ModelAdmin[ColumnMapping]):
    form = ColumnMappingForm
    list_display = ("name", "created_by", "created_at")
    search_fields = ("name",)
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        if not change and obj.created_by_id is None and request.user.is_authenticated:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
