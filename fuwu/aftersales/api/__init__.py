"""The after-sales part of the REST API, one router per part (mounted from ``fuwu.api.ROUTERS``)."""
