"""The after-sales department's tables (p12, p14)."""

from fuwu.aftersales.models.complaints import Complaint, ComplaintNote, QualityCase
from fuwu.aftersales.models.desk import Desk
from fuwu.aftersales.models.parts import AccountEntry, Part, PartMovement
from fuwu.aftersales.models.registers import Call, DesignDefect
from fuwu.aftersales.models.returns import ReturnRequest

__all__ = [
    "AccountEntry",
    "Call",
    "Complaint",
    "ComplaintNote",
    "DesignDefect",
    "Desk",
    "Part",
    "PartMovement",
    "QualityCase",
    "ReturnRequest",
]
