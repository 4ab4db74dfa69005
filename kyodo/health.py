"""GET /health/: database, broker and worker status as JSON (200 when all are up, else 503)."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "engine": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return {"ok": False, "error": exc.__class__.__name__}


def _broker_and_worker() -> tuple[dict, dict]:
    from kyodo.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
        broker = {"ok": True, "transport": str(transport)}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}, {"ok": False, "workers": 0}
    try:
        replies = app.control.ping(timeout=1.0) or []
        worker = {"ok": bool(replies), "workers": len(replies)}
    except Exception as exc:  # noqa: BLE001 - e.g. a transport without broadcast support
        worker = {"ok": False, "workers": 0, "error": exc.__class__.__name__}
    return broker, worker


def health(request: HttpRequest) -> JsonResponse:
    database = _database()
    broker, worker = _broker_and_worker()
    ok = database["ok"] and broker["ok"] and worker["ok"]
    return JsonResponse(
        {"status": "ok" if ok else "degraded", "database": database, "broker": broker, "worker": worker},
        status=200 if ok else 503,
    )
