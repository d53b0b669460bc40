"""The test proving who may open each customer-manager page and what they see (tests/core/test_every_page)."""

PAGES = "tests.managers.test_pages."
MANAGER = PAGES + "ManagerPageTests."
REVIEW = PAGES + "ReviewPageTests."
APPRAISAL = PAGES + "AppraisalPageTests."
CUSTOMER = PAGES + "CustomerPageTests."
ELIGIBILITY = REVIEW + "test_eligibility_is_requested_certified_and_the_person_appointed_on_the_page"
CARE = CUSTOMER + "test_key_customers_by_manager_and_a_care_plan_made_and_done_on_the_pages"

PAGE_SCOPE_TESTS = {
    "managers:list": MANAGER
    + "test_the_list_shows_a_supervisor_the_sites_managers_and_a_manager_only_themself",
    "managers:manager": MANAGER + "test_a_manager_opens_their_own_page_and_not_a_colleagues",
    "managers:check": MANAGER + "test_the_supervisor_checks_and_proposes_and_the_manager_may_not",
    "managers:propose": MANAGER + "test_the_supervisor_checks_and_proposes_and_the_manager_may_not",
    "managers:decide_level": MANAGER
    + "test_the_department_head_confirms_on_the_page_and_the_manager_may_not",
    "managers:income": (
        "tests.managers.test_income.IncomePageTests."
        "test_the_manager_sees_their_income_with_clause_and_version_and_not_a_colleagues"
    ),
    "managers:eligibility": ELIGIBILITY,
    "managers:eligibility_decide": ELIGIBILITY,
    "managers:appoint": ELIGIBILITY,
    "managers:selections": REVIEW + "test_the_selection_page_weighs_a_candidate_for_the_supervisor_only",
    "managers:appraisals": APPRAISAL
    + "test_the_supervisor_appraises_on_the_page_and_a_manager_sees_only_their_own",
    "managers:cycle": APPRAISAL
    + "test_the_cycle_page_makes_the_plan_for_the_supervisor_and_hides_other_sites",
    "managers:assign": CUSTOMER + "test_the_supervisor_assigns_one_or_many_and_a_manager_may_not",
    "managers:customer": (
        CUSTOMER + "test_a_customers_history_is_seen_by_their_manager_and_a_substitute_only_while_standing_in"
    ),
    "managers:key_customers": CARE,
    "managers:care_plan": CARE,
    "managers:care_item_done": CARE,
}
