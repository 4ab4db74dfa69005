"""A real Celery worker takes tasks off both brokers: the embedded file-system broker used when no
REDIS_URL is set (the demo), and Redis (tests, production)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache

from kyodo.tasks import HEARTBEAT_KEY, ping

BASE_DIR = Path(settings.BASE_DIR)


def embedded_env(var_dir: Path) -> dict[str, str]:
    """The environment of a newcomer's machine: no DATABASE_URL, no REDIS_URL."""
    unset = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "KYODO_TESTING", "PYTEST_XDIST_WORKER"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update({"KYODO_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "kyodo.settings", "PYTHONUNBUFFERED": "1"})
    return env


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


@pytest.fixture
def embedded_worker(tmp_path: Path) -> Iterator[Path]:
    """`celery worker` in its own process on the file-system broker under a temporary var dir."""
    var_dir = tmp_path / "var"
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "kyodo", "worker", "--pool=solo", "-l", "info",
             "-n", f"test-{uuid.uuid4().hex[:8]}@%h"],
            cwd=BASE_DIR, env=embedded_env(var_dir), stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: b" ready." in log_path.read_bytes() or worker.poll() is not None, 60, "the worker")
        assert worker.poll() is None, log_path.read_text()
        yield var_dir
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def run_in_embedded_portal(var_dir: Path, code: str) -> str:
    script = "import django; django.setup()\n" + code
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=embedded_env(var_dir),
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_embedded_broker_settings_need_no_service(tmp_path):
    out = run_in_embedded_portal(
        tmp_path / "var",
        "from django.conf import settings\n"
        "print(settings.CELERY_BROKER_URL, settings.DATABASES['default']['ENGINE'])",
    )
    assert out.split() == ["filesystem://localhost//", "django.db.backends.sqlite3"]


def test_task_round_trip_through_the_file_system_broker(embedded_worker):
    heartbeats = FileBasedCache(str(embedded_worker / "cache"), {"KEY_FUNCTION": "kyodo.tenancy.cache_key"})
    assert heartbeats.get(HEARTBEAT_KEY) is None

    run_in_embedded_portal(embedded_worker, "from kyodo.tasks import ping\nping.delay()")

    wait_for(lambda: heartbeats.get(HEARTBEAT_KEY) is not None, 30, "the worker to run kyodo.tasks.ping")
    assert not any((embedded_worker / "broker" / "out").glob("*.celery.msg")), "the message was not consumed"


def test_health_sees_the_worker_on_the_file_system_broker(embedded_worker):
    out = run_in_embedded_portal(
        embedded_worker,
        "import time\n"
        "from django.test import Client\n"
        "for _ in range(5):  # the worker may still be connecting its remote control\n"
        "    response = Client().get('/health/')\n"
        "    if response.status_code == 200:\n"
        "        break\n"
        "    time.sleep(1)\n"
        "print(response.status_code, response.content.decode())",
    )
    status, body = out.split(" ", 1)
    report = json.loads(body)
    assert status == "200", report
    assert report["broker"] == {"ok": True, "transport": "filesystem"}
    assert report["worker"]["ok"] is True
    assert any(name.startswith("test-") for name in report["worker"]["names"])


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_task_round_trip_through_redis(celery_worker):
    cache.delete(HEARTBEAT_KEY)

    ping.delay()

    wait_for(lambda: cache.get(HEARTBEAT_KEY) is not None, 30, "the worker to run kyodo.tasks.ping")


def test_beat_schedules_the_heartbeat():
    schedule = settings.CELERY_BEAT_SCHEDULE["kyodo-heartbeat"]
    assert schedule["task"] == ping.name == "kyodo.tasks.ping"
    assert schedule["schedule"] <= 60
