#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL, Redis, a Celery worker and Chromium.
# Installs what is missing first (scripts/install.sh) and starts the services if they are down.
# Extra arguments go to pytest (e.g. scripts/test.sh tests/partners -x). CI=true is passed on.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
scripts/services.sh

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  SUDO=(sudo)
  if [ "${CI:-}" = "true" ]; then SUDO=(sudo -n); fi
fi

# A fresh Debian PostgreSQL asks a password on 127.0.0.1 but trusts a local user over the socket
# when a role of the same name exists: use TCP where it is trusted (CI machines), else the socket.
default_database_url() {
  if psql -h 127.0.0.1 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1 </dev/null; then
    echo "postgres://postgres@127.0.0.1:5432/kyodo"
    return
  fi
  local me
  me="$(id -un)"
  as_postgres=("${SUDO[@]}" -u postgres)
  if [ "$(id -u)" -eq 0 ]; then as_postgres=(runuser -u postgres --); fi
  if ! "${as_postgres[@]}" psql -Atqc "select 1 from pg_roles where rolname = '$me'" | grep -q 1; then
    echo "==> Creating the PostgreSQL role $me" >&2
    "${as_postgres[@]}" createuser --superuser "$me"
  fi
  echo "postgres://$me@%2Fvar%2Frun%2Fpostgresql/kyodo"
}

export DATABASE_URL="${DATABASE_URL:-$(default_database_url)}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}"
export KYODO_TESTING=1
export CI="${CI:-}"

# Two processes (pytest-xdist) by default, one per core: `-n 0` after it runs in one process.
.venv/bin/python -m pytest -n "${KYODO_TEST_WORKERS:-2}" "$@"
