"""The rows of the month view's table, every word and amount ready to print, rendered by Jinja2
(decision 0016): a hundred people a page, each with six or eleven cells, took the Django template most of
the page's time (payroll amounts localised, the column's word translated and the ledger's address
reversed in every cell of every row)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

EMPTY = "—"


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A person's sums of an open month."""

    number: str
    name: str
    ledger: str
    fines: str
    deductions: str
    rewards: str
    net: str


@dataclass(frozen=True, slots=True)
class PayrollRow:
    """A person's payroll line of a closed month."""

    number: str
    name: str
    ledger: str
    wage: str
    bonus: str
    rewards: str
    fines: str
    deductions: str
    compensation: str
    floor_relief: str
    net: str
    needs_review: int


class _Amounts(dict[Decimal, str]):
    """Amounts as the Django template printed them (``localize``), each distinct one once."""

    def __missing__(self, amount: Decimal) -> str:
        text = self[amount] = str(localize(amount))
        return text


def _ledger(label: str) -> str:
    """The ledger page's address with the month: ``%s`` for the person's user id (reversed once, not per
    row)."""
    return f"{reverse('staff:ledger')}?employee=%s&month={label}"


# A person's values ``people_table`` reads (with ``values()``), before the sums.
PERSON_VALUES = ("pk", "user_id", "user__employee_no", "user__display_name", "user__username")


def people_table(lines: Iterable[Mapping[str, Any]], label: str) -> SafeString:
    """The open month's table for the month ``label`` (YYYY-MM): ``lines`` have each person's
    ``PERSON_VALUES`` and their sums (fines, deductions, rewards, net)."""
    amounts = _Amounts()
    ledger = _ledger(label)
    rows = [
        PersonRow(
            number=line["user__employee_no"] or EMPTY,
            # As the user model names a person: their name, else their username.
            name=line["user__display_name"] or line["user__username"],
            ledger=ledger % line["user_id"],
            fines=amounts[line["fines"]],
            deductions=amounts[line["deductions"]],
            rewards=amounts[line["rewards"]],
            net=amounts[line["net"]],
        )
        for line in lines
    ]
    words = {
        "number": gettext("Employee number"),
        "name": pgettext("person", "Name"),
        "fines": gettext("Fines"),
        "deductions": gettext("Deductions"),
        "rewards": gettext("Rewards"),
        "taken": gettext("Taken in all"),
    }
    # Rendered by the autoescaping Jinja2 environment: safe to place in the page as it is.
    return mark_safe(
        render_to_string("staff/month_people.jinja", {"rows": rows, "words": words}, using="jinja2")
    )


# The payroll line's values ``payroll_table`` reads (with ``values()``: no model instances).
PAYROLL_VALUES = (
    "wage",
    "bonus",
    "rewards",
    "fines",
    "deductions",
    "compensation",
    "floor_relief",
    "net",
    "needs_review",
    "employee__user_id",
    "employee__user__employee_no",
    "employee__user__display_name",
    "employee__user__username",
)


def payroll_table(lines: Iterable[Mapping[str, Any]], label: str, reviews: str) -> SafeString:
    """The closed month's table of payroll ``lines`` (``PAYROLL_VALUES`` of each) for the month ``label``;
    ``reviews`` is where a line's reviews are waiting."""
    amounts = _Amounts()
    ledger = _ledger(label)
    rows = [
        PayrollRow(
            number=line["employee__user__employee_no"] or EMPTY,
            # As the user model names a person: their name, else their username.
            name=line["employee__user__display_name"] or line["employee__user__username"],
            ledger=ledger % line["employee__user_id"],
            wage=amounts[line["wage"]],
            bonus=amounts[line["bonus"]],
            rewards=amounts[line["rewards"]],
            fines=amounts[line["fines"]],
            deductions=amounts[line["deductions"]],
            compensation=amounts[line["compensation"]],
            floor_relief=amounts[line["floor_relief"]],
            net=amounts[line["net"]],
            needs_review=line["needs_review"],
        )
        for line in lines
    ]
    words = {
        "number": gettext("Employee number"),
        "name": pgettext("person", "Name"),
        "wage": pgettext("payroll column", "Monthly wage"),
        "bonus": pgettext("payroll column", "Full-attendance bonus"),
        "rewards": pgettext("payroll column", "Rewards"),
        "fines": pgettext("payroll column", "Fines"),
        "deductions": pgettext("payroll column", "Deductions"),
        "compensation": pgettext("payroll column", "Compensation"),
        "floor_relief": pgettext("payroll column", "Kept by the minimum wage"),
        "net": pgettext("payroll column", "Pay"),
        "review": pgettext("payroll column", "To review"),
        "nobody": gettext("Nobody was on the payroll this month."),
    }
    context = {"rows": rows, "words": words, "reviews": reviews}
    return mark_safe(render_to_string("staff/month_payroll.jinja", context, using="jinja2"))
