"""Metrics for Prometheus (prometheus-client): requests, latency, queue length, task outcomes and
the agreement PDF's render time.

Web nodes run several gunicorn workers and Celery runs prefork children: with
`PROMETHEUS_MULTIPROC_DIR` set (an empty directory per host, as the production topology and
docker-compose do) every process writes its samples there and a scrape adds them up. The web
node answers `GET /metrics` (with `Authorization: Bearer $KYODO_METRICS_TOKEN`; without a token
configured only outside production); a worker host serves the same on `KYODO_METRICS_PORT`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

REQUESTS = Counter("kyodo_http_requests_total", "HTTP requests answered.", ["method", "view", "status"])
LATENCY = Histogram(
    "kyodo_http_request_seconds", "Time to answer an HTTP request.", ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
TASKS = Counter("kyodo_celery_tasks_total", "Celery tasks finished, by outcome.", ["task", "outcome"])
TASK_SECONDS = Histogram("kyodo_celery_task_seconds", "Time a Celery task ran.", ["task"],
                         buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300))
PDF_RENDER_SECONDS = Histogram("kyodo_pdf_render_seconds", "Time to render an agreement PDF.",
                               buckets=(0.25, 0.5, 1, 2, 4, 8, 16, 32, 64))


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match and match.view_name else "unmatched"


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view_name(request)
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method, view, str(response.status_code)).inc()
        return response


class QueueLengthCollector(Collector):
    """Messages waiting in each Celery queue, read from the Redis broker at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("kyodo_celery_queue_length", "Messages waiting in a Celery queue.",
                                   labels=["queue"])
        if settings.CELERY_BROKER_URL.startswith("redis"):
            from kyodo.celery import app

            queue = app.conf.task_default_queue
            with app.connection_for_read() as conn:
                client = conn.default_channel.client
                family.add_metric([queue], client.llen(queue))
        yield family


def registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        reg = CollectorRegistry()
        multiprocess.MultiProcessCollector(reg)
    else:
        reg = REGISTRY
    return reg


def exposition() -> bytes:
    reg = registry()
    queue = CollectorRegistry()
    queue.register(QueueLengthCollector())
    return generate_latest(reg) + generate_latest(queue)


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """A bare 404 (no page, nothing named) unless the bearer token matches, or, with no token
    configured, outside production."""
    token = settings.KYODO_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not constant_time_compare(given, token):
            return HttpResponseNotFound()
    elif settings.PRODUCTION:
        return HttpResponseNotFound()
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)


# --- Celery ------------------------------------------------------------------------------------
_started: dict[str, float] = {}


def _prerun(task_id: str = "", **kwargs: Any) -> None:
    _started[task_id] = time.perf_counter()


def _postrun(task_id: str = "", task: Any = None, state: str = "", **kwargs: Any) -> None:
    started = _started.pop(task_id, None)
    if started is not None:
        TASK_SECONDS.labels(task.name).observe(time.perf_counter() - started)
    TASKS.labels(task.name, (state or "unknown").lower()).inc()


def _serve(**kwargs: Any) -> None:
    """On a worker host: the metrics of its processes on KYODO_METRICS_PORT."""
    port = os.environ.get("KYODO_METRICS_PORT")
    if port:
        from prometheus_client import start_http_server

        start_http_server(int(port), addr=os.environ.get("KYODO_METRICS_ADDR", "127.0.0.1"), registry=registry())


def connect_celery() -> None:
    from celery.signals import task_postrun, task_prerun, worker_ready

    task_prerun.connect(_prerun, weak=False, dispatch_uid="kyodo.metrics.prerun")
    task_postrun.connect(_postrun, weak=False, dispatch_uid="kyodo.metrics.postrun")
    worker_ready.connect(_serve, weak=False, dispatch_uid="kyodo.metrics.serve")
