"""The test proving who may open each staff page and what they see (see tests/core/test_every_page.py)."""

PAGES = "tests.staff.test_pages.StaffPageTests."
SCOPE = PAGES + "test_nobody_reads_a_colleagues_ledger_and_only_payroll_roles_open_the_hr_pages"

LEAVE = "tests.staff.test_leave.LeavePageTests." + (
    "test_an_employee_asks_on_the_page_and_the_manager_approves_there"
)

PAGE_SCOPE_TESTS = {
    "staff:import": SCOPE,
    "staff:ledger": SCOPE,
    "staff:month": SCOPE,
    "staff:leave": LEAVE,
    "staff:leave_decide": LEAVE,
}
