"""The platform's own address (the base domain, no city): the list of cities and the platform's
admin, where its administrators create and deactivate cities. Every city's portal is at its own
host (`kyodo.cities.CityMiddleware`)."""

from django.urls import include, path

from . import health, metrics, views
from .admin_platform import platform_site

urlpatterns = [
    path("", views.platform_home, name="home"),
    path("health/", health.health, name="health"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", platform_site.urls),
]

handler400 = "kyodo.errors.bad_request"
handler403 = "kyodo.errors.permission_denied"
handler404 = "kyodo.errors.page_not_found"
handler500 = "kyodo.errors.server_error"
