"""What the customer pages share: the customer a user may open, the roles of each page, error display."""

from __future__ import annotations

from django import forms
from django.http import Http404

from fuwu.core.errors import Invalid
from fuwu.core.models import User
from fuwu.customers.models import Customer
from fuwu.customers.selectors.customers import CUSTOMER_READERS, CUSTOMER_WRITERS, customers_visible_to

READERS = CUSTOMER_READERS
WRITERS = CUSTOMER_WRITERS


def customer_in_scope(user: User, pk: int) -> Customer:
    """The customer if ``user`` may see them; 404 otherwise, as if there were none."""
    found = (
        customers_visible_to(user)
        .select_related("site", "manager", "household", "filed_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def show_problems(form: forms.Form, error: Invalid) -> None:
    """Each problem of a service at its field of ``form`` (the last name in its place), the rest on top."""
    for loc, msg in error.problems:
        names = [part for part in loc if isinstance(part, str) and part != "body"]
        name = names[0] if names else None
        form.add_error(name if name in form.fields else None, msg)
