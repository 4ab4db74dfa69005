"""The benchmark's own PostgreSQL database (`kyodo_bench` unless DATABASE_URL says otherwise)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kyodo_bench"


def configure_environment() -> str:
    """Point Django at the bench database before settings are imported."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    os.environ["DATABASE_URL"] = url
    # Redis for the cache (public pages are served from it) unless REDIS_URL says otherwise.
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/11")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyodo.settings")
    # The table of cities by host is reloaded every 30 s in a running portal (one query); over a
    # measurement of several minutes that query would land on a random page's slowest request.
    os.environ.setdefault("KYODO_CITY_HOSTS_TTL", "3600")
    os.environ.setdefault("DEBUG", "0")
    # The benchmark logs users in with `force_login`; 2FA enrolment is not what is measured.
    os.environ.setdefault("KYODO_REQUIRE_STAFF_2FA", "0")
    return url


def recreate(url: str) -> None:
    """Drop and create the database named in `url` (UTF-8 from template0, for pg_trgm)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith(("kyodo_bench", "test_")):
        raise SystemExit(f"Refusing to drop {name!r}: the benchmark only recreates kyodo_bench*")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
