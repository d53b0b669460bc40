"""Reads of the customers app, scoped to what the user may see: households (``households``), customers
(``customers``: a customer manager their own and those they stand in for), the caller lookup
(``lookup``) and the files due (``files_due``)."""

from fuwu.customers.selectors.households import households_visible_to

__all__ = ["households_visible_to"]
