from django.urls import path

from fuwu.customers import views

app_name = "customers"

urlpatterns = [
    path("households/", views.households, name="households"),
]
