"""The import form, corrections of a shift by hand, a saved column mapping, and the ledger's month filter."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import Site, User
from fuwu.core.scoping import sites_visible_to
from fuwu.staff.mappings import column_problems, mapping_names, name_problems
from fuwu.staff.models import ColumnMapping
from fuwu.staff.models.attendance import SOURCE_NAMES

SOURCES = [("", _("Recognise from the file")), *SOURCE_NAMES.items()]
MAX_FILE_BYTES = 20 * 1024 * 1024
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ImportForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    file = forms.FileField(
        label=_("Export file"),
        help_text=_("As exported: DingTalk or WeCom .xlsx / .csv, or the clock's attlog.dat"),
    )
    source = forms.ChoiceField(label=_("Source"), choices=SOURCES, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["site"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sites_visible_to(user)
        # A saved column mapping is chosen by its name, as the API and the command name it.
        mappings = [(name, _("Column mapping: %(name)s") % {"name": name}) for name in mapping_names()]
        source = self.fields["source"]
        assert isinstance(source, forms.ChoiceField)
        source.choices = [*SOURCES, *mappings]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload is not None and upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class ClockForm(forms.Form):
    """Clock times as the clock shows them; a night shift's morning time is the next day's."""

    clock_in = forms.TimeField(label=_("Clock in"), required=False, widget=TIME)
    clock_out = forms.TimeField(label=_("Clock out"), required=False, widget=TIME)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Why the clock's times are wrong, e.g. 考勤机故障，主管确认 08:55 到岗"),
    )


class AddShiftForm(ClockForm):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    shift_start = forms.TimeField(label=_("Shift start"), widget=TIME)
    shift_end = forms.TimeField(label=_("Shift end"), widget=TIME)

    field_order = ("day", "shift_start", "shift_end", "clock_in", "clock_out", "reason")


class ColumnMappingForm(forms.ModelForm[ColumnMapping]):
    """A saved layout, checked as an import will read it: each problem names its field."""

    class Meta:
        model = ColumnMapping
        fields = ("name", "columns")
        help_texts: ClassVar[dict[str, Any]] = {
            "columns": _(
                'Fuwu\'s field → the header text in the file, e.g. {"employee_no": "人员编号", "name": '
                '"姓名", "date": "日期", "in_1": "签到", "out_1": "签退"}; one punch a row: "at" (and '
                '"date" when it holds only a time). Fields: employee_no, name, date, shift, in_1 … in_6, '
                "out_1 … out_6, at, device."
            )
        }

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        problems = name_problems(name)
        if problems:
            raise forms.ValidationError(problems)
        return name

    def clean_columns(self) -> Any:
        columns = self.cleaned_data["columns"]
        if isinstance(columns, str):  # a JSON string typed into the field
            try:
                columns = json.loads(columns)
            except ValueError:
                raise forms.ValidationError(_("Write the columns as JSON.")) from None
        problems = column_problems(columns)
        if problems:
            raise forms.ValidationError(problems)
        return {str(field): str(header).strip() for field, header in columns.items()}


class MonthForm(forms.Form):
    month = forms.CharField(label=_("Month"), required=False, widget=forms.DateInput(attrs={"type": "month"}))
