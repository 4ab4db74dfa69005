#!/usr/bin/env bash
# The portal with demo data, from a clean clone, on the embedded default: SQLite in var/, media
# on disk, a real Celery worker and beat on the file-system broker (no Redis, no Docker).
# Serves http://localhost:8000/ (or $PORT) until Ctrl-C, which stops the worker and beat too
# (scripts/serve.sh). Staff two-factor authentication is relaxed for the demo (KYODO_REQUIRE_STAFF_2FA=0).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh

PORT="${PORT:-8000}"
export KYODO_REQUIRE_STAFF_2FA="${KYODO_REQUIRE_STAFF_2FA:-0}"
# The demo listens on every interface; accept whatever host name a browser uses to reach it.
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-*}"
export KYODO_BASE_URL="${KYODO_BASE_URL:-http://localhost:$PORT}"
# Served as a city would serve it: DEBUG off, static files collected, compressed and fingerprinted
# (browsers keep them a year). DEBUG=1 scripts/demo.sh shows Django's debug pages instead.
export DEBUG="${DEBUG:-0}"
PY=.venv/bin/python

if [ -z "${DATABASE_URL:-}" ]; then echo "==> Preparing the database (SQLite: var/kyodo.sqlite3)"; fi
$PY manage.py migrate --no-input -v0
$PY manage.py collectstatic --no-input -v0
# The demo PKI (manage.py serve_pki: timestamps, OCSP, CRL) seals the demo's agreement in force
# while the data loads; scripts/serve.sh then runs it next to the worker.
PKI_LOG="${KYODO_VAR_DIR:-var}/log/pki.log"
mkdir -p "$(dirname "$PKI_LOG")"
$PY manage.py serve_pki >"$PKI_LOG" 2>&1 &
pki_pid=$!
trap 'kill -TERM "$pki_pid" 2>/dev/null || true' EXIT
$PY manage.py serve_pki --ready
echo "==> Loading the demo data"
$PY manage.py load_demo
kill -TERM "$pki_pid" 2>/dev/null || true
wait "$pki_pid" 2>/dev/null || true
trap - EXIT

# The same process (and process group, which a terminal's Ctrl-C reaches) runs the services.
export PORT
exec scripts/serve.sh
