"""Structured logs with a request id that follows the work into Celery tasks.

Every request gets an id (the proxy's `X-Request-ID` when it sends a sane one, else a new one),
returned in the response's `X-Request-ID`. A task published while the request runs (after
commit, through `kyodo.outbox`) carries it in a message header, and the worker logs under it,
so one grep follows a click from the web node to whichever worker did the work. Log records
get `request_id`, `task_id` and `task` fields; `LOG_FORMAT=json` (the production default)
writes one JSON object per line.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

HEADER = "kyodo_request_id"  # the Celery message header
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("kyodo_request_id", default="")
_task: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar("kyodo_task", default=("", ""))
_SANE = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
log = logging.getLogger("kyodo.tasks")


def current_request_id() -> str:
    return _request_id.get()


class ContextFilter(logging.Filter):
    """Adds `request_id`, `task_id` and `task` to every record (empty outside requests/tasks)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        record.task_id, record.task = _task.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _SANE.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


# --- Celery ------------------------------------------------------------------------------------
def _add_header(headers: dict | None = None, **kwargs: Any) -> None:
    request_id = _request_id.get()
    if headers is not None and request_id:
        headers[HEADER] = request_id


def _task_started(task_id: str = "", task: Any = None, **kwargs: Any) -> None:
    request_id = getattr(task.request, HEADER, None) or (task.request.headers or {}).get(HEADER) or ""
    _request_id.set(request_id)
    _task.set((task_id, task.name))
    log.info("task started", extra={"delivery": {"redelivered": bool(task.request.delivery_info.get("redelivered"))}})


def _task_finished(task_id: str = "", task: Any = None, state: str = "", **kwargs: Any) -> None:
    log.info("task finished", extra={"state": state})
    _request_id.set("")
    _task.set(("", ""))


def connect_celery() -> None:
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(_add_header, weak=False, dispatch_uid="kyodo.logs.header")
    task_prerun.connect(_task_started, weak=False, dispatch_uid="kyodo.logs.started")
    task_postrun.connect(_task_finished, weak=False, dispatch_uid="kyodo.logs.finished")
