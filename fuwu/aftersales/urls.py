from django.urls import path

from fuwu.aftersales.views import complaints, parts, pickers, registers, reports, returns

app_name = "aftersales"

urlpatterns = [
    path("complaints/", complaints.complaint_list, name="complaints"),
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", complaints.complaint_page, name="complaint"),
    path("complaints/<int:pk>/note/", complaints.complaint_note, name="complaint_note"),
    path("complaints/<int:pk>/reply/", complaints.complaint_reply, name="complaint_reply"),
    path("complaints/<int:pk>/route/", complaints.complaint_route, name="complaint_route"),
    path("complaints/<int:pk>/quality/", complaints.complaint_quality, name="complaint_quality"),
    path("complaints/<int:pk>/conclude/", complaints.complaint_conclude, name="complaint_conclude"),
    path("complaints/<int:pk>/incident/", complaints.complaint_incident, name="complaint_incident"),
    path("customers/pick/", pickers.customer_pick, name="customer_pick"),
    path("returns/", returns.return_list, name="returns"),
    path("returns/new/", returns.return_new, name="return_new"),
    path("returns/<int:pk>/", returns.return_page, name="return"),
    path("returns/<int:pk>/carry-out/", returns.return_carry_out, name="return_carry_out"),
    path("returns/<int:pk>/withdraw/", returns.return_withdraw, name="return_withdraw"),
    path("calls/", registers.register_page, {"slug": "calls"}, name="calls"),
    path("calls/new/", registers.call_new, name="call_new"),
    path("defects/new/", registers.defect_new, name="defect_new"),
    path("registers/<slug:slug>/", registers.register_page, name="register"),
    path("registers/<slug:slug>/print/", registers.register_print, name="register_print"),
    path("registers/<slug:slug>.xlsx", registers.register_xlsx, name="register_xlsx"),
    path("parts/", parts.parts_page, name="parts"),
    path("parts/new/", parts.part_new, name="part_new"),
    path("parts/<int:pk>/", parts.part_page, name="part"),
    path("parts/<int:pk>/stock-in/", parts.part_stock_in, name="part_stock_in"),
    path("parts/<int:pk>/issue/", parts.part_issue, name="part_issue"),
    path("parts/movements/<int:pk>/reverse/", parts.movement_reverse, name="movement_reverse"),
    path("account/", parts.account_page, name="account"),
    path("account/enter/", parts.account_enter, name="account_enter"),
    path("account/<int:pk>/reverse/", parts.account_reverse, name="account_reverse"),
    path("reports/", reports.reports_page, name="reports"),
    path("reports/<slug:slug>/", reports.report_page, name="report"),
    path("reports/<slug:slug>/print/", reports.report_print, name="report_print"),
    path("reports/<slug:slug>.xlsx", reports.report_xlsx, name="report_xlsx"),
]
