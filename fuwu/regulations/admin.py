"""Administrators choose each site's regulation profile; obligations are shown, never edited by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone

from fuwu.core.admin import AuditedAdminMixin
from fuwu.regulations.calendars import arrangement_of
from fuwu.regulations.models import HolidayYear, Obligation, SiteRegulation
from fuwu.regulations.policies import shipped_profiles


class SiteRegulationForm(forms.ModelForm[SiteRegulation]):
    profile = forms.ChoiceField(choices=[])

    class Meta:
        model = SiteRegulation
        fields = ("site", "profile", "time_zone", "wecom_webhook", "dingtalk_webhook")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [(name, name) for name in shipped_profiles()]  # type: ignore[attr-defined]


@admin.register(SiteRegulation)
class SiteRegulationAdmin(AuditedAdminMixin, admin.ModelAdmin[SiteRegulation]):
    form = SiteRegulationForm
    list_display = ("site", "profile", "version", "changed_at")
    readonly_fields = ("version", "changed_at")

    def save_model(
        self, request: HttpRequest, obj: SiteRegulation, form: ModelForm[Any], change: bool
    ) -> None:
        # A new version makes every process compose the site's policy afresh on its next evaluation.
        if change:
            obj.version += 1
        obj.changed_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin[Obligation]):
    list_display = ("subject_type", "subject_id", "kind", "what", "clause", "due", "state", "assignee")
    list_filter = ("kind", "state", "what", "site")
    search_fields = ("subject_id", "clause", "key")
    list_select_related = ("assignee",)
    date_hierarchy = "due"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Obligation | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Obligation | None = None) -> bool:
        return False


class HolidayYearForm(forms.ModelForm[HolidayYear]):
    class Meta:
        model = HolidayYear
        fields = ("year", "holidays", "workdays")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            # The same checks the engine's calendar makes: real dates, in the year, never both.
            arrangement_of(HolidayYear(**{k: data.get(k, "") for k in ("year", "holidays", "workdays")}))
        return data


@admin.register(HolidayYear)
class HolidayYearAdmin(AuditedAdminMixin, admin.ModelAdmin[HolidayYear]):
    """Where an administrator enters next year's official arrangement once it is announced."""

    form = HolidayYearForm
    list_display = ("year", "entered_at")
