"""Pages anyone may open without logging in: a site's report page, a signed tracking link, a signed
rating link. Each shows only what its link names."""

from django.urls import path

from fuwu.orders.views import public

app_name = "public"

urlpatterns = [
    path("t/<str:token>/", public.track, name="track"),
    path("v/<str:token>/", public.rate, name="rate"),
    path("<slug:code>/", public.report, name="report"),
]
