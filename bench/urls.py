"""The project's URLs plus a trivial view: the baseline every page is compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("__bench__/trivial/", trivial, name="bench-trivial"),
    path("", include("kyodo.urls")),
]

handler400 = "kyodo.errors.bad_request"
handler403 = "kyodo.errors.permission_denied"
handler404 = "kyodo.errors.page_not_found"
handler500 = "kyodo.errors.server_error"
