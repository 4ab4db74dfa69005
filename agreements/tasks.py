"""Celery tasks. The PDF task is keyed by version: a re-delivered or repeated task finds the
render ready (or in progress) and does nothing, so each version's PDF is produced once."""

from __future__ import annotations

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError


class TransientRenderError(Exception):
    """A failure worth retrying (a file system or database hiccup)."""


TRANSIENT = (TransientRenderError, OSError, OperationalError, InterfaceError)


class RenderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Retries exhausted (or a non-transient error): the failure becomes visible to staff."""
        from .services import render_mark_failed

        version_id = kwargs.get("version_id") or (args[0] if args else None)
        if version_id is not None:
            render_mark_failed(version_id=version_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(
    base=RenderTask, bind=True, acks_late=True, reject_on_worker_lost=True,
    autoretry_for=TRANSIENT, retry_backoff=2, retry_backoff_max=120, retry_jitter=False, max_retries=4,
    soft_time_limit=240, time_limit=300,
)
def render_agreement_pdf_task(self, version_id: int) -> str:
    from .services import render_run

    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    render = render_run(version_id=version_id, take_over=redelivered)
    return render.status if render else "missing"
