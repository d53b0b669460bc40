"""The forms of incidents and appeals, and what a clause asks of the person recording under it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.regulations.clauses import IncidentClause, incident_clauses
from fuwu.staff.models import Employee
from fuwu.staff.selectors.incidents import approver_role, recordable_employees

MONEY = {"max_digits": 10, "decimal_places": 2, "min_value": 0, "required": False}
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        person: Employee = obj
        number = f" ({person.user.employee_no})" if person.user.employee_no else ""
        return f"{person.user}{number} · {person.site.name}"


class IncidentForm(forms.Form):
    """An incident to record; the clause list is that of the chosen person's site on the chosen day."""

    employee = PersonChoice(label=_("Employee"), queryset=Employee.objects.none())
    at = forms.DateTimeField(
        label=_("Happened at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTE),
    )
    clause = forms.CharField(label=_("Clause"), max_length=20, widget=forms.Select())
    amount = forms.DecimalField(label=_("Amount (yuan)"), **MONEY)  # type: ignore[arg-type]
    cost = forms.DecimalField(label=_("Cost of the damage (yuan)"), **MONEY)  # type: ignore[arg-type]
    concealed = forms.BooleanField(label=_("Concealed, not reported"), required=False)
    manager_on_duty = PersonChoice(
        label=_("Manager on duty"), queryset=Employee.objects.none(), required=False
    )
    note = forms.CharField(label=_("What happened"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault(
            "at", timezone.localtime().replace(second=0, microsecond=0)
        )
        super().__init__(*args, **kwargs)
        people = (
            recordable_employees(user)
            .select_related("user", "site")
            .order_by("site__code", "user__display_name", "pk")
        )
        self.people = list(people)
        employee = self.fields["employee"]
        duty = self.fields["manager_on_duty"]
        assert isinstance(employee, PersonChoice) and isinstance(duty, PersonChoice)
        employee.queryset = people
        chosen = self.chosen_person()
        duty.queryset = _duty_choices(user, chosen)
        self.clauses = _clauses(self.people, chosen, self.chosen_day())
        self.clause_options = [(c.clause, choice_label(c)) for c in self.clauses]
        widget = self.fields["clause"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [("", "---------"), *self.clause_options]

    def value(self, name: str) -> Any:
        """What the form holds for ``name``: the data sent, else the initial value."""
        source: Mapping[str, Any] = self.data if self.is_bound else self.initial
        return source.get(name)

    def chosen_person(self) -> Employee | None:
        wanted = str(self.value("employee") or "")
        return next((p for p in self.people if str(p.pk) == wanted), None)

    def chosen_day(self) -> dt.date:
        value = self.value("at")
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        try:
            return dt.datetime.fromisoformat(str(value)).date()
        except ValueError:
            return timezone.localdate()

    def chosen_clause(self) -> IncidentClause | None:
        wanted = str(self.value("clause") or "")
        return next((c for c in self.clauses if c.clause == wanted), None)


def _duty_choices(user: User, chosen: Employee | None) -> QuerySet[Employee]:
    """Who may be named manager on duty: the chosen person's colleagues at their site."""
    rows = Employee.objects.select_related("user", "site").order_by("site__code", "user__display_name", "pk")
    if chosen is None:
        return rows.filter(site__in=recordable_employees(user).values("site")).distinct()
    return rows.filter(site_id=chosen.site_id).exclude(pk=chosen.pk)


def _clauses(people: list[Employee], chosen: Employee | None, day: dt.date) -> list[IncidentClause]:
    """The chosen person's site's clauses on ``day``; without a person, those of every site offered
    (the first site's wording of a clause several sites share)."""
    sites = [chosen.site] if chosen is not None else list({p.site_id: p.site for p in people}.values())
    found: dict[str, IncidentClause] = {}
    for site in sites:
        for clause in incident_clauses(site, day):
            found.setdefault(clause.clause, clause)
    return list(found.values())


def choice_label(clause: IncidentClause) -> str:
    """The clause in a select: its number, title and what it gives."""
    return f"{clause.clause} {clause.title} · {price(clause)}"


def price(clause: IncidentClause) -> str:
    """What the clause gives, in a few words."""
    if clause.pricing == "fine":
        return gettext("fine %(amount)s 元") % {"amount": clause.amount}
    if clause.pricing == "reward":
        return gettext("reward %(amount)s 元") % {"amount": clause.amount}
    if clause.pricing == "damage":
        return gettext("compensation from the cost")
    return gettext("amount you set, at least %(minimum)s 元") % {"minimum": clause.minimum}


STATUS_WORDS = {"probation": _("probation"), "dismissal": _("dismissal")}


def needs(clause: IncidentClause) -> list[str]:
    """What the clause asks of the recorder and what follows from it, one sentence each."""
    said: list[str] = []
    values: dict[str, Any] = {
        "amount": clause.amount,
        "minimum": clause.minimum,
        "maximum": clause.maximum,
        "multiple": clause.joint_multiple,
        "times": clause.escalates_after,
    }
    if clause.pricing == "fine":
        said.append(gettext("The clause sets the fine: %(amount)s 元.") % values)
    elif clause.pricing == "reward":
        said.append(gettext("The clause sets the reward: %(amount)s 元.") % values)
    elif clause.pricing == "damage":
        said.append(
            gettext(
                "Give the cost of the damage, and tick “concealed” when it was not reported. Compensation "
                "takes at most 20 percent of the monthly wage a month; the rest is taken in the months after."
            )
        )
    elif clause.maximum is not None:
        said.append(gettext("Give the amount: from %(minimum)s to %(maximum)s 元.") % values)
    else:
        said.append(gettext("Give the amount: at least %(minimum)s 元.") % values)
    if clause.joint_liability == "manager_on_duty":
        said.append(
            gettext(
                "The manager on duty answers jointly, fined %(multiple)s × the amount; when nobody is "
                "named, the employee's own manager answers."
            )
            % values
        )
    elif clause.joint_liability == "manager":
        said.append(
            gettext("The employee's manager answers jointly, fined %(multiple)s × the amount.") % values
        )
    if clause.escalates_after is not None:
        said.append(gettext("More than %(times)s times: a proposal to dismiss, for HR's review.") % values)
    if clause.proposes_status:
        words = ", ".join(str(STATUS_WORDS.get(s, s)) for s in clause.proposes_status)
        said.append(gettext("HR reviews a proposal: %(statuses)s.") % {"statuses": words})
    role = approver_role(clause.approver)
    who = role.label if role is not None else Role.GENERAL_MANAGER.label
    said.append(gettext("Approved by: %(role)s.") % {"role": who})
    return said


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you appeal"), max_length=500, widget=forms.Textarea(attrs={"rows": 4})
    )


class DecisionNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
