from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.consultation_create, name="create"),
    path("request/", views.request_consultation, name="request"),
    path("mine/", views.mine, name="mine"),
    path("analysis/", views.analysis, name="analysis"),
    path("analysis/consultations.csv", views.analysis_csv, name="analysis_csv"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/contact/", views.contact_add, name="contact_add"),
    path("<int:pk>/refer/", views.refer, name="refer"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:pk>/hand-over/", views.hand_over, name="hand_over"),
    path("<int:pk>/take/", views.take, name="take"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/matches/", views.matches, name="matches"),
    path("<int:pk>/introduce/", views.introduce, name="introduce"),
    path("<int:pk>/start-proposal/", views.start_proposal, name="start_proposal"),
]
