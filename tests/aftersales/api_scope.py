"""Which test proves the role and scope of each after-sales endpoint (read by
tests/api/test_every_operation)."""

API = "tests.aftersales.test_api."
COMPLAINTS = API + "ComplaintApiTests.test_scope_a_site_sees_its_own_and_other_roles_are_refused"
RETURNS = API + "ReturnApiTests.test_a_withdrawn_return_is_at_the_customers_cost_and_scope_holds"
CARRY_OUT = API + "ReturnApiTests.test_a_return_above_the_amount_needs_the_meeting_and_is_carried_out"
PARTS = API + "PartsApiTests.test_stock_in_issue_and_the_stock_list"
REPORTS = (
    API + "ReportApiTests.test_finance_and_the_general_manager_download_the_reports_and_others_are_refused"
)

SCOPE_TESTS = {
    "GET /api/v1/complaints": COMPLAINTS,
    "POST /api/v1/complaints": COMPLAINTS,
    "GET /api/v1/complaints/{complaint_id}": COMPLAINTS,
    "POST /api/v1/complaints/{complaint_id}/reply": COMPLAINTS,
    "POST /api/v1/complaints/{complaint_id}/conclude": COMPLAINTS,
    "POST /api/v1/complaints/{complaint_id}/route": COMPLAINTS,
    "GET /api/v1/returns": RETURNS,
    "POST /api/v1/returns": RETURNS,
    "GET /api/v1/returns/{return_id}": RETURNS,
    "POST /api/v1/returns/{return_id}/withdraw": RETURNS,
    "POST /api/v1/returns/{return_id}/carry-out": CARRY_OUT,
    "GET /api/v1/parts": PARTS,
    "POST /api/v1/parts/{part_id}/stock-in": PARTS,
    "POST /api/v1/parts/{part_id}/issue": PARTS,
    "GET /api/v1/aftersales/reports/{report}.xlsx": REPORTS,
}
