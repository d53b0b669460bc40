"""Which test proves the role and scope of each follow-up endpoint (read by test_every_operation)."""

CALLS = "tests.followup.test_api_calls."
CALL = CALLS + "CallApiTests.test_a_manager_records_and_lists_the_calls_of_their_own_customers_only"
LETTERS = CALLS + "LetterAndPlanApiTests.test_letters_are_registered_and_listed_in_scope"
PLANS = CALLS + "LetterAndPlanApiTests.test_a_plan_in_the_quiet_hours_names_the_first_allowed_time"
SOLVE = CALLS + "RequestApiTests.test_the_manager_solves_and_tells_and_the_same_day_is_judged"
ESCALATE = CALLS + "RequestApiTests.test_it_is_reported_to_the_supervisor_once_and_listed_for_them"
CAMPAIGNS = "tests.followup.test_api_campaigns."
CAMPAIGN = CAMPAIGNS + "CampaignApiTests.test_a_supervisor_decides_and_the_owner_tells_the_customers"
ELSEWHERE = CAMPAIGNS + "CampaignApiTests.test_another_sites_campaign_is_not_found"
WORKLIST = (
    CAMPAIGNS + "WorklistApiTests.test_the_worklist_is_ones_own_or_for_a_supervisor_a_colleagues_page_by_page"
)
STAND_INS = (
    CAMPAIGNS + "SubstitutionApiTests.test_a_supervisor_appoints_and_ends_a_stand_in_and_others_may_not"
)

SCOPE_TESTS = {
    "GET /api/v1/followup/calls": CALL,
    "POST /api/v1/followup/calls": CALL,
    "GET /api/v1/followup/letters": LETTERS,
    "POST /api/v1/followup/letters": LETTERS,
    "POST /api/v1/followup/plans": PLANS,
    "GET /api/v1/followup/requests": ESCALATE,
    "GET /api/v1/followup/requests/{request_id}": SOLVE,
    "POST /api/v1/followup/requests/{request_id}/escalate": ESCALATE,
    "POST /api/v1/followup/requests/{request_id}/solve": SOLVE,
    "POST /api/v1/followup/requests/{request_id}/tell": SOLVE,
    "GET /api/v1/followup/campaigns": ELSEWHERE,
    "POST /api/v1/followup/campaigns": CAMPAIGN,
    "GET /api/v1/followup/campaigns/{campaign_id}": ELSEWHERE,
    "POST /api/v1/followup/campaigns/{campaign_id}/customers": CAMPAIGN,
    "POST /api/v1/followup/campaigns/{campaign_id}/phoned": CAMPAIGN,
    "POST /api/v1/followup/campaigns/{campaign_id}/letters": ELSEWHERE,
    "GET /api/v1/followup/worklist": WORKLIST,
    "GET /api/v1/followup/substitutions": STAND_INS,
    "POST /api/v1/followup/substitutions": STAND_INS,
    "POST /api/v1/followup/substitutions/{substitution_id}/end": STAND_INS,
}
