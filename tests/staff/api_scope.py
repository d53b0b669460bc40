"""Which test proves the role and scope of each staff endpoint (read by tests/api/test_every_operation)."""

LEAVE = "tests.staff.test_leave.LeaveApiTests.test_an_employee_asks_and_the_manager_approves_through_the_api"

INCIDENTS = "tests.staff.test_incidents_api."
INCIDENT_READ = INCIDENTS + (
    "ReadApiTests.test_an_employee_sees_their_own_a_supervisor_the_site_and_another_site_sees_nothing"
)
INCIDENT_DECIDE = INCIDENTS + (
    "DecisionApiTests.test_the_named_role_approves_others_get_403_or_404_and_a_second_decision_409"
)
INCIDENT_APPEAL = INCIDENTS + "DecisionApiTests.test_the_employee_appeals_once_and_the_supervisor_upholds_it"

APPEALS = "tests.staff.test_appeals_api."
SHIFT_APPEAL = APPEALS + (
    "ShiftAppealApiTests.test_the_employee_appeals_the_supervisor_upholds_and_the_fine_is_reversed"
)
APPEAL_READ = APPEALS + "ReadApiTests.test_each_sees_the_appeals_in_their_scope_of_both_kinds"

MONTHS = "tests.staff.test_api_months.MonthApiTests.test_roles_sites_and_months_are_checked"
REVIEWS = (
    "tests.staff.test_reviews.ReviewApiTests.test_hr_lists_and_decides_through_the_api_and_others_are_refused"
)

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
    "GET /api/v1/incidents": INCIDENT_READ,
    "GET /api/v1/incidents/{incident_id}": INCIDENT_READ,
    "POST /api/v1/incidents": (
        INCIDENTS + "RecordApiTests.test_every_bad_field_is_named_and_a_role_that_may_not_record_is_refused"
    ),
    "POST /api/v1/incidents/{incident_id}/approve": INCIDENT_DECIDE,
    "POST /api/v1/incidents/{incident_id}/reject": INCIDENT_DECIDE,
    "POST /api/v1/incidents/{incident_id}/appeal": INCIDENT_APPEAL,
    "POST /api/v1/appeals/{appeal_id}/decide": SHIFT_APPEAL,
    "POST /api/v1/attendance/{shift_id}/appeal": SHIFT_APPEAL,
    "GET /api/v1/appeals": APPEAL_READ,
    "GET /api/v1/appeals/{appeal_id}": APPEAL_READ,
    "POST /api/v1/months/{site}/{month}/close": MONTHS,
    "GET /api/v1/months/{site}/{month}/payroll.xlsx": MONTHS,
    "GET /api/v1/reviews": REVIEWS,
    "POST /api/v1/reviews/{review_id}/decide": REVIEWS,
}
