from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("mine/", views.my_organisations, name="my_organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/members/", views.organisation_members, name="organisation_members"),
    path("organisations/<int:pk>/invitations/", views.invitation_create, name="invitation_create"),
    path("organisations/<int:pk>/verify/", views.organisation_verify, name="organisation_verify"),
    path("organisations/<int:pk>/reject/", views.organisation_reject, name="organisation_reject"),
    path("invitations/<int:pk>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("memberships/<int:pk>/role/", views.membership_role, name="membership_role"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("verification/", views.verification_queue, name="verification_queue"),
    path("departments/", views.department_list, name="department_list"),
    path("centres/", views.centre_list, name="centre_list"),
]
