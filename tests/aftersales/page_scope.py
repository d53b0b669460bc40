"""The test proving who may open each after-sales page and what they see (see
tests/core/test_every_page.py)."""

PAGES = "tests.aftersales.test_pages."
DESK = PAGES + "ScopeTests.test_the_desk_opens_complaints_and_returns_and_other_roles_are_refused"
OTHER_SITE = PAGES + "ScopeTests.test_another_sites_staff_get_404_for_this_sites_rows"
STORE = PAGES + "ScopeTests.test_store_and_report_pages_by_role"
REGISTERS = PAGES + "ScopeTests.test_every_register_opens_prints_and_exports_for_its_readers"
FORMS = PAGES + "FormTests.test_the_desk_receives_replies_and_concludes_on_the_pages"
WRITES = PAGES + "FormTests.test_calls_defects_and_parts_are_written_on_their_pages"

PAGE_SCOPE_TESTS = {
    "aftersales:complaints": DESK,
    "aftersales:complaint_new": DESK,
    "aftersales:complaint": OTHER_SITE,
    "aftersales:complaint_note": FORMS,
    "aftersales:complaint_reply": FORMS,
    "aftersales:complaint_route": FORMS,
    "aftersales:complaint_quality": FORMS,
    "aftersales:complaint_conclude": FORMS,
    "aftersales:complaint_incident": PAGES + "FormTests.test_an_incident_is_approved_on_the_complaint_page",
    "aftersales:customer_pick": DESK,
    "aftersales:returns": DESK,
    "aftersales:return_new": DESK,
    "aftersales:return": OTHER_SITE,
    "aftersales:return_carry_out": PAGES + "FormTests.test_an_approved_return_is_carried_out_on_its_page",
    "aftersales:return_withdraw": PAGES + "FormTests.test_a_return_is_closed_without_approval_on_its_page",
    "aftersales:calls": DESK,
    "aftersales:call_new": WRITES,
    "aftersales:defect_new": WRITES,
    "aftersales:register": REGISTERS,
    "aftersales:register_print": REGISTERS,
    "aftersales:register_xlsx": REGISTERS,
    "aftersales:parts": STORE,
    "aftersales:part_new": PAGES + "FormTests.test_a_part_is_added_and_a_movement_reversed_on_the_pages",
    "aftersales:part": OTHER_SITE,
    "aftersales:part_stock_in": WRITES,
    "aftersales:part_issue": WRITES,
    "aftersales:movement_reverse": PAGES
    + "FormTests.test_a_part_is_added_and_a_movement_reversed_on_the_pages",
    "aftersales:account": STORE,
    "aftersales:account_enter": PAGES + "FormTests.test_the_account_is_entered_and_reversed_on_its_page",
    "aftersales:account_reverse": PAGES + "FormTests.test_the_account_is_entered_and_reversed_on_its_page",
    "aftersales:reports": STORE,
    "aftersales:report": STORE,
    "aftersales:report_print": STORE,
    "aftersales:report_xlsx": STORE,
}
