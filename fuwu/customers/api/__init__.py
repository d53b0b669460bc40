"""The customers part of the REST API: customers and their files, the caller lookup, the files due and
the Excel import (mounted from ``fuwu.api.ROUTERS``)."""

from fuwu.customers.api.customers import router

__all__ = ["router"]
