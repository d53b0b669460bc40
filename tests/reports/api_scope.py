"""The test proving the role and site scope of each reports endpoint (see tests/api/test_every_operation)."""

SCOPE_TESTS = {
    "GET /api/v1/kpis": "tests.reports.test_api.KpiApiTests.test_another_users_site_is_404",
}
