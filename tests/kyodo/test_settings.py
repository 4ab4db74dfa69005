"""Settings come from the environment: an embedded default, PostgreSQL/Redis when asked, and a
production profile that refuses to start half-configured and passes `check --deploy`."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "KYODO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "kyodo.example.jp",
    "DATABASE_URL": "postgres://kyodo:secret@127.0.0.1:5432/kyodo",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
CONFIG_VARIABLES = {
    "KYODO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "DEBUG", "KYODO_TESTING",
    "KYODO_REQUIRE_STAFF_2FA", "CELERY_BROKER_URL", "KYODO_VAR_DIR",
    # tests/conftest.py sets it for Playwright; the deploy check rightly rejects it.
    "DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_XDIST_WORKER",
}


def run(args: list[str], tmp_path, **env_vars: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    env.update({"KYODO_VAR_DIR": str(tmp_path / "var"), "STATIC_ROOT": str(tmp_path / "static")})
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def settings_in(tmp_path, names: list[str], **env_vars: str) -> dict:
    code = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))\n"
    )
    result = run(["-c", code], tmp_path, **env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- Production profile ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("missing", "message"),
    [("SECRET_KEY", "SECRET_KEY must be set in production."),
     ("ALLOWED_HOSTS", "ALLOWED_HOSTS must be set in production.")],
)
def test_production_refuses_to_start_without(missing, message, tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = run(["manage.py", "check"], tmp_path, **env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_the_placeholder_secret_of_env_example(tmp_path):
    result = run(["manage.py", "check"], tmp_path, **{**PRODUCTION_ENV, "SECRET_KEY": "change-me-to-a-long-random-string"})

    assert result.returncode != 0
    assert "SECRET_KEY still holds the placeholder" in result.stderr


def test_production_refuses_debug(tmp_path):
    result = run(["manage.py", "check"], tmp_path, **PRODUCTION_ENV, DEBUG="1")

    assert result.returncode != 0
    assert "DEBUG must be off in production." in result.stderr


def test_production_passes_the_deploy_check_without_a_warning(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_keeps_staff_two_factor_even_if_asked_to_relax(tmp_path):
    values = settings_in(tmp_path, ["KYODO_REQUIRE_STAFF_2FA", "DEBUG"], **PRODUCTION_ENV, KYODO_REQUIRE_STAFF_2FA="0")

    assert values == {"KYODO_REQUIRE_STAFF_2FA": True, "DEBUG": False}


def test_production_cookies_are_https_only(tmp_path):
    values = settings_in(
        tmp_path, ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"], **PRODUCTION_ENV
    )

    assert values == {"SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SECURE_SSL_REDIRECT": True}


def test_production_sends_hsts_on_https(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.http import HttpResponse\n"
        "from django.middleware.security import SecurityMiddleware\n"
        "from django.test import RequestFactory\n"
        "request = RequestFactory().get('/', secure=True, HTTP_HOST='kyodo.example.jp')\n"
        "print(SecurityMiddleware(lambda r: HttpResponse())(request)['Strict-Transport-Security'])\n"
    )
    result = run(["-c", code], tmp_path, **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "max-age=31536000; includeSubDomains; preload"


# --- Services chosen by the environment -----------------------------------------------------
def test_no_variables_means_sqlite_file_cache_and_file_system_broker(tmp_path):
    values = settings_in(tmp_path, ["DATABASES", "CACHES", "CELERY_BROKER_URL", "DEBUG"])

    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["default"]["NAME"] == str(tmp_path / "var" / "kyodo.sqlite3")
    assert values["CACHES"]["default"]["BACKEND"].endswith("FileBasedCache")
    assert values["CELERY_BROKER_URL"].startswith("filesystem://")
    assert values["DEBUG"] is True
    assert (tmp_path / "var" / "broker" / "control").is_dir()


def test_database_url_means_postgresql_with_a_connection_pool(tmp_path):
    values = settings_in(tmp_path, ["DATABASES"], DATABASE_URL="postgres://kyodo:pw@db.example:5432/kyodo")
    database = values["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"], database["USER"]) == ("db.example", "kyodo", "kyodo")
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"]["pool"]["max_size"] >= database["OPTIONS"]["pool"]["min_size"] >= 1


def test_the_pool_is_off_under_tests(tmp_path):
    values = settings_in(tmp_path, ["DATABASES"], DATABASE_URL="postgres://kyodo@db.example/kyodo", KYODO_TESTING="1")

    assert "pool" not in values["DATABASES"]["default"]["OPTIONS"]


def test_redis_url_means_redis_cache_and_broker(tmp_path):
    values = settings_in(tmp_path, ["CACHES", "CELERY_BROKER_URL"], REDIS_URL="redis://cache.example:6379/2")

    assert values["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.example:6379/2"
    assert values["CELERY_BROKER_URL"] == "redis://cache.example:6379/2"


def test_an_empty_variable_counts_as_unset(tmp_path):
    values = settings_in(
        tmp_path, ["CELERY_BROKER_URL", "SECRET_KEY", "ALLOWED_HOSTS"],
        REDIS_URL="redis://cache.example:6379/2", CELERY_BROKER_URL="", SECRET_KEY="", ALLOWED_HOSTS="",
    )

    assert values["CELERY_BROKER_URL"] == "redis://cache.example:6379/2"
    assert values["SECRET_KEY"].startswith("django-insecure-")
    assert "localhost" in values["ALLOWED_HOSTS"]


def test_parallel_test_processes_get_their_own_queue_cache_keys_and_media(tmp_path):
    names = ["CELERY_TASK_DEFAULT_QUEUE", "CELERY_CONTROL_EXCHANGE", "CACHES", "MEDIA_ROOT"]
    values = settings_in(tmp_path, names, REDIS_URL="redis://127.0.0.1:6379/2", KYODO_TESTING="1",
                         PYTEST_XDIST_WORKER="gw1")

    assert values["MEDIA_ROOT"] == str(tmp_path / "var" / "media" / "gw1")

    assert values["CELERY_TASK_DEFAULT_QUEUE"] == "celery-gw1"
    assert values["CELERY_CONTROL_EXCHANGE"] == "celery-gw1"
    prefix = values["CACHES"]["default"]["KEY_PREFIX"]
    assert prefix.startswith("kyodo-test-") and prefix.endswith("-gw1")  # per run, then per process


def test_the_python_driver_is_psycopg_3():
    import psycopg
    import psycopg_pool

    assert psycopg.__version__.startswith("3.")
    assert psycopg_pool.ConnectionPool


# --- Headers on every response --------------------------------------------------------------
@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")

    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"


@pytest.mark.django_db
def test_pages_may_not_be_framed_or_sniffed(client):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_development_sends_no_hsts(client):
    response = client.get("/", secure=True)

    assert "Strict-Transport-Security" not in response
