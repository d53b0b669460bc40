from django.urls import path

from fuwu.managers.views import appraisals, customers, managers, reviews

app_name = "managers"

urlpatterns = [
    path("", managers.manager_list, name="list"),
    path("<int:pk>/", managers.manager_page, name="manager"),
    path("<int:pk>/checks/", managers.check_post, name="check"),
    path("<int:pk>/level/", managers.propose_post, name="propose"),
    path("<int:pk>/income/", managers.income_page, name="income"),
    path("level-changes/<int:pk>/decide/", managers.decide_level_post, name="decide_level"),
    path("eligibility/", reviews.eligibility_page, name="eligibility"),
    path("eligibility/<int:pk>/decide/", reviews.eligibility_decide, name="eligibility_decide"),
    path("eligibility/<int:pk>/appoint/", reviews.appoint_post, name="appoint"),
    path("selections/", reviews.selection_page, name="selections"),
    path("appraisals/", appraisals.appraisal_page, name="appraisals"),
    path("cycle/<slug:site>/<int:year>/", appraisals.cycle_page, name="cycle"),
    path("assign/", customers.assign_page, name="assign"),
    path("customers/<int:pk>/", customers.customer_page, name="customer"),
    path("key-customers/", customers.key_customers_page, name="key_customers"),
    path("care-plans/<int:customer>/<int:year>/", customers.care_plan_page, name="care_plan"),
    path("care-items/<int:pk>/done/", customers.care_item_done, name="care_item_done"),
]
