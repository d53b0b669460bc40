from django.urls import path

from fuwu.customers.views import customers, detail, excel, files_due, lookup, prints
from fuwu.customers.views.households import households

app_name = "customers"

urlpatterns = [
    path("", customers.customer_list, name="list"),
    path("new/", customers.customer_new, name="new"),
    path("lookup/", lookup.caller_lookup, name="lookup"),
    path("files-due/", files_due.files_due_page, name="files_due"),
    path("import/", excel.import_list, name="import"),
    path("export.xlsx", excel.export_list, name="export"),
    path("households/", households, name="households"),
    path("<int:pk>/", detail.customer_detail, name="detail"),
    path("<int:pk>/edit/", customers.customer_edit, name="edit"),
    path("<int:pk>/contacts/", detail.record_contact, name="contact"),
    path("<int:pk>/file/", detail.make_file, name="file"),
    path("<int:pk>/vehicles/", detail.add_vehicle, name="vehicle"),
    path("<int:pk>/services/", detail.add_service, name="service"),
    path("<int:pk>/purchases/", detail.add_purchase, name="purchase"),
    path("<int:pk>/print/", prints.print_file, name="print_file"),
]
