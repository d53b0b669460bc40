from django.urls import path

from fuwu.core import views, views_tokens

urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("sites/", views.sites, name="sites"),
    path("me/tokens/", views_tokens.my_tokens, name="my_tokens"),
    path("healthz", views.healthz, name="healthz"),
]
