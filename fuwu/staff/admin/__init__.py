"""Administrators keep shifts and employees here; imports and the ledger are shown, never edited."""

from __future__ import annotations

from django.contrib import admin

from fuwu.core.admin import AuditedAdminMixin, ReadOnlyAdmin
from fuwu.staff.models import AttendanceImport, Employee, LedgerEntry, Shift


@admin.register(Shift)
class ShiftAdmin(AuditedAdminMixin, admin.ModelAdmin[Shift]):
    list_display = ("name", "site", "start", "end", "days")
    list_filter = ("site",)


@admin.register(Employee)
class EmployeeAdmin(AuditedAdminMixin, admin.ModelAdmin[Employee]):
    list_display = ("user", "site", "shift", "monthly_wage", "manager", "hired_on", "status")
    list_filter = ("site", "status")
    search_fields = ("user__display_name", "user__username", "user__employee_no")
    autocomplete_fields = ("user", "manager")
    list_select_related = ("user", "site", "shift", "manager")


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
