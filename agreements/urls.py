from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("from-proposal/<int:proposal_pk>/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("<int:pk>/versions/<int:number>/render/", views.render_status, name="render_status"),
    path("<int:pk>/versions/<int:number>/render/retry/", views.render_retry, name="render_retry"),
    path("<int:pk>/compare/", views.version_compare, name="compare"),
    path("<int:pk>/comments/", views.comment_post, name="comment"),
    path("<int:pk>/parties/<int:party_pk>/agree/", views.agreement_agree, name="agree"),
    path("<int:pk>/parties/<int:party_pk>/sign/", views.agreement_sign, name="sign"),
    path("<int:pk>/paper-signature/", views.paper_signature, name="paper_signature"),
    path("<int:pk>/amend/", views.agreement_amend, name="amend"),
    path("<int:pk>/history/", views.agreement_history, name="history"),
    path("register/", views.register_list, name="register"),
    path("register/<int:pk>/", views.register_detail, name="register_detail"),
    path("register/<int:pk>/pdf/", views.register_pdf, name="register_pdf"),
    path("verify/", views.verify, name="verify"),
]
