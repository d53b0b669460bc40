"""The test proving the scope of each approvals endpoint (see tests/api/test_every_operation)."""

APPROVALS = "tests.approvals.test_api.ApprovalApiTests."
DELEGATIONS = "tests.approvals.test_api.DelegationApiTests."
REQUEST_SCOPE = APPROVALS + "test_scope_of_the_requests"
DELEGATION_SCOPE = DELEGATIONS + "test_delegation_scope_and_problems"

SCOPE_TESTS = {
    "GET /api/v1/approvals": REQUEST_SCOPE,
    "GET /api/v1/approvals/{approval_id}": REQUEST_SCOPE,
    "POST /api/v1/approvals/{approval_id}/decide": REQUEST_SCOPE,
    "POST /api/v1/approvals/{approval_id}/cancel": REQUEST_SCOPE,
    "GET /api/v1/delegations": DELEGATION_SCOPE,
    "POST /api/v1/delegations": DELEGATION_SCOPE,
    "POST /api/v1/delegations/{delegation_id}/end": DELEGATION_SCOPE,
}
