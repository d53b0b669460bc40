"""Repair orders, their timeline and photos, batch repairs, return visits, rectifications and trades."""

from fuwu.orders.models.orders import Batch, Order, OrderEvent, OrderPhoto, Tag
from fuwu.orders.models.skills import TechnicianSkill, Trade
from fuwu.orders.models.visits import Rectification, ReturnVisit, Sample

__all__ = [
    "Batch",
    "Order",
    "OrderEvent",
    "OrderPhoto",
    "Rectification",
    "ReturnVisit",
    "Sample",
    "Tag",
    "TechnicianSkill",
    "Trade",
]
