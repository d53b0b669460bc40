"""Forms of the orders pages. They only turn text into values; the services decide what is allowed
(their Invalid and Conflict are shown next to the fields and above the form)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import Site, User
from fuwu.core.scoping import sites_visible_to
from fuwu.orders import labels
from fuwu.orders.selectors import technicians_of

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# "5 Very satisfied" … "1 Very dissatisfied", in the language of the request that renders the form.
SCORE_CHOICES = [(str(score), format_lazy("{} {}", score, word)) for score, word in labels.SCORES.choices()]


class IntakeForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    caller_phone = forms.CharField(
        label=_("Caller's number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
    )
    household = forms.IntegerField(required=False, widget=forms.HiddenInput)
    location = forms.CharField(
        label=_("Location (when no household is chosen)"), max_length=200, required=False
    )
    contact_name = forms.CharField(label=_("Contact"), max_length=50, required=False)
    tags = forms.MultipleChoiceField(
        label=_("Tags"), choices=labels.TAGS.choices(), required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label=_("Repair details"), widget=forms.Textarea(attrs={"rows": 3}))
    appointment = forms.DateTimeField(label=_("Appointment time"), required=False, widget=DATETIME)
    channel = forms.ChoiceField(label=_("Channel"), choices=labels.CHANNELS.choices(labels.DESK_CHANNELS))
    outside_service_list = forms.BooleanField(
        label=_("Outside the service list (needs a supervisor's approval, p10.3.5)"), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)
        site_field.queryset = sites_visible_to(user)
        if site_field.queryset.count() == 1:
            site_field.initial = site_field.queryset.first()


class DispatchForm(forms.Form):
    technician = forms.ModelChoiceField(label=_("Technician"), queryset=User.objects.none())

    def __init__(self, *args: Any, site_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["technician"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = technicians_of(site_id)


class QuoteForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (yuan)"), min_value=0, max_digits=10, decimal_places=2)
    items = forms.CharField(label=_("Quoted items"), widget=forms.Textarea(attrs={"rows": 2}))
    accepted = forms.TypedChoiceField(
        label=_("Does the owner agree?"),
        choices=[("yes", _("Owner agrees")), ("no", _("Owner does not agree"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class VisitForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How the visit was made"), choices=labels.VISIT_CHANNELS.choices(), widget=forms.RadioSelect
    )
    score = forms.TypedChoiceField(
        label=_("Satisfaction"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    repair_ok = forms.CharField(label=labels.VISIT_ANSWERS.lazy("repair_ok"), required=False, max_length=300)
    staff_attitude = forms.CharField(
        label=labels.VISIT_ANSWERS.lazy("staff_attitude"), required=False, max_length=300
    )
    charges_ok = forms.CharField(
        label=labels.VISIT_ANSWERS.lazy("charges_ok"), required=False, max_length=300
    )
    suggestions = forms.CharField(
        label=labels.VISIT_ANSWERS.lazy("suggestions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=_("Reason for dissatisfaction (required for a score of 1–2)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SampleForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    start = forms.DateField(label=_("Start date"), widget=DATE)
    end = forms.DateField(label=_("End date"), widget=DATE)
    seed = forms.IntegerField(label=_("Random seed (leave empty to generate one)"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["site"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sites_visible_to(user)


class BatchForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    customer_name = forms.CharField(label=_("Customer"), max_length=100)
    units = forms.IntegerField(label=_("Units"), min_value=1)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    description = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["site"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sites_visible_to(user)


class ReportForm(forms.Form):
    """The owner's report on the public page: where, who, what; photos are checked by the service."""

    location = forms.CharField(label=_("Location (building, unit, room)"), max_length=200)
    contact_name = forms.CharField(label=_("Your name"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    description = forms.CharField(label=_("Problem description"), widget=forms.Textarea(attrs={"rows": 4}))
    tags = forms.MultipleChoiceField(
        label=_("What is happening (choose any)"),
        choices=labels.TAGS.choices(labels.OWNER_TAGS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Are you satisfied with this repair?"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for dissatisfaction (please fill in if you chose 1 or 2)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
