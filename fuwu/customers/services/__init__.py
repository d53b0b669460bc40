"""Writes of the customers app, each in its transaction with its audit entries: households and residents
(``households``), customers and their files (``customers``), and the customer's timeline that the
regulations judge (``timeline``)."""

from fuwu.customers.services.households import household_create, owner_register

__all__ = ["household_create", "owner_register"]
