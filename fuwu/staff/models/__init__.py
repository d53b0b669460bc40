"""The staff app's tables: who works where on which shift, what the clock said, and the ledger."""

from fuwu.staff.models.attendance import AttendanceDay, AttendanceImport, ColumnMapping, Job
from fuwu.staff.models.employees import Employee, Rota, Shift
from fuwu.staff.models.incidents import Appeal, Incident
from fuwu.staff.models.leave import Leave
from fuwu.staff.models.ledger import LedgerEntry
from fuwu.staff.models.months import MonthClose, PayrollLine, Review

__all__ = [
    "Appeal",
    "AttendanceDay",
    "AttendanceImport",
    "ColumnMapping",
    "Employee",
    "Incident",
    "Job",
    "Leave",
    "LedgerEntry",
    "MonthClose",
    "PayrollLine",
    "Review",
    "Rota",
    "Shift",
]
