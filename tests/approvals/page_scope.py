"""The test proving who may open each approvals page (see tests/core/test_every_page)."""

PAGES = "tests.approvals.test_pages.ApprovalPageTests."
DELEGATION_PAGES = "tests.approvals.test_pages.DelegationPageTests."

PAGE_SCOPE_TESTS = {
    "approvals:queue": PAGES + "test_the_queue_shows_what_waits_for_me_by_role_site_and_delegation",
    "approvals:history": PAGES + "test_all_requests_are_those_the_person_may_see",
    "approvals:request": PAGES + "test_a_request_page_is_404_outside_the_person_s_scope",
    "approvals:decide": PAGES + "test_approve_from_the_queue_and_a_second_decision_is_409",
    "approvals:cancel": PAGES + "test_the_requester_withdraws_others_get_403",
    "approvals:delegations": DELEGATION_PAGES + "test_hand_over_my_approvals_and_end_the_delegation",
    "approvals:delegation_end": DELEGATION_PAGES + "test_hand_over_my_approvals_and_end_the_delegation",
}
