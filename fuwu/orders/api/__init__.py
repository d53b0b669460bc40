"""The orders part of the REST API: repair orders, return visits and rectifications (contract §orders)."""

from ninja import Router

from fuwu.orders.api import orders as orders_api
from fuwu.orders.api import visits as visits_api

router = Router()
router.add_router("", orders_api.router)
router.add_router("", visits_api.router)

__all__ = ["router"]
