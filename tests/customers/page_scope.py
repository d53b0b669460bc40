"""The test proving who may open each customers page and what they see (see tests/core/test_every_page.py)."""

PAGE_SCOPE_TESTS = {
    "customers:households": (
        "tests.customers.test_household_list.HouseholdListContentTests.test_a_supervisor_sees_only_the_households_of_their_site"
    ),
}
