"""The employee's appeal of a shift's clock times: the times they say are right and why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fuwu.staff.forms import TIME


class ShiftAppealForm(forms.Form):
    """Times as the clock would show them (a night shift's morning time is the next day's); an empty one,
    or one left as the clock's, is not claimed."""

    clock_in = forms.TimeField(label=_("Real clock-in"), required=False, widget=TIME)
    clock_out = forms.TimeField(label=_("Real clock-out"), required=False, widget=TIME)
    reason = forms.CharField(
        label=_("Why the clock is wrong"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. 考勤机故障，08:55 到岗，保安可作证"),
    )
