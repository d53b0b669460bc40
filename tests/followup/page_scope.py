"""The test proving who may open each follow-up page and what they see (see tests/core/test_every_page.py)."""

PAGES = "tests.followup.test_pages."
WORKLIST = (
    PAGES
    + "WorklistPageTests.test_a_manager_sees_their_work_a_supervisor_a_colleagues_and_others_are_refused"
)
STAND_INS = (
    PAGES + "WorklistPageTests.test_the_stand_in_sees_the_absent_managers_work_and_the_manager_is_told"
)
CUSTOMER = (
    PAGES + "CustomerPageTests.test_the_customer_page_shows_what_is_owed_and_records_a_call_plan_and_letter"
)
REQUESTS = PAGES + "RequestPageTests.test_a_request_is_studied_reported_solved_and_told_through_its_page"
CAMPAIGNS = PAGES + "CampaignPageTests.test_a_supervisor_decides_and_the_list_is_told_by_phone_and_letter"
CARE = PAGES + "CarePageTests.test_the_services_page_lists_new_owners_elderly_and_tasks_and_records_visits"

PAGE_SCOPE_TESTS = {
    "followup:worklist": WORKLIST,
    "followup:customer": CUSTOMER,
    "followup:record_call": CUSTOMER,
    "followup:plan": CUSTOMER,
    "followup:letter": CUSTOMER,
    "followup:plan_drop": CUSTOMER,
    "followup:calls": CUSTOMER,
    "followup:letters": CUSTOMER,
    "followup:requests": REQUESTS,
    "followup:request": REQUESTS,
    "followup:request_action": REQUESTS,
    "followup:campaigns": CAMPAIGNS,
    "followup:campaign_new": CAMPAIGNS,
    "followup:campaign": CAMPAIGNS,
    "followup:campaign_customers": CAMPAIGNS,
    "followup:campaign_phoned": CAMPAIGNS,
    "followup:campaign_letters": CAMPAIGNS,
    "followup:care": CARE,
    "followup:occasion_new": CARE,
    "followup:household": CARE,
    "followup:household_visit": CARE,
    "followup:household_care": CARE,
    "followup:task_done": CARE,
    "followup:substitutions": STAND_INS,
    "followup:substitution_end": STAND_INS,
}
