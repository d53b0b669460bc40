"""The test proving who may open each orders page and what they see (see tests/core/test_every_page.py)."""

BOARD = "tests.orders.test_pages_board.BoardTests."
DESK = "tests.orders.test_pages_desk."
ORDER = "tests.orders.test_pages_order.OrderPageTests."
VISITS = "tests.orders.test_pages_visits.WorklistTests."
PUBLIC = "tests.orders.test_public_pages."
PHOTOS = (
    "tests.orders.test_pages_order.PhotoTests."
    + "test_photos_are_checked_by_their_bytes_and_served_only_in_scope"
)
WRONG_ROLE = ORDER + "test_a_wrong_role_is_refused_with_403_and_nothing_changes"
TECHNICIAN_STEPS = ORDER + "test_technician_accepts_checks_in_quotes_and_completes_from_the_page"

PAGE_SCOPE_TESTS = {
    "orders:board": BOARD + "test_readers_see_the_board_and_other_roles_are_refused",
    "orders:new": DESK + "IntakeTests.test_roles_and_methods",
    "orders:lookup": DESK + "IntakeTests.test_roles_and_methods",
    "orders:mine": DESK + "MinePageTests.test_roles_and_methods",
    "orders:rectification_done": DESK
    + "MinePageTests.test_a_rectification_is_listed_and_done_from_the_phone",
    "orders:batches": DESK + "BatchPageTests.test_roles_scope_and_methods",
    "orders:batch": DESK + "BatchPageTests.test_roles_scope_and_methods",
    "orders:batch_deliver": DESK + "BatchPageTests.test_roles_scope_and_methods",
    "orders:detail": ORDER + "test_outside_scope_is_404_and_wrong_method_405",
    "orders:print": ORDER + "test_print_work_order_has_no_menu",
    "orders:dispatch": WRONG_ROLE,
    "orders:accept": TECHNICIAN_STEPS,
    "orders:arrive": TECHNICIAN_STEPS,
    "orders:quote": TECHNICIAN_STEPS,
    "orders:complete": TECHNICIAN_STEPS,
    "orders:approval": ORDER + "test_supervisor_approves_work_outside_the_service_list",
    "orders:close": ORDER + "test_cancel_needs_a_reason_close_and_rework",
    "orders:cancel": ORDER + "test_cancel_needs_a_reason_close_and_rework",
    "orders:rework": ORDER + "test_cancel_needs_a_reason_close_and_rework",
    "orders:plan_visit": WRONG_ROLE,
    "orders:photo": PHOTOS,
    "orders:photo_file": PHOTOS,
    "orders:visits": VISITS + "test_roles_scope_and_methods",
    "orders:visit": VISITS + "test_record_form_requires_a_reason_at_2_and_starts_the_rectification",
    "orders:sample": VISITS + "test_sampling_shows_the_chosen_orders_and_the_seed",
    "orders:visit_link": VISITS + "test_the_rating_link_is_queued_through_the_outbox_to_the_assignee",
    "orders:poster": PUBLIC + "ReportPageTests.test_the_poster_shows_a_qr_code_of_the_report_page",
    "public:report": PUBLIC
    + "ReportPageTests.test_an_owner_reports_and_the_tracking_link_shows_only_that_order",
    "public:track": PUBLIC + "ReportPageTests.test_a_tampered_or_foreign_token_is_404",
    "public:rate": PUBLIC + "RatingLinkTests.test_a_tampered_or_expired_link_is_404",
}
