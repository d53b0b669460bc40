"""The test proving who may open each customers page and what they see (see tests/core/test_every_page.py)."""

PAGES = "tests.customers.test_pages."
LIST = PAGES + "CustomerListTests.test_each_role_sees_its_scope_and_others_are_refused"
PAGE = PAGES + "CustomerPageTests."
OTHERS = PAGE + "test_another_managers_customer_is_not_found_and_a_substitute_opens_it"
READ_ONLY = PAGE + "test_a_return_visit_agent_reads_but_does_not_write"

PAGE_SCOPE_TESTS = {
    "customers:households": (
        "tests.customers.test_household_list.HouseholdListContentTests.test_a_supervisor_sees_only_the_households_of_their_site"
    ),
    "customers:list": LIST,
    "customers:new": PAGE + "test_a_manager_makes_a_customer_who_is_their_own",
    "customers:detail": OTHERS,
    "customers:edit": PAGE + "test_the_edit_changes_numbers_and_only_a_supervisor_changes_the_manager",
    "customers:contact": READ_ONLY,
    "customers:file": OTHERS,
    "customers:vehicle": PAGE + "test_a_car_a_service_and_a_product_are_added_and_a_bad_plate_named",
    "customers:service": PAGE + "test_a_car_a_service_and_a_product_are_added_and_a_bad_plate_named",
    "customers:purchase": PAGE + "test_a_car_a_service_and_a_product_are_added_and_a_bad_plate_named",
    "customers:print_file": PAGE + "test_the_printed_file_is_the_form_of_p16_6",
    "customers:lookup": (
        "tests.customers.test_lookup.LookupPageTests.test_the_desk_page_answers_as_typed_within_the_users_scope"
    ),
    "customers:files_due": (
        "tests.customers.test_files_due.FilesDueWorklistTests."
        "test_a_manager_sees_their_own_files_due_and_a_supervisor_the_sites_oldest_first"
    ),
    "customers:import": (
        "tests.customers.test_import.ImportPageTests.test_only_those_who_answer_for_a_site_import_and_only_into_their_sites"
    ),
    "customers:export": PAGE + "test_the_export_is_the_users_scope_as_the_import_reads_it",
}
