from django.urls import path

from fuwu.staff import views

app_name = "staff"

urlpatterns = [
    path("attendance/import/", views.import_page, name="import"),
    path("ledger/", views.ledger_page, name="ledger"),
    path("months/", views.month_page, name="month"),
]
