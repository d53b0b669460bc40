"""The delegation form: who is away (a general manager may choose; otherwise oneself), who stands in, and
for which period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fuwu.approvals.deciders import APPROVER_ROLES
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def colleagues_of(user: User) -> QuerySet[User]:
    """Who may stand in: the active people of the user's sites, and the general managers."""
    managers = Q(groups__name=Role.GENERAL_MANAGER.group_name)
    return (
        User.objects.filter(Q(membership__site__in=sites_visible_to(user)) | managers, is_active=True)
        .distinct()
        .order_by("display_name", "username")
    )


def approvers() -> QuerySet[User]:
    names = [role.group_name for role in APPROVER_ROLES]
    return User.objects.filter(is_active=True, groups__name__in=names).distinct().order_by("display_name")


class DelegationForm(forms.Form):
    delegator = forms.ModelChoiceField(label=_("Approver away"), queryset=User.objects.none(), required=False)
    delegate = forms.ModelChoiceField(label=_("Delegate"), queryset=User.objects.none())
    starts_at = forms.DateTimeField(label=_("From"), widget=MOMENT)
    ends_at = forms.DateTimeField(label=_("Until"), widget=MOMENT)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False, help_text=_("e.g. 出差 3 天"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        delegate_field = self.fields["delegate"]
        assert isinstance(delegate_field, forms.ModelChoiceField)
        delegate_field.queryset = colleagues_of(user).exclude(pk=user.pk)
        delegator_field = self.fields["delegator"]
        assert isinstance(delegator_field, forms.ModelChoiceField)
        if user.is_superuser or user.has_role(Role.GENERAL_MANAGER):
            delegator_field.queryset = approvers()
            delegator_field.help_text = _("Empty: your own approvals")
        else:
            del self.fields["delegator"]
