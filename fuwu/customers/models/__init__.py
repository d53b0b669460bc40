"""The customers app's tables: households and their residents, and customers with their files."""

from fuwu.customers.models.customers import (
    Customer,
    CustomerEvent,
    CustomerPhone,
    ManagerAssignment,
    Purchase,
    ServiceRecord,
    Substitution,
    Vehicle,
)
from fuwu.customers.models.households import Household, Owner, Residence
from fuwu.customers.models.lookup import LookupKey

__all__ = [
    "Customer",
    "CustomerEvent",
    "CustomerPhone",
    "Household",
    "LookupKey",
    "ManagerAssignment",
    "Owner",
    "Purchase",
    "Residence",
    "ServiceRecord",
    "Substitution",
    "Vehicle",
]
