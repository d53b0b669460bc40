"""The test proving the role and scope of each customers endpoint (see tests/api/test_every_operation)."""

API = "tests.customers.test_api."
WRITE = API + "WriteApiTests."

SCOPE_TESTS = {
    "GET /api/v1/customers": API
    + "ListApiTests.test_each_sees_their_scope_and_a_substitute_only_while_standing_in",
    "POST /api/v1/customers": WRITE + "test_a_customer_manager_makes_only_their_own_and_others_may_not_write",
    "GET /api/v1/customers/{customer_id}": API
    + "OneCustomerApiTests.test_the_whole_file_in_scope_and_404_outside_it",
    "PATCH /api/v1/customers/{customer_id}": WRITE
    + "test_patch_changes_only_what_is_sent_and_the_manager_only_by_a_supervisor",
    "POST /api/v1/customers/{customer_id}/contacts": WRITE
    + "test_a_contact_owes_the_file_and_the_file_made_meets_it",
    "POST /api/v1/customers/{customer_id}/file": WRITE
    + "test_a_contact_owes_the_file_and_the_file_made_meets_it",
    "GET /api/v1/customers/lookup": API + "LookupApiTests.test_the_lookup_answers_in_scope_with_history",
    "GET /api/v1/customers/files-due": API
    + "FilesDueApiTests.test_a_manager_gets_their_own_files_due_and_a_supervisor_the_sites",
    "POST /api/v1/customers/imports": (
        "tests.customers.test_import.ImportApiTests.test_roles_and_sites_are_checked"
    ),
}
