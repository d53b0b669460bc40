from django.urls import path

from fuwu.followup.views import campaigns, care, customer, registers, requests, standins, worklist

app_name = "followup"

urlpatterns = [
    path("", worklist.worklist_page, name="worklist"),
    path("customers/<int:pk>/", customer.customer_page, name="customer"),
    path("customers/<int:pk>/call/", customer.call_page, name="record_call"),
    path("customers/<int:pk>/plan/", customer.plan_page, name="plan"),
    path("customers/<int:pk>/letter/", customer.letter_page, name="letter"),
    path("plans/<int:pk>/drop/", customer.plan_drop, name="plan_drop"),
    path("calls/", registers.calls_page, name="calls"),
    path("letters/", registers.letters_page, name="letters"),
    path("requests/", requests.requests_page, name="requests"),
    path("requests/<int:pk>/", requests.request_page, name="request"),
    path("requests/<int:pk>/<slug:action>/", requests.request_action, name="request_action"),
    path("campaigns/", campaigns.campaigns_page, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", campaigns.campaign_page, name="campaign"),
    path("campaigns/<int:pk>/customers/", campaigns.campaign_customers, name="campaign_customers"),
    path("campaigns/<int:pk>/phoned/", campaigns.campaign_phoned, name="campaign_phoned"),
    path("campaigns/<int:pk>/letters/", campaigns.campaign_letters, name="campaign_letters"),
    path("care/", care.care_page, name="care"),
    path("care/occasions/", care.occasion_new, name="occasion_new"),
    path("households/<int:pk>/", care.household_page, name="household"),
    path("households/<int:pk>/visit/", care.household_visit, name="household_visit"),
    path("households/<int:pk>/care/", care.household_care, name="household_care"),
    path("tasks/<int:pk>/done/", care.task_done, name="task_done"),
    path("substitutions/", standins.standins_page, name="substitutions"),
    path("substitutions/<int:pk>/end/", standins.standin_end, name="substitution_end"),
]
