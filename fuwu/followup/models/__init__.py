"""The follow-up app's tables: calls, letters and requests; planned contacts; campaigns; the property
services' households, visits, occasions and tasks."""

from fuwu.followup.models.calls import Call, CallRequest, Letter
from fuwu.followup.models.campaigns import Campaign, CampaignCustomer
from fuwu.followup.models.care import HouseholdCare, HouseholdVisit, Occasion, ServiceTask
from fuwu.followup.models.plans import ContactPlan

__all__ = [
    "Call",
    "CallRequest",
    "Campaign",
    "CampaignCustomer",
    "ContactPlan",
    "HouseholdCare",
    "HouseholdVisit",
    "Letter",
    "Occasion",
    "ServiceTask",
]
