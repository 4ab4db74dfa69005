"""Tasks that belong to the portal as a whole, not to one app."""

from __future__ import annotations

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

#: Cache key holding the time (ISO 8601) a worker last ran `ping`. `/health/` reads it.
HEARTBEAT_KEY = "kyodo:worker-heartbeat"


@shared_task(ignore_result=True, time_limit=30, soft_time_limit=20)
def ping() -> str:
    """Proves a worker took a message off the broker: records the time in the shared cache.

    Beat sends it every minute (`CELERY_BEAT_SCHEDULE`), and the worker sends it to itself when
    it starts, so `/health/` can tell a live worker on any transport."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, now, timeout=None)
    return now
