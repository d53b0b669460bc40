"""Administrators keep shifts, rotas and who works them here; every save is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fuwu.core.admin import AuditedAdminMixin
from fuwu.regulations.calendars import CalendarYearUnknown, work_calendar
from fuwu.staff.models import Employee, Rota, Shift
from fuwu.staff.schedules import RotaBroken, Schedule, cycle_text, parse_cycle, rota_entry
from fuwu.staff.services.employees import assignment_problems

PREVIEW_DAYS = 14
WEEKDAYS = "一二三四五六日"
# The admin has no stylesheet of ours: the preview scrolls sideways on a phone, its cells unbroken.
SCROLLS = '<div style="overflow-x:auto;max-width:100%">{}</div>'
TABLE = (
    '<table class="rota-preview" style="white-space:nowrap">'
    "<thead><tr>{}</tr></thead><tbody>{}</tbody></table>"
)


def _rotas_naming(shift: Shift) -> list[Rota]:
    return [rota for rota in Rota.objects.filter(site_id=shift.site_id) if shift.name in rota.cycle]


class ShiftForm(forms.ModelForm[Shift]):
    class Meta:
        model = Shift
        fields = ("site", "name", "start", "end", "days", "break_start", "break_end")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Rotas name their shifts: a renamed shift would leave them naming none.
        if self.instance.pk is not None and "name" in self.changed_data:
            saved = Shift.objects.get(pk=self.instance.pk)
            naming = _rotas_naming(saved)
            if naming:
                message = gettext("The rota %(rota)s works this shift by its name; change the rota first.")
                self.add_error("name", message % {"rota": naming[0].name})
        return data


@admin.register(Shift)
class ShiftAdmin(AuditedAdminMixin, admin.ModelAdmin[Shift]):
    form = ShiftForm
    list_display = ("name", "site", "start", "end", "break_start", "break_end", "days")
    list_filter = ("site",)
    fieldsets = (
        (None, {"fields": ("site", "name", "start", "end", "days")}),
        (
            _("Split shift (两头班)"),
            {
                "fields": ("break_start", "break_end"),
                "description": _(
                    "An unpaid break inside the shift, e.g. 12:00–13:30 for 09:00–12:00 and 13:30–18:00: "
                    "the shift is judged from its first clock-in and its last clock-out."
                ),
            },
        ),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Shift | None = None) -> bool:
        if obj is not None and _rotas_naming(obj):
            return False  # a rota works it by name
        return super().has_delete_permission(request, obj)


class RotaForm(forms.ModelForm[Rota]):
    cycle = forms.CharField(
        label=_("cycle"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The site's shift of each day by name, separated by commas or one a line; 休 for a rest day. "
            "Two shifts: 白班,白班,夜班,夜班,休,休"
        ),
    )

    class Meta:
        model = Rota
        fields = ("site", "name", "starts_on", "cycle")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["cycle"] = cycle_text(self.instance.cycle)

    def clean_cycle(self) -> list[str]:
        return parse_cycle(self.cleaned_data["cycle"])


def _day_header(days: list[dt.date]) -> SafeString:
    return format_html_join(
        "", "<th>{}<br>{}</th>", ((f"{day:%m-%d}", WEEKDAYS[day.weekday()]) for day in days)
    )


@admin.register(Rota)
class RotaAdmin(AuditedAdminMixin, admin.ModelAdmin[Rota]):
    form = RotaForm
    list_display = ("name", "site", "cycle_shown", "starts_on")
    list_filter = ("site",)
    readonly_fields = ("preview",)

    @admin.display(description=_("cycle"))
    def cycle_shown(self, obj: Rota) -> str:
        return cycle_text(obj.cycle)

    @admin.display(description=_("Next 14 days"))
    def preview(self, obj: Rota) -> SafeString | str:
        """Each team (the people at one place of the rota) and what it works each of the next 14 days."""
        if obj.pk is None or not obj.cycle:
            return "—"
        today = timezone.localdate()
        days = [today + dt.timedelta(days=n) for n in range(PREVIEW_DAYS)]
        teams: dict[int, list[str]] = {}
        for member in obj.members.select_related("user").order_by("rota_offset", "user__display_name"):
            teams.setdefault(member.rota_offset, []).append(str(member.user))
        if not teams:
            teams[0] = [gettext("Nobody yet")]
        rows = format_html_join(
            "",
            "<tr><th>{}</th>{}</tr>",
            (
                (
                    gettext("Place %(offset)s: %(names)s") % {"offset": offset, "names": "、".join(names)},
                    format_html_join(
                        "",
                        "<td>{}</td>",
                        ((_entry_word(rota_entry(obj, offset, day)),) for day in days),
                    ),
                )
                for offset, names in sorted(teams.items())
            ),
        )
        header = format_html("<th></th>{}", _day_header(days))
        return format_html(SCROLLS, format_html(TABLE, header, rows))


def _entry_word(entry: str | None) -> str:
    if entry is None:
        return "—"  # before the rota's first day: the person's fixed shift
    return entry or "休"


class RotaFilter(admin.SimpleListFilter):
    """Rotas by name and site: two sites may each have a 保安两班倒."""

    title = _("rota")
    parameter_name = "rota"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        rows = Rota.objects.select_related("site").order_by("site__name", "name")
        return [(str(rota.pk), f"{rota.name}（{rota.site.name}）") for rota in rows]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Employee]) -> QuerySet[Employee]:
        value = self.value()
        return queryset.filter(rota_id=value) if value and value.isdigit() else queryset


class EmployeeForm(forms.ModelForm[Employee]):
    class Meta:
        model = Employee
        fields = (
            "user",
            "site",
            "manager",
            "hired_on",
            "status",
            "monthly_wage",
            "daily_wage",
            "full_attendance_bonus",
            "shift",
            "rota",
            "rota_offset",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rota, site = data.get("rota"), data.get("site")
        offset = data.get("rota_offset") or 0
        if rota is not None and site is not None:
            candidate = Employee(site=site, rota=rota, rota_offset=offset)
            for loc, message in assignment_problems(candidate, rota, offset):
                self.add_error(str(loc[-1]), message)
        return data


@admin.register(Employee)
class EmployeeAdmin(AuditedAdminMixin, admin.ModelAdmin[Employee]):
    form = EmployeeForm
    list_display = ("user", "site", "shift", "rota", "rota_offset", "monthly_wage", "manager", "status")
    list_filter = ("site", "status", RotaFilter)
    search_fields = ("user__display_name", "user__username", "user__employee_no")
    autocomplete_fields = ("user", "manager")
    list_select_related = ("user", "site", "shift", "rota", "manager")
    readonly_fields = ("upcoming",)
    fieldsets = (
        (None, {"fields": ("user", "site", "manager", "hired_on", "status")}),
        (_("Wage and bonus"), {"fields": ("monthly_wage", "daily_wage", "full_attendance_bonus")}),
        (_("Schedule"), {"fields": ("shift", "rota", "rota_offset", "upcoming")}),
    )

    @admin.display(description=_("Next 14 days"))
    def upcoming(self, obj: Employee) -> SafeString | str:
        """The shift the person works each of the next 14 days, as the importer will expect it."""
        if obj.pk is None:
            return "—"
        today = timezone.localdate()
        days = [today + dt.timedelta(days=n) for n in range(PREVIEW_DAYS)]
        schedule = Schedule.of(work_calendar(), [obj])
        try:
            worked = [schedule.shift_on(obj, day) for day in days]
        except CalendarYearUnknown:
            return gettext("The holiday arrangement of the coming days is not entered yet.")
        except RotaBroken as broken:
            return broken.message
        cells = format_html_join("", "<td>{}</td>", ((shift.name if shift else "休",) for shift in worked))
        return format_html(SCROLLS, format_html(TABLE, _day_header(days), format_html("<tr>{}</tr>", cells)))
