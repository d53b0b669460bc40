"""The approvals pages. Services reverse "approvals:request" and "approvals:queue", so those names stay."""

from django.urls import path

from fuwu.approvals.views import delegations, queue

app_name = "approvals"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("all/", queue.history, name="history"),
    path("<int:pk>/", queue.request_page, name="request"),
    path("<int:pk>/decide/", queue.decide, name="decide"),
    path("<int:pk>/cancel/", queue.cancel, name="cancel"),
    path("delegations/", delegations.delegation_list, name="delegations"),
    path("delegations/<int:pk>/end/", delegations.end, name="delegation_end"),
]
