"""Error pages (handler400/403/404/500): friendly, translated, inside the portal's layout."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from .params import BadParameter


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A query parameter the page could not read (kyodo.params) says which and why, translated;
    # other causes (a suspicious host, a broken upload) stay unexplained to the sender.
    reason = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "errors/400.html", {"reason": reason, "retry": request.path}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A view may raise PermissionDenied(decision.reason): the reason is already translated.
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # A static page without context processors or the base layout: the failure may be in one of them.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


class ClientErrorsOnOneLine(logging.Filter):
    """A 4xx answer is the sender's doing, not a fault: Django's request logger writes a
    PermissionDenied or BadRequest raised in a view with its whole traceback. Keep the one
    line that says what and where ("Forbidden (Permission denied): /agreements/3/edit/")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
