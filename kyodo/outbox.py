"""A transactional outbox for Celery tasks.

Work queued by a request (a notification mail, a PDF render) must not be lost, and must not
fail the request, when the broker is briefly unreachable. `enqueue_on_commit` publishes the
task after the surrounding transaction commits; if the broker refuses, the task is stored in
`OutboxTask` and `flush_outbox` (run by Celery beat every minute and when a worker starts)
publishes it once the broker is back. Tasks must therefore be idempotent — ours are keyed by
the rows they act on.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import current_app, shared_task
from celery.signals import worker_ready
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

from .tenancy import CityOwned, each_city

logger = logging.getLogger(__name__)

# Fail fast when the broker is down: the request must not hang, the outbox keeps the work.
_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


class OutboxTask(CityOwned):
    """A task that could not be handed to the broker; published later by `flush_outbox`."""

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    error = models.CharField(_("last error"), max_length=500, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)

    class Meta:
        app_label = "kyodo"
        ordering = ["created_at", "id"]
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")

    def __str__(self) -> str:
        return self.task_name


def _publish(task_name: str, args: list, kwargs: dict) -> None:
    current_app.send_task(task_name, args=args, kwargs=kwargs, retry=True, retry_policy=_PUBLISH_RETRY_POLICY)


def enqueue(task: Any, *args: Any, **kwargs: Any) -> None:
    """Publish now, or keep in the outbox if the broker is unreachable."""
    name = task if isinstance(task, str) else task.name
    try:
        if isinstance(task, str):
            _publish(name, list(args), kwargs)
        else:
            # `CELERY_TASK_PUBLISH_RETRY_POLICY` keeps this short when the broker is down.
            task.delay(*args, **kwargs)
    except (OperationalError, OSError, ConnectionError) as exc:
        logger.warning("Broker unreachable, keeping %s in the outbox: %s", name, exc)
        OutboxTask.objects.create(task_name=name, args=list(args), kwargs=kwargs, error=str(exc)[:500])


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Publish `task(*args, **kwargs)` once the current transaction commits."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


@shared_task(name="kyodo.flush_outbox", ignore_result=True)
def flush_outbox(limit: int = 500) -> int:
    """Publish tasks kept while the broker was down, each in its city. Returns how many were sent."""
    sent = 0
    for _city in each_city():
        with transaction.atomic():
            pending = list(
                OutboxTask.objects.select_for_update(skip_locked=True).filter(sent_at__isnull=True)[:limit]
            )
            for item in pending:
                try:
                    _publish(item.task_name, item.args, item.kwargs)
                except (OperationalError, OSError, ConnectionError) as exc:
                    item.attempts += 1
                    item.error = str(exc)[:500]
                    item.save(update_fields=["attempts", "error"])
                    return sent
                item.sent_at = timezone.now()
                item.attempts += 1
                item.save(update_fields=["sent_at", "attempts"])
                sent += 1
    return sent


@worker_ready.connect
def _flush_when_worker_starts(sender=None, **kwargs: Any) -> None:
    try:
        flush_outbox.delay()
    except Exception:  # noqa: BLE001 - the periodic flush will catch up
        logger.warning("Could not schedule the outbox flush at worker start", exc_info=True)
