from django.urls import path

from .views import public, report, reviews

app_name = "reviews"
urlpatterns = [
    path("agreements/<int:pk>/", reviews.agreement_reviews, name="agreement_reviews"),
    path("agreements/<int:pk>/targets/", reviews.target_add, name="target_add"),
    path("agreements/<int:pk>/targets/<int:target_pk>/delete/", reviews.target_delete, name="target_delete"),
    path("agreements/<int:pk>/milestones/", reviews.milestone_add, name="milestone_add"),
    path("agreements/<int:pk>/milestones/<int:milestone_pk>/reschedule/", reviews.milestone_reschedule,
         name="milestone_reschedule"),
    path("milestones/<int:milestone_pk>/open/", reviews.review_open, name="open"),
    path("<int:pk>/", reviews.review_detail, name="detail"),
    path("<int:pk>/parties/<int:party_pk>/submit/", reviews.response_submit, name="submit"),
    path("<int:pk>/compare/", reviews.review_compare, name="compare"),
    path("<int:pk>/decide/", reviews.review_decide, name="decide"),
    path("<int:pk>/summary/", reviews.review_summary, name="summary"),
    path("<int:pk>/parties/<int:party_pk>/approve/", reviews.review_approve, name="approve"),
    path("register/", public.public_list, name="public_list"),
    path("register/<int:pk>/", public.public_detail, name="public_detail"),
    path("opendata/", public.opendata_index, name="opendata"),
    path("opendata/<slug:dataset>.<str:fmt>", public.opendata_download, name="opendata_download"),
    path("report/", report.report_page, name="report"),
    path("report/print/", report.report_print, name="report_print"),
    path("report/download.<str:fmt>", report.report_download, name="report_download"),
]
