"""The set-up scripts, CI entry point, compose file and documentation agree with each other."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SCRIPTS = ["scripts/install.sh", "scripts/services.sh", "scripts/test.sh", "scripts/demo.sh", "scripts/serve.sh",
           "scripts/messages.sh", ".ci/run"]


def read(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SCRIPTS)
def test_script_is_executable_bash_without_syntax_errors(path):
    assert os.access(ROOT / path, os.X_OK), f"{path} is not executable"
    assert read(path).startswith("#!/usr/bin/env bash\n")
    result = subprocess.run(["bash", "-n", str(ROOT / path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_readme_opens_with_the_demo_and_test_commands():
    first_block = re.search(r"```sh\n(.*?)```", read("README.md"), re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]

    assert commands == ["scripts/demo.sh", "scripts/test.sh"]


def test_readme_architecture_names_every_app():
    readme = read("README.md")
    for app in ["kyodo", "accounts", "partners", "projects", "agreements", "reviews", "cases"]:
        assert f"| `{app}/` |" in readme


def test_ci_runs_the_test_command_and_the_checks():
    ci = read(".ci/run")

    assert "scripts/test.sh" in ci
    assert "ruff check ." in ci
    assert "makemigrations --check --dry-run" in ci
    assert "check --deploy --fail-level WARNING" in ci
    assert '"$rc" -eq 5' in ci  # pytest's "no tests collected" must not fail CI by itself


def test_demo_relaxes_staff_two_factor_and_stops_its_processes():
    demo, serve = read("scripts/demo.sh"), read("scripts/serve.sh")

    assert "scripts/install.sh" in demo
    assert 'KYODO_REQUIRE_STAFF_2FA="${KYODO_REQUIRE_STAFF_2FA:-0}"' in demo
    assert "load_demo" in demo and "migrate" in demo
    assert "exec scripts/serve.sh" in demo
    assert "celery -A kyodo worker" in serve and "celery -A kyodo beat" in serve
    assert "trap stop EXIT" in serve


def test_install_covers_weasyprint_fonts_and_browser():
    install = read("scripts/install.sh")
    for package in ["libharfbuzz-subset0", "libpango-1.0-0", "fonts-noto-cjk", "poppler-utils", "gettext",
                    "chromium"]:
        assert package in install
    assert "requirements.lock" in install


def test_compose_runs_the_whole_stack():
    compose = yaml.safe_load(read("docker-compose.yml"))
    services = compose["services"]

    assert set(services) == {"db", "redis", "objects", "web", "worker", "beat"}
    assert services["db"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert "gunicorn kyodo.wsgi" in services["web"]["command"]
    assert "migrate" in services["web"]["command"] and "collectstatic" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "kyodo", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "kyodo", "beat"]
    assert "ensure_bucket" in services["web"]["command"]
    assert set(services["web"]["depends_on"]) == {"db", "redis", "objects"}
    for name in ("web", "worker", "beat"):
        assert "media:/app/var/media" in services[name]["volumes"]
        assert services[name]["env_file"][0]["path"] == ".env.example"
    assert "media" in compose["volumes"]


def test_dockerfile_matches_the_install_script():
    dockerfile = read("Dockerfile")

    assert dockerfile.startswith("# ") and "FROM python:3.11-slim-bookworm" in dockerfile
    for package in ["libharfbuzz-subset0", "libpango-1.0-0", "fonts-noto-cjk", "poppler-utils", "gettext"]:
        assert package in dockerfile
    assert "requirements.lock" in dockerfile


def test_env_example_documents_every_variable_settings_reads():
    source = read("kyodo/settings.py")
    read_vars = set(re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z0-9_]+)"', source))
    read_vars |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z0-9_]+)"', source))
    example = read(".env.example")
    documented = set(re.findall(r"^([A-Z0-9_]+)=", example, re.M))
    documented.add("PYTEST_XDIST_WORKER")  # set by pytest-xdist in its processes, not configuration

    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "KYODO_ENV"} <= read_vars
    assert read_vars - documented == set()
    # each variable has a comment within the few lines above it
    lines = example.splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^[A-Z0-9_]+=", line):
            assert any(previous.startswith("#") for previous in lines[max(0, index - 6):index]), line


# --- Stopping ---------------------------------------------------------------------------------
STOP_SECONDS = 10


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group(pgid: int) -> list[str]:
    """The processes of the group still running (not zombies): "pid stat command" lines."""
    out = subprocess.run(["ps", "-o", "pid=,stat=,args=", "-g", str(pgid)], capture_output=True, text=True).stdout
    return [line.strip() for line in out.splitlines() if line.split()[1][0] != "Z"]


def test_the_demo_services_stop_within_ten_seconds_of_ctrl_c_when_idle(tmp_path):
    """scripts/serve.sh (the worker, beat and gunicorn exactly as the demo runs them) on the
    embedded file-system broker, stopped the way a terminal's Ctrl-C does: SIGINT to the
    whole process group. Every process is gone within STOP_SECONDS."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(PORT=str(_free_port()), KYODO_VAR_DIR=str(tmp_path / "var"))
    serve = subprocess.Popen([str(ROOT / "scripts/serve.sh")], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, start_new_session=True)
    pgid = serve.pid
    output: list[str] = []
    try:
        deadline = time.monotonic() + 120
        for line in serve.stdout:  # until it says where the portal is (or that it is not healthy)
            output.append(line)
            if "Kyodo is running" in line or "did not become healthy" in line or time.monotonic() > deadline:
                break
        assert any("Kyodo is running" in line for line in output), "".join(output)
        assert len(_group(pgid)) >= 5, _group(pgid)  # the script, worker (+ pool), beat, gunicorn (+ workers)
        time.sleep(3)  # idle: the tasks beat sends on start are done

        os.killpg(pgid, signal.SIGINT)
        stopped = time.monotonic()
        while _group(pgid) and time.monotonic() - stopped < 60:
            time.sleep(0.1)
        seconds = time.monotonic() - stopped
        left = _group(pgid)
    finally:
        if _group(pgid):
            os.killpg(pgid, signal.SIGKILL)
        serve.wait(timeout=10)
    worker_log = (tmp_path / "var/log/worker.log").read_text(errors="replace")[-3000:]
    assert not left, f"still running {seconds:.1f} s after Ctrl-C: {left}\n{worker_log}"
    assert seconds < STOP_SECONDS, f"stopped {seconds:.1f} s after Ctrl-C\n{worker_log}"


def test_production_services_stop_promptly():
    """docker compose stop sends SIGTERM and kills after the grace period: the worker turns
    SIGTERM into a bounded soft shutdown, gunicorn finishes requests within its graceful timeout."""
    services = yaml.safe_load(read("docker-compose.yml"))["services"]
    assert services["worker"]["environment"]["REMAP_SIGTERM"] == "SIGQUIT"
    assert services["worker"]["init"] is True and services["web"]["init"] is True
    assert "--graceful-timeout 5" in services["web"]["command"]
    assert settings.CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT < 10
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert "REMAP_SIGTERM=SIGQUIT .venv/bin/celery -A kyodo worker" in read("scripts/serve.sh")


@pytest.mark.celery
def test_a_stopped_worker_hands_a_running_task_back_within_ten_seconds(tmp_path):
    """docker compose stop on the production worker (Redis, prefork, REMAP_SIGTERM=SIGQUIT as in
    docker-compose.yml): SIGTERM while a task runs. The task gets the soft shutdown to finish; it
    does not, so it is cancelled and its message, acknowledged late, goes back to the queue for
    the next worker. Before, the warm shutdown waited for the task (here a minute)."""
    import redis

    from kyodo.celery import app
    from tests.kyodo.slow_tasks import sleep_for

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("needs REDIS_URL (run it through scripts/test.sh)")
    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    broker = redis.Redis.from_url(redis_url)
    app.control.purge()
    env = {**os.environ, "REMAP_SIGTERM": "SIGQUIT", "KYODO_VAR_DIR": str(tmp_path / "var")}
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "kyodo", "worker", "-l", "info", "--concurrency", "1",
         "--include", "tests.kyodo.slow_tasks", "--without-gossip", "--without-mingle", "-n", f"stop-test-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    started = tmp_path / "started"

    def queued() -> set[str]:  # ids of the tasks waiting in the queue
        return {json.loads(message)["headers"]["id"] for message in broker.lrange(queue, 0, -1)}

    try:
        task_id = sleep_for.delay(60, str(started)).id
        deadline = time.monotonic() + 60
        while not started.exists() and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.1)
        assert started.exists(), "the task did not start"
        assert task_id not in queued()  # the worker holds it, unacknowledged

        worker.send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        worker.wait(timeout=60)
        seconds = time.monotonic() - stopping
        log = worker.stdout.read()[-3000:]
        assert seconds < STOP_SECONDS, f"stopped {seconds:.1f} s after SIGTERM\n{log}"
        assert task_id in queued(), f"the task was not handed back\n{log}"
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        app.control.purge()
