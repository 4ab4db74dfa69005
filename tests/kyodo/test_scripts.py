"""The set-up scripts, CI entry point, compose file and documentation agree with each other."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SCRIPTS = ["scripts/install.sh", "scripts/services.sh", "scripts/test.sh", "scripts/demo.sh",
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
    demo = read("scripts/demo.sh")

    assert "scripts/install.sh" in demo
    assert 'KYODO_REQUIRE_STAFF_2FA="${KYODO_REQUIRE_STAFF_2FA:-0}"' in demo
    assert "celery -A kyodo worker" in demo and "celery -A kyodo beat" in demo
    assert "trap stop EXIT" in demo
    assert "load_demo" in demo and "migrate" in demo


def test_install_covers_weasyprint_fonts_and_browser():
    install = read("scripts/install.sh")
    for package in ["libharfbuzz-subset0", "libpango-1.0-0", "fonts-noto-cjk", "poppler-utils", "gettext",
                    "chromium"]:
        assert package in install
    assert "requirements.lock" in install


def test_compose_runs_the_whole_stack():
    compose = yaml.safe_load(read("docker-compose.yml"))
    services = compose["services"]

    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    assert services["db"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert "gunicorn kyodo.wsgi" in services["web"]["command"]
    assert "migrate" in services["web"]["command"] and "collectstatic" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "kyodo", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "kyodo", "beat"]
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
