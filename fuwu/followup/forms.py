"""The follow-up pages' forms: a call, the next contact, a letter, a request's steps, a campaign, a
household's care and visits, an occasion, a stand-in. They read the fields; the services judge them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.errors import Invalid
from fuwu.core.models import User
from fuwu.followup.models import Call, Campaign, HouseholdVisit, Letter, Occasion

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def now_local() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


def show_problems(form: forms.Form, error: Invalid) -> None:
    """Put each of the service's problems on its field (or on the form)."""
    for loc, message in error.problems:
        name = str(loc[-1]) if loc else ""
        form.add_error(name if name in form.fields else None, message)


def people_choices(people: Any) -> list[tuple[int, str]]:
    return [(person.pk, str(person)) for person in people]


class CallForm(forms.Form):
    at = forms.DateTimeField(label=_("Time of call"), widget=MOMENT)
    direction = forms.ChoiceField(label=_("In or out"), choices=Call.Direction.choices)
    purpose = forms.ChoiceField(label=pgettext_lazy("call", "Purpose"), choices=Call.Purpose.choices)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    emergency = forms.BooleanField(label=_("Emergency"), required=False)
    points = forms.CharField(label=_("Main points"), max_length=1000, required=False, widget=TEXT)
    requests = forms.CharField(
        label=_("Customer's request or complaint"), max_length=1000, required=False, widget=TEXT
    )
    handling = forms.CharField(label=_("Handling"), max_length=1000, required=False, widget=TEXT)
    answered = forms.BooleanField(label=_("Answered during the call"), required=False)
    complaint = forms.BooleanField(label=_("It is a complaint"), required=False)


class PlanForm(forms.Form):
    needs = forms.CharField(label=_("Likely needs"), max_length=500)
    content = forms.CharField(label=_("What to say"), max_length=1000, widget=TEXT)
    planned_at = forms.DateTimeField(label=_("When to contact"), widget=MOMENT)
    emergency = forms.BooleanField(label=_("Emergency"), required=False)


class LetterForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DAY)
    category = forms.ChoiceField(label=_("Letter category"), choices=Letter.Category.choices)
    summary = forms.CharField(label=pgettext_lazy("letter", "Summary"), max_length=300)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Study notes"), max_length=1000, widget=TEXT)


class SolveForm(forms.Form):
    solution = forms.CharField(label=_("Solution"), max_length=1000, widget=TEXT)


class TellForm(forms.Form):
    via = forms.ChoiceField(
        label=_("Told by"), choices=[("call", _("Phone call")), ("letter", _("Reply letter"))]
    )
    at = forms.DateTimeField(label=_("Told at"), widget=MOMENT)
    note = forms.CharField(label=_("What was said"), max_length=300, required=False)


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Campaign.Kind.choices)
    date = forms.DateField(label=_("Date of the campaign"), widget=DAY)
    owner = forms.TypedChoiceField(label=_("Who tells the customers"), coerce=int)
    letters = forms.BooleanField(label=_("Letters follow the phone notice"), required=False, initial=True)
    description = forms.CharField(
        label=pgettext_lazy("campaign", "Description"), max_length=500, required=False, widget=TEXT
    )

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.TypedChoiceField)
        owner.choices = people_choices(people)


class CareForm(forms.Form):
    assignee = forms.TypedChoiceField(
        label=_("Looked after by"), coerce=int, required=False, empty_value=None
    )
    elderly_alone = forms.BooleanField(label=_("Elderly living alone"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.TypedChoiceField)
        assignee.choices = [("", "—"), *people_choices(people)]


class VisitForm(forms.Form):
    at = forms.DateTimeField(label=_("Visited at"), widget=MOMENT)
    kind = forms.ChoiceField(label=_("Kind"), choices=HouseholdVisit.Kind.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class OccasionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Occasion.Kind.choices)
    date = forms.DateField(label=pgettext_lazy("occasion", "Date"), widget=DAY)
    title = forms.CharField(label=_("Title"), max_length=100)
    household = forms.IntegerField(label=_("Household"), required=False, widget=forms.Select)
    assignee = forms.TypedChoiceField(label=_("Assignee"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, people: list[User], households: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.TypedChoiceField)
        assignee.choices = [("", "—"), *people_choices(people)]
        self.fields["household"].widget.choices = [("", "—"), *households]


class StandInForm(forms.Form):
    absent = forms.TypedChoiceField(label=_("Absent manager"), coerce=int)
    substitute = forms.TypedChoiceField(label=_("Substitute"), coerce=int)
    ends_at = forms.DateTimeField(label=_("Until"), widget=MOMENT, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("absent", "substitute"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = people_choices(people)
