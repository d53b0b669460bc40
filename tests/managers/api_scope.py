"""Which test proves the role and scope of each customer-manager endpoint (tests/api/test_every_operation)."""

API = "tests.managers.test_api."
LEVELS = API + "LevelApiTests."
READ = LEVELS + "test_each_sees_the_managers_in_their_scope_with_checklists_and_history"
CHANGE = LEVELS + "test_checks_and_a_level_change_go_through_the_supervisor_and_the_department_head"
ELIGIBLE = LEVELS + "test_eligibility_is_requested_certified_and_appointed_by_the_roles_the_clause_names"
SCORES = (
    API + "AppraisalApiTests.test_scores_come_from_the_pack_and_each_sees_their_own_appraisals_and_income"
)
ASSIGN = API + "CustomerApiTests.test_assignments_in_bulk_by_the_supervisor_and_the_history_in_scope"
KEYS = API + "CustomerApiTests.test_key_customers_and_care_plans_each_in_scope"

SCOPE_TESTS = {
    "GET /api/v1/managers": READ,
    "GET /api/v1/managers/{manager_id}": READ,
    "POST /api/v1/managers/{manager_id}/checks": CHANGE,
    "POST /api/v1/managers/{manager_id}/level-changes": CHANGE,
    "POST /api/v1/level-changes/{change_id}/decide": CHANGE,
    "GET /api/v1/eligibility": ELIGIBLE,
    "POST /api/v1/eligibility": ELIGIBLE,
    "POST /api/v1/eligibility/{review_id}/decide": ELIGIBLE,
    "POST /api/v1/eligibility/{review_id}/appoint": ELIGIBLE,
    "GET /api/v1/selections": SCORES,
    "POST /api/v1/selections": SCORES,
    "GET /api/v1/appraisals": SCORES,
    "POST /api/v1/appraisals": SCORES,
    "GET /api/v1/managers/{manager_id}/income": SCORES,
    "GET /api/v1/assignments": ASSIGN,
    "POST /api/v1/assignments": ASSIGN,
    "GET /api/v1/key-customers": KEYS,
    "POST /api/v1/key-customers/reviews": KEYS,
    "GET /api/v1/care-plans": KEYS,
    "POST /api/v1/care-plans": KEYS,
    "POST /api/v1/care-items/{item_id}/done": KEYS,
}
