"""The customers app's pages: households, customers and their files, the caller lookup, the files due,
the Excel import and export, and the printable forms of p16.6."""

from fuwu.customers.views.households import HOUSEHOLD_READERS, HOUSEHOLDS_PER_PAGE, households

__all__ = ["HOUSEHOLDS_PER_PAGE", "HOUSEHOLD_READERS", "households"]
