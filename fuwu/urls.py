"""The URL map. Every URL needs a signed-in user except the short public list in tests/core."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Fuwu administration")
admin.site.site_title = _("Fuwu")

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("customers/", include("fuwu.customers.urls")),
    path("orders/", include("fuwu.orders.urls")),
    path("staff/", include("fuwu.staff.urls")),
    path("managers/", include("fuwu.managers.urls")),
    path("r/", include("fuwu.orders.public_urls")),
    path("reports/", include("fuwu.reports.urls")),
    path("followup/", include("fuwu.followup.urls")),
    path("approvals/", include("fuwu.approvals.urls")),
    path("aftersales/", include("fuwu.aftersales.urls")),
    path("api/v1/", include("fuwu.api.urls")),
    path("", include("fuwu.core.urls")),
]
