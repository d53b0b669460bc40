"""The orders app's pages for signed-in staff. Services reverse "orders:detail", "orders:batch" and
"orders:visits", so those names must stay."""

from django.urls import path

from fuwu.orders.views import actions, batches, board, detail, intake, mine, poster, visits

app_name = "orders"

urlpatterns = [
    path("", board.board, name="board"),
    path("new/", intake.new_order, name="new"),
    path("lookup/", intake.lookup, name="lookup"),
    path("mine/", mine.mine, name="mine"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/print/", detail.print_order, name="print"),
    *[path(f"<int:pk>/{name}/", actions.act, {"action": name}, name=name) for name in actions.ACTIONS],
    path("photos/<int:pk>/", detail.photo, name="photo_file"),
    path("rectifications/<int:pk>/done/", mine.rectification_done, name="rectification_done"),
    path("visits/", visits.worklist, name="visits"),
    path("visits/sample/", visits.sample, name="sample"),
    path("visits/<int:pk>/", visits.record, name="visit"),
    path("visits/<int:pk>/link/", visits.send_link, name="visit_link"),
    path("batches/", batches.batch_list, name="batches"),
    path("batches/<int:pk>/", batches.batch_detail, name="batch"),
    path("batches/<int:pk>/deliver/", batches.deliver, name="batch_deliver"),
    path("poster/<slug:code>/", poster.poster, name="poster"),
]
