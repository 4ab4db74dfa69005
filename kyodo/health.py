"""GET /health/: database, broker and worker status as JSON (200 when all three are up, else 503).

- database: `SELECT 1` on the default connection.
- broker: a connection to Redis, or to the embedded file-system broker's folders.
- worker: a remote-control ping broadcast to every worker. Both transports carry it: Redis
  through pub/sub, the file-system transport through its fanout exchange tables (settings put
  them in `var/broker/control/`).
- beat: when a worker last ran `kyodo.tasks.ping`, which beat schedules every minute. Reported
  for the operator, not counted in the status: a portal without beat still serves pages.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache

from kyodo.tasks import HEARTBEAT_KEY

# Replies are collected for the whole timeout (so /health/ takes about this long): long enough
# for a worker on a loaded machine to answer.
PING_TIMEOUT = 2.0
#: Beat sends the heartbeat every minute; three missed ones mean beat (or the worker) is gone.
BEAT_STALE_AFTER = timedelta(minutes=3)


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "engine": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return {"ok": False, "engine": connection.vendor, "error": exc.__class__.__name__}


def _broker_and_worker() -> tuple[dict, dict]:
    from kyodo.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            transport = conn.transport.driver_type
        broker = {"ok": True, "transport": transport}
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return {"ok": False, "error": exc.__class__.__name__}, {"ok": False, "workers": 0}
    try:
        replies = app.control.ping(timeout=PING_TIMEOUT) or []
        names = sorted(name for reply in replies for name in reply)
        worker = {"ok": bool(names), "workers": len(names), "names": names}
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        worker = {"ok": False, "workers": 0, "error": exc.__class__.__name__}
    return broker, worker


def _beat() -> dict:
    try:
        value = cache.get(HEARTBEAT_KEY)
    except Exception as exc:  # noqa: BLE001 - the cache may live on the broker that is down
        return {"ok": False, "last_heartbeat": None, "error": exc.__class__.__name__}
    last = parse_datetime(value) if value else None
    return {
        "ok": last is not None and timezone.now() - last < BEAT_STALE_AFTER,
        "last_heartbeat": value,
    }


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    database = _database()
    broker, worker = _broker_and_worker()
    ok = database["ok"] and broker["ok"] and worker["ok"]
    return JsonResponse(
        {
            "status": "ok" if ok else "degraded",
            "database": database,
            "broker": broker,
            "worker": worker,
            "beat": _beat(),
        },
        status=200 if ok else 503,
    )
