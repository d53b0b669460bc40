"""The customers app's forms: the household list's filter, and a customer's file and its parts."""

from fuwu.customers.forms.households import HouseholdFilterForm

__all__ = ["HouseholdFilterForm"]
