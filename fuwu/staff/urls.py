from django.urls import path

from fuwu.staff.views import appeals, attendance, imports, incidents, leave, ledger, months, reviews

app_name = "staff"

urlpatterns = [
    path("attendance/import/", imports.import_page, name="import"),
    path("attendance/imports/<int:pk>/", imports.import_job, name="import_job"),
    path("attendance/", attendance.shifts_page, name="attendance"),
    path("attendance/<int:pk>/correct/", attendance.correct_page, name="correct_shift"),
    path("attendance/add/", attendance.add_page, name="add_shift"),
    path("ledger/", ledger.ledger_page, name="ledger"),
    path("months/", months.month_page, name="month"),
    path("months/<slug:site>/<str:month>/close/", months.close_start, name="month_close"),
    path("months/<slug:site>/<str:month>/payroll.xlsx", months.payroll_download, name="payroll"),
    path("months/closing/<int:pk>/", months.close_progress, name="close_progress"),
    path("team/", months.team_page, name="team"),
    path("reviews/", reviews.reviews_page, name="reviews"),
    path("reviews/<int:pk>/decide/", reviews.review_decide, name="review_decide"),
    path("leave/", leave.leave_page, name="leave"),
    path("leave/<int:pk>/decide/", leave.decide, name="leave_decide"),
    path("incidents/", incidents.incident_list, name="incidents"),
    path("incidents/new/", incidents.incident_new, name="incident_new"),
    path("incidents/new/fields/", incidents.incident_fields, name="incident_fields"),
    path("incidents/<int:pk>/", incidents.incident_page, name="incident"),
    path("incidents/<int:pk>/decide/", incidents.incident_decide, name="incident_decide"),
    path("incidents/<int:pk>/appeal/", incidents.incident_appeal, name="incident_appeal"),
    path("attendance/<int:pk>/appeal/", appeals.shift_appeal_page, name="shift_appeal"),
    path("appeals/", appeals.appeal_list, name="appeals"),
    path("appeals/<int:pk>/", appeals.appeal_page, name="appeal"),
    path("appeals/<int:pk>/decide/", appeals.appeal_decide, name="appeal_decide"),
]
