from django.urls import path

from .views import proposals, public, screening, staff, wizard

app_name = "projects"
urlpatterns = [
    # Public
    path("calls/", public.call_list, name="call_list"),
    path("calls/<int:pk>/", public.call_detail, name="call_detail"),
    path("register/", public.register_list, name="register_list"),
    path("register.json", public.register_json, name="register_json"),
    path("register/<int:pk>/", public.register_detail, name="register_detail"),
    # Proposers
    path("mine/", proposals.my_proposals, name="my_proposals"),
    path("new/", wizard.proposal_start, name="proposal_start"),
    path("proposals/<int:pk>/edit/<slug:step>/", wizard.proposal_step, name="proposal_step"),
    path("proposals/<int:pk>/edit/<slug:step>/autosave/", wizard.proposal_autosave, name="proposal_autosave"),
    path("proposals/<int:pk>/attachments/", wizard.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/delete/", wizard.attachment_delete, name="attachment_delete"),
    path("attachments/<int:pk>/", proposals.attachment_download, name="attachment_download"),
    # A proposal's pages
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/submit/", proposals.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/withdraw/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/delete/", proposals.proposal_delete, name="proposal_delete"),
    path("proposals/<int:pk>/brushup/", proposals.proposal_return_for_brushup, name="proposal_return_for_brushup"),
    path("proposals/<int:pk>/screening/", proposals.proposal_send_to_screening, name="proposal_send_to_screening"),
    path("proposals/<int:pk>/decide/", proposals.proposal_decide, name="proposal_decide"),
    path("proposals/<int:pk>/messages/", proposals.message_post, name="message_post"),
    path("proposals/<int:pk>/revisions/compare/", proposals.revision_compare, name="revision_compare"),
    # Screening committee
    path("screening/", screening.screening_list, name="screening_list"),
    path("proposals/<int:pk>/score/", screening.proposal_score, name="proposal_score"),
    path("proposals/<int:pk>/conflict/", screening.conflict_declare, name="conflict_declare"),
    # Staff
    path("staff/proposals/", staff.staff_proposal_list, name="staff_proposal_list"),
    path("staff/proposals/assign/", staff.staff_assign_screeners, name="staff_assign_screeners"),
    path("staff/rounds/", staff.screening_round_list, name="screening_round_list"),
    path("staff/rounds/<int:pk>/", staff.screening_round_detail, name="screening_round_detail"),
]
