"""The test proving who may open each staff page and what they see (see tests/core/test_every_page.py)."""

PAGES = "tests.staff.test_pages.StaffPageTests."
SCOPE = PAGES + "test_nobody_reads_a_colleagues_ledger_and_only_payroll_roles_open_the_hr_pages"

LEAVE = "tests.staff.test_leave.LeavePageTests." + (
    "test_an_employee_asks_on_the_page_and_the_manager_approves_there"
)

INCIDENTS = "tests.staff.test_incident_pages."
INCIDENT_LIST = INCIDENTS + "IncidentListTests.test_each_sees_their_scope_and_what_waits_comes_first"
INCIDENT_RECORD = (
    INCIDENTS + "RecordPageTests.test_a_supervisor_records_on_the_page_and_only_recorders_open_it"
)
INCIDENT_PAGE = INCIDENTS + (
    "IncidentPageTests.test_the_approver_approves_the_employee_appeals_on_a_phone_and_the_supervisor_upholds"
)

APPEALS = "tests.staff.test_appeal_pages."
SHIFT_APPEAL = APPEALS + (
    "ShiftAppealPageTests.test_only_the_employee_appeals_others_who_see_the_shift_get_403_the_rest_404"
)
APPEAL_LIST = APPEALS + (
    "AppealListTests.test_pending_first_both_kinds_each_linking_to_its_page_and_each_sees_their_scope"
)

MONTHS = "tests.staff.test_month_pages."
MONTH_SCOPE = MONTHS + "CloseOnThePageTests.test_only_hr_of_the_site_opens_the_month_and_closes_it"
PROGRESS = (
    MONTHS + "CloseOnThePageTests.test_the_progress_bar_shows_while_the_worker_closes_and_then_the_month"
)
TEAM = MONTHS + "TeamPageTests.test_a_manager_sees_their_reports_only_with_their_sums"
PAYROLL = "tests.staff.test_payroll_export.PayrollExportTests.test_only_hr_of_the_site_downloads_it"
REVIEWS = "tests.staff.test_reviews.ReviewPageTests.test_scope_hr_sees_their_sites_and_others_are_refused"

JOB = (
    "tests.staff.test_import_jobs.ImportJobTests.test_only_hr_and_the_general_manager_of_the_jobs_site_see_it"
)
SHIFTS = "tests.staff.test_corrections.ShiftsPageTests." + (
    "test_each_sees_their_own_a_manager_the_team_read_only_hr_their_sites"
)

PAGE_SCOPE_TESTS = {
    "staff:import": SCOPE,
    "staff:import_job": JOB,
    "staff:attendance": SHIFTS,
    "staff:correct_shift": SHIFTS,
    "staff:add_shift": SHIFTS,
    "staff:ledger": SCOPE,
    "staff:month": SCOPE,
    "staff:leave": LEAVE,
    "staff:leave_decide": LEAVE,
    "staff:incidents": INCIDENT_LIST,
    "staff:incident_new": INCIDENT_RECORD,
    "staff:incident_fields": INCIDENT_RECORD,
    "staff:incident": INCIDENT_PAGE,
    "staff:incident_decide": INCIDENT_PAGE,
    "staff:incident_appeal": INCIDENT_PAGE,
    "staff:appeal_decide": SHIFT_APPEAL,
    "staff:shift_appeal": SHIFT_APPEAL,
    "staff:appeal": SHIFT_APPEAL,
    "staff:appeals": APPEAL_LIST,
    "staff:month_close": MONTH_SCOPE,
    "staff:close_progress": PROGRESS,
    "staff:payroll": PAYROLL,
    "staff:team": TEAM,
    "staff:reviews": REVIEWS,
    "staff:review_decide": REVIEWS,
}
