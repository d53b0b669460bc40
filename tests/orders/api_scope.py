"""The test proving the role and site scope of each orders endpoint (see tests/api/test_every_operation)."""

ORDERS = "tests.orders.test_api_scope.OrderScopeTests."
VISITS = "tests.orders.test_api_scope.VisitScopeTests."
OTHER_SITE = ORDERS + "test_another_sites_staff_get_404_for_every_order_endpoint"
OWN_ONLY = ORDERS + "test_a_technician_sees_and_acts_on_own_orders_only"
DESK_ONLY = ORDERS + "test_roles_that_may_not_dispatch_close_cancel_or_rework_get_403"
VISIT_SCOPE = VISITS + "test_visits_of_another_site_are_404_and_wrong_roles_403"

SCOPE_TESTS = {
    "GET /api/v1/orders": OTHER_SITE,
    "POST /api/v1/orders": DESK_ONLY,
    "GET /api/v1/orders/{order_id}": OTHER_SITE,
    "POST /api/v1/orders/{order_id}/dispatch": DESK_ONLY,
    "POST /api/v1/orders/{order_id}/accept": OWN_ONLY,
    "POST /api/v1/orders/{order_id}/arrive": OWN_ONLY,
    "POST /api/v1/orders/{order_id}/quote": OTHER_SITE,
    "POST /api/v1/orders/{order_id}/approve": DESK_ONLY,
    "POST /api/v1/orders/{order_id}/complete": OWN_ONLY,
    "POST /api/v1/orders/{order_id}/close": DESK_ONLY,
    "POST /api/v1/orders/{order_id}/cancel": DESK_ONLY,
    "POST /api/v1/orders/{order_id}/rework": DESK_ONLY,
    "GET /api/v1/visits": VISIT_SCOPE,
    "POST /api/v1/visits": VISIT_SCOPE,
    "GET /api/v1/visits/{visit_id}": VISIT_SCOPE,
    "POST /api/v1/visits/{visit_id}/record": VISIT_SCOPE,
    "POST /api/v1/rectifications/{rectification_id}/complete": VISIT_SCOPE,
    "POST /api/v1/visits/sample": VISIT_SCOPE,
}
