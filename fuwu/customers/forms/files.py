"""Forms of a customer's file (客户档案基本资料表) and its parts: only the shapes of the values; what the
values must be is the services' word (their problems are shown at the fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.customers.models import Customer, CustomerEvent, Vehicle
from fuwu.customers.services.files import CONTACT_REASONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def managers_at(site_ids: list[int]) -> QuerySet[User]:
    """Active customer managers of these sites, by username."""
    return (
        User.objects.filter(
            is_active=True, membership__site_id__in=site_ids, groups__name=Role.CUSTOMER_MANAGER.group_name
        )
        .distinct()
        .order_by("username")
    )


class CustomerFilterForm(forms.Form):
    site = forms.TypedChoiceField(label=_("Site"), coerce=int, required=False, empty_value=None)
    manager = forms.TypedChoiceField(
        label=_("Customer manager"), coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    unfiled = forms.BooleanField(label=_("File not made"), required=False)

    def __init__(
        self, *args: Any, sites: list[tuple[int, str, str]], managers: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", _("All sites")), *((pk, name) for pk, _code, name in sites)]  # type: ignore[attr-defined]
        self.fields["manager"].choices = [("", _("Everyone")), *((u.pk, str(u)) for u in managers)]  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", _("Individuals and companies")), *Customer.Kind.choices]  # type: ignore[attr-defined]


class CustomerForm(forms.Form):
    """The file's own fields; on a new file also its site, its manager and the first car."""

    site = forms.TypedChoiceField(label=_("Site"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=Customer.Kind.choices, initial=Customer.Kind.PERSON)
    name = forms.CharField(label=pgettext_lazy("customer", "Name"), max_length=100)
    phones = forms.CharField(
        label=_("Phones"),
        max_length=300,
        required=False,
        help_text=_("The number to call first, then any others, separated by commas."),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "滨江花苑 5栋1单元1201"}),
    )
    visited_on = forms.DateField(label=_("Brought in or visited on"), required=False, widget=DATE)
    services_wanted = forms.CharField(
        label=_("Services wanted"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    manager = forms.TypedChoiceField(
        label=_("Customer manager"), coerce=int, required=False, empty_value=None
    )
    # The file's car on a new file (车号, 车型, 车种, 保养周期, 下一次保养期); more on the customer's page.
    plate = forms.CharField(label=_("Plate"), max_length=20, required=False)
    model = forms.CharField(label=_("Model"), max_length=50, required=False)
    vehicle_type = forms.CharField(label=_("Vehicle type"), max_length=30, required=False)
    service_interval_days = forms.IntegerField(
        label=_("Service interval (days)"), required=False, min_value=1
    )
    next_service_on = forms.DateField(label=_("Next service"), required=False, widget=DATE)

    CAR_FIELDS = ("plate", "model", "vehicle_type", "service_interval_days", "next_service_on")

    def __init__(
        self,
        *args: Any,
        sites: list[tuple[int, str, str]],
        managers: list[User],
        new: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [(pk, name) for pk, _code, name in sites]  # type: ignore[attr-defined]
        self.fields["manager"].choices = [("", _("None yet")), *((u.pk, str(u)) for u in managers)]  # type: ignore[attr-defined]
        if not new:
            del self.fields["site"]
            for name in self.CAR_FIELDS:
                del self.fields[name]


class VehicleForm(forms.Form):
    plate = forms.CharField(label=_("Plate"), max_length=20)
    model = forms.CharField(label=_("Model"), max_length=50, required=False)
    vehicle_type = forms.CharField(label=_("Vehicle type"), max_length=30, required=False)
    service_interval_days = forms.IntegerField(
        label=_("Service interval (days)"), required=False, min_value=1
    )
    next_service_on = forms.DateField(label=_("Next service"), required=False, widget=DATE)


class ServiceRecordForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    work = forms.CharField(label=_("Work done"), max_length=300)
    vehicle = forms.TypedChoiceField(label=_("Car"), coerce=int, required=False, empty_value=None)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=12, decimal_places=2, min_value=0, initial=0
    )

    def __init__(self, *args: Any, vehicles: list[Vehicle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].choices = [("", "—"), *((v.pk, v.plate) for v in vehicles)]  # type: ignore[attr-defined]


class PurchaseForm(forms.Form):
    product = forms.CharField(label=_("Product"), max_length=100)
    grade = forms.CharField(label=_("Grade"), max_length=30, required=False)
    serial = forms.CharField(label=_("Serial number"), max_length=50, required=False)
    purchased_on = forms.DateField(label=_("Purchased on"), widget=DATE)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=12, decimal_places=2, min_value=0, initial=0
    )


class ContactForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What happened"),
        choices=[(value, label) for value, label in CustomerEvent.Reason.choices if value in CONTACT_REASONS],
    )
    at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: now."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
