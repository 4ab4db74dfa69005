from __future__ import annotations

import logging

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from kyodo.urls import urlpatterns as portal_urlpatterns

pytestmark = pytest.mark.django_db


def _forbidden(request):
    raise PermissionDenied("この団体の代表者だけが招待できます。")


def _broken(request):
    raise RuntimeError("boom")


def _suspicious(request):
    raise SuspiciousOperation("bad")


# This module doubles as a URLconf (pytest.mark.urls) with views that fail on purpose.
urlpatterns = [
    path("test-errors/403/", _forbidden),
    path("test-errors/500/", _broken),
    path("test-errors/400/", _suspicious),
    *portal_urlpatterns,
]
handler400 = "kyodo.errors.bad_request"
handler403 = "kyodo.errors.permission_denied"
handler404 = "kyodo.errors.page_not_found"
handler500 = "kyodo.errors.server_error"


def test_404_page_is_in_japanese_inside_the_layout(client):
    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "ページが見つかりません" in html
    assert '<main id="main"' in html


def test_404_page_follows_the_language_switch(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.urls("tests.kyodo.test_errors")
def test_403_page_gives_the_reason(client):
    response = client.get("/test-errors/403/")

    html = response.content.decode()
    assert response.status_code == 403
    assert "この操作を行う権限がありません" in html
    assert "この団体の代表者だけが招待できます。" in html


@pytest.mark.urls("tests.kyodo.test_errors")
def test_400_page_is_friendly(client, settings):
    settings.DEBUG = False
    response = client.get("/test-errors/400/")

    assert response.status_code == 400
    assert "リクエストを処理できませんでした" in response.content.decode()


@pytest.mark.urls("tests.kyodo.test_errors")
def test_500_renders_the_static_page_without_debug(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    response = client.get("/test-errors/500/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "申し訳ありません。エラーが発生しました。" in html
    assert "boom" not in html and "Traceback" not in html


@pytest.mark.urls("tests.kyodo.test_errors")
def test_a_403_is_logged_on_one_line_without_a_traceback(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/test-errors/403/")

    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /test-errors/403/"
    assert record.exc_info is None and "Traceback" not in caplog.text


@pytest.mark.urls("tests.kyodo.test_errors")
def test_a_500_keeps_its_traceback_in_the_log(caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        Client(raise_request_exception=False).get("/test-errors/500/")

    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is not None
