"""The staff app's tables: who works where on which shift, what the clock said, and the ledger."""

from fuwu.staff.models.attendance import AttendanceDay, AttendanceImport
from fuwu.staff.models.employees import Employee, Shift
from fuwu.staff.models.leave import Leave
from fuwu.staff.models.ledger import LedgerEntry

__all__ = [
    "AttendanceDay",
    "AttendanceImport",
    "Employee",
    "Leave",
    "LedgerEntry",
    "Shift",
]
