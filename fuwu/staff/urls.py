from django.urls import path

from fuwu.staff import views, views_leave

app_name = "staff"

urlpatterns = [
    path("attendance/import/", views.import_page, name="import"),
    path("ledger/", views.ledger_page, name="ledger"),
    path("months/", views.month_page, name="month"),
    path("leave/", views_leave.leave_page, name="leave"),
    path("leave/<int:pk>/decide/", views_leave.decide, name="leave_decide"),
]
