from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import health, metrics, views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("partners/", include("partners.urls")),
    path("projects/", include("projects.urls")),
    path("agreements/", include("agreements.urls")),
    path("reviews/", include("reviews.urls")),
    path("cases/", include("cases.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "kyodo.errors.bad_request"
handler403 = "kyodo.errors.permission_denied"
handler404 = "kyodo.errors.page_not_found"
handler500 = "kyodo.errors.server_error"
