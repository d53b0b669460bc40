"""The import form and the ledger's month filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import Site, User
from fuwu.core.scoping import sites_visible_to
from fuwu.staff.models.attendance import SOURCE_NAMES

SOURCES = [("", _("Recognise from the file")), *SOURCE_NAMES.items()]


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


class MonthForm(forms.Form):
    month = forms.CharField(label=_("Month"), required=False, widget=forms.DateInput(attrs={"type": "month"}))
