"""Request ids in responses, logs and Celery tasks; JSON log lines; the Prometheus endpoint."""

from __future__ import annotations

import io
import json
import logging
from types import SimpleNamespace

import pytest
from django.urls import reverse
from prometheus_client import REGISTRY
from pythonjsonlogger.json import JsonFormatter

from kyodo import logs, metrics


def test_every_response_names_its_request(client, db):
    given = client.get(reverse("projects:call_list"), HTTP_X_REQUEST_ID="proxy-abc-123")
    assert given["X-Request-ID"] == "proxy-abc-123"
    made = client.get(reverse("projects:call_list"), HTTP_X_REQUEST_ID="<script>")
    assert len(made["X-Request-ID"]) == 32 and made["X-Request-ID"] != "<script>"


def test_the_request_id_rides_along_into_a_task_and_its_log_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.ContextFilter())
    handler.setFormatter(JsonFormatter("%(message)s %(request_id)s %(task)s %(task_id)s"))
    logger = logging.getLogger("kyodo.tasks")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        token = logs._request_id.set("req-0001-abcd")
        headers: dict = {}
        logs._add_header(headers=headers)  # what a publish inside the request does
        logs._request_id.reset(token)
        assert headers == {logs.HEADER: "req-0001-abcd"}
        # The worker side: the header arrives on the task's request.
        task = SimpleNamespace(name="agreements.tasks.render", request=SimpleNamespace(
            headers=headers, delivery_info={"redelivered": False}))
        logs._task_started(task_id="t-1", task=task)
        logging.getLogger("kyodo.tasks").info("rendering")
        logs._task_finished(task_id="t-1", task=task, state="SUCCESS")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    rendering = next(line for line in lines if line["message"] == "rendering")
    assert rendering["request_id"] == "req-0001-abcd"
    assert (rendering["task"], rendering["task_id"]) == ("agreements.tasks.render", "t-1")
    assert logs.current_request_id() == ""


def test_metrics_count_requests_and_need_the_token_when_one_is_set(client, db, settings):
    client.get(reverse("projects:call_list"))
    body = client.get(reverse("metrics")).content.decode()
    assert 'kyodo_http_requests_total{method="GET",status="200",view="projects:call_list"}' in body
    assert "kyodo_http_request_seconds_bucket" in body and "kyodo_celery_queue_length" in body
    settings.KYODO_METRICS_TOKEN = "s3cret-token"
    assert client.get(reverse("metrics")).status_code == 404
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200


def test_metrics_are_not_public_in_production_without_a_token(client, db, settings):
    settings.PRODUCTION = True
    assert client.get(reverse("metrics")).status_code == 404


@pytest.mark.parametrize("state", ["SUCCESS", "FAILURE"])
def test_task_outcomes_and_durations_are_counted(state):
    task = SimpleNamespace(name="kyodo.tasks.ping")
    labels = {"task": "kyodo.tasks.ping", "outcome": state.lower()}
    before = REGISTRY.get_sample_value("kyodo_celery_tasks_total", labels) or 0
    metrics._prerun(task_id="x")
    metrics._postrun(task_id="x", task=task, state=state)
    assert REGISTRY.get_sample_value("kyodo_celery_tasks_total", labels) == before + 1
