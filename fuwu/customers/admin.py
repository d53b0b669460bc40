"""Households and owners in the Django admin; every save, delete and inline edit is audited."""

from __future__ import annotations

from django.contrib import admin

from fuwu.core.admin import AuditedAdminMixin
from fuwu.customers.models import Household, Owner, Residence


class ResidenceInline(admin.TabularInline[Residence, Owner]):
    model = Residence
    extra = 0
    autocomplete_fields = ("household",)


@admin.register(Household)
class HouseholdAdmin(AuditedAdminMixin, admin.ModelAdmin[Household]):
    list_display = ("__str__", "site", "area", "moved_in_on")
    list_filter = ("site",)
    list_select_related = ("site",)
    search_fields = ("community", "building", "room")
    date_hierarchy = "moved_in_on"


@admin.register(Owner)
class OwnerAdmin(AuditedAdminMixin, admin.ModelAdmin[Owner]):
    list_display = ("name", "phone", "created_at")
    search_fields = ("name", "phone")
    inlines = (ResidenceInline,)
