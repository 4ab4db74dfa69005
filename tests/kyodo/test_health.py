"""GET /health/ reports the database, the broker and the worker, and says 503 when one is down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings

CLOSED_PORT = 1  # nothing listens on tcpmux


def get_health_in_subprocess(**env_overrides: str) -> tuple[int, dict]:
    """Asks /health/ in a fresh process, so settings are read from the given environment."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "PYTEST_XDIST_WORKER"}}
    env.update(env_overrides)
    script = (
        "import django, sys; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/health/')\n"
        "sys.stdout.write(f'{r.status_code} {r.content.decode()}')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.split(" ", 1)
    return int(status), json.loads(body)


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_all_up_answers_200_with_each_part(client, celery_worker):
    for _ in range(5):  # the worker may still be connecting its remote control
        response = client.get("/health/")
        if response.status_code == 200:
            break
        time.sleep(1)

    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"] == {"ok": True, "engine": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"}
    assert report["broker"] == {"ok": True, "transport": "redis"}
    assert report["worker"]["ok"] is True
    assert report["worker"]["workers"] >= 1
    assert set(report["beat"]) >= {"ok", "last_heartbeat"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_no_worker_answers_503_and_says_so(client):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("the worker check on the test's broker needs REDIS_URL")
    response = client.get("/health/")

    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "degraded"
    assert report["database"]["ok"] is True
    assert report["broker"]["ok"] is True
    assert report["worker"] == {"ok": False, "workers": 0, "names": []}


def test_broker_down_answers_503_with_the_broker_marked(tmp_path):
    status, report = get_health_in_subprocess(
        REDIS_URL=f"redis://127.0.0.1:{CLOSED_PORT}/0", KYODO_VAR_DIR=str(tmp_path)
    )

    assert status == 503
    assert report["status"] == "degraded"
    assert report["database"]["ok"] is True
    assert report["broker"]["ok"] is False
    assert report["broker"]["error"]
    assert report["worker"]["ok"] is False


def test_database_down_answers_503_with_the_database_marked(tmp_path):
    status, report = get_health_in_subprocess(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/kyodo", KYODO_VAR_DIR=str(tmp_path)
    )

    assert status == 503
    assert report["database"] == {"ok": False, "engine": "postgresql", "error": "OperationalError"}


@pytest.mark.django_db
def test_staff_without_two_factor_can_still_read_health(client, staff, settings):
    settings.KYODO_REQUIRE_STAFF_2FA = True
    client.force_login(staff)

    response = client.get("/health/")

    assert response.status_code in {200, 503}
    assert "database" in response.json()
