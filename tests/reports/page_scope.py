"""The test proving who may open each reports page and what they see (see tests/core/test_every_page.py)."""

PAGES = "tests.reports.test_pages."
ACCESS = PAGES + "DashboardAccessTests.test_other_roles_are_refused_everywhere_and_not_shown_the_entry"

PAGE_SCOPE_TESTS = {
    "reports:kpis": ACCESS,
    "reports:orders": PAGES + "DashboardContentTests.test_the_drill_down_refuses_what_it_cannot_answer",
    "reports:export_orders": "tests.reports.test_exports.ExportTests.test_scope_and_bad_input",
    "reports:export_visits": "tests.reports.test_exports.ExportTests.test_scope_and_bad_input",
    "reports:export_kpis": "tests.reports.test_exports.ExportTests.test_scope_and_bad_input",
}
