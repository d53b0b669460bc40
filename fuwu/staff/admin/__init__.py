"""Administrators keep shifts, rotas and employees (admin.schedules); imports and the ledger are shown, never
edited."""

from __future__ import annotations

from django.contrib import admin

from fuwu.core.admin import ReadOnlyAdmin
from fuwu.staff.admin import (
    mappings,  # noqa: F401  (saved column mappings)
    schedules,  # noqa: F401  (shifts, rotas and employees)
)
from fuwu.staff.models import AttendanceImport, LedgerEntry


@admin.register(AttendanceImport)
class AttendanceImportAdmin(ReadOnlyAdmin):
    list_display = ("filename", "site", "source", "rows", "employees", "first_day", "last_day", "by", "at")
    list_filter = ("site", "source")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    """Append-only: a correction is a reversing entry, made by the services, never here."""

    list_display = ("employee", "month", "kind", "amount", "clause", "pack_version", "because", "at")
    list_filter = ("site", "kind", "month")
    search_fields = ("employee__user__display_name", "clause")
    list_select_related = ("employee__user",)
