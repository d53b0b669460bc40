"""The customer managers app's tables (p05, p14.3.4.8)."""

from fuwu.managers.models.appraisals import Appraisal, AppraisalPlan, Selection
from fuwu.managers.models.key_customers import CareItem, CarePlan, CoreReview, KeyCustomer
from fuwu.managers.models.levels import (
    PACK_WORDS,
    Eligibility,
    Level,
    LevelChange,
    Manager,
    QualificationCheck,
    rank,
)

__all__ = [
    "PACK_WORDS",
    "Appraisal",
    "AppraisalPlan",
    "CareItem",
    "CarePlan",
    "CoreReview",
    "Eligibility",
    "KeyCustomer",
    "Level",
    "LevelChange",
    "Manager",
    "QualificationCheck",
    "Selection",
    "rank",
]
