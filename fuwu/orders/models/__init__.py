"""Repair orders, their timeline and photos, batch repairs, return visits and rectifications."""

from fuwu.orders.models.orders import Batch, Order, OrderEvent, OrderPhoto, Tag
from fuwu.orders.models.visits import Rectification, ReturnVisit, Sample

__all__ = ["Batch", "Order", "OrderEvent", "OrderPhoto", "Rectification", "ReturnVisit", "Sample", "Tag"]
