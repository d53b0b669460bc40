"""The reports pages: the KPI dashboard, the orders behind each figure, and the Excel exports."""

from django.urls import path

from fuwu.reports import exports, views

app_name = "reports"

urlpatterns = [
    path("kpis/", views.kpis, name="kpis"),
    path("kpis/<str:clause>/orders/", views.orders, name="orders"),
    path("export/orders.xlsx", exports.export_orders, name="export_orders"),
    path("export/visits.xlsx", exports.export_visits, name="export_visits"),
    path("export/kpis.xlsx", exports.export_kpis, name="export_kpis"),
]
