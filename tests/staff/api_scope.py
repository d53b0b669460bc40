"""Which test proves the role and scope of each staff endpoint (read by tests/api/test_every_operation)."""

LEAVE = "tests.staff.test_leave.LeaveApiTests.test_an_employee_asks_and_the_manager_approves_through_the_api"

SCOPE_TESTS = {
    "POST /api/v1/attendance/imports": (
        "tests.staff.test_api_attendance.ImportApiTests.test_only_payroll_roles_import_and_only_into_their_sites"
    ),
    "GET /api/v1/attendance": (
        "tests.staff.test_api_attendance.ReadApiTests.test_each_sees_their_own_a_manager_the_team_hr_the_site"
    ),
    "GET /api/v1/ledger": (
        "tests.staff.test_api_attendance.ReadApiTests.test_each_sees_their_own_a_manager_the_team_hr_the_site"
    ),
    "POST /api/v1/leave": LEAVE,
    "POST /api/v1/leave/{leave_id}/approve": LEAVE,
}
