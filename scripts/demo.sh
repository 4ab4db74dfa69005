#!/usr/bin/env bash
# The portal with demo data, from a clean clone, on the embedded default: SQLite in var/, media
# on disk, a real Celery worker and beat on the file-system broker (no Redis, no Docker).
# Serves http://localhost:8000/ (or $PORT) until Ctrl-C, which stops the worker and beat too.
# Staff two-factor authentication is relaxed for the demo (KYODO_REQUIRE_STAFF_2FA=0).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh

PORT="${PORT:-8000}"
export KYODO_REQUIRE_STAFF_2FA="${KYODO_REQUIRE_STAFF_2FA:-0}"
# The demo listens on every interface; accept whatever host name a browser uses to reach it.
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-*}"
export KYODO_BASE_URL="${KYODO_BASE_URL:-http://localhost:$PORT}"
PY=.venv/bin/python
LOG_DIR=var/log
mkdir -p "$LOG_DIR"

if [ -z "${DATABASE_URL:-}" ]; then echo "==> Preparing the database (SQLite: var/kyodo.sqlite3)"; fi
$PY manage.py migrate --no-input -v0
# The demo PKI (manage.py serve_pki: timestamps, OCSP, CRL) seals the demo's agreement in force
# while the data loads, then runs next to the worker.
$PY manage.py serve_pki >"$LOG_DIR/pki.log" 2>&1 &
pki_pid=$!
trap 'kill -TERM "$pki_pid" 2>/dev/null || true' EXIT
$PY manage.py serve_pki --ready
echo "==> Loading the demo data"
$PY manage.py load_demo
kill -TERM "$pki_pid" 2>/dev/null || true
wait "$pki_pid" 2>/dev/null || true
trap - EXIT

pids=()
stop() {
  trap - EXIT INT TERM
  if [ "${#pids[@]}" -gt 0 ]; then
    echo
    echo "==> Stopping the web server, the worker and beat"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT TERM

echo "==> Starting the demo PKI: timestamps, OCSP and CRL for the seal (log in $LOG_DIR/pki.log)"
$PY manage.py serve_pki >"$LOG_DIR/pki.log" 2>&1 &
pids+=($!)

echo "==> Starting the Celery worker and beat (logs in $LOG_DIR/)"
.venv/bin/celery -A kyodo worker -l info --concurrency 2 -n "demo@%h" >"$LOG_DIR/worker.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A kyodo beat -l info >"$LOG_DIR/beat.log" 2>&1 &
pids+=($!)

echo "==> Starting the web server on 0.0.0.0:$PORT (access log in $LOG_DIR/web-access.log)"
.venv/bin/gunicorn kyodo.wsgi --bind "0.0.0.0:$PORT" --workers 2 --threads 4 \
  --access-logfile "$LOG_DIR/web-access.log" --error-logfile - --log-level warning &
pids+=($!)

# Wait until the worker is ready and the portal answers /health/ with 200 (database, broker and
# worker up), then say where it is.
if $PY - "$PORT" "$LOG_DIR/worker.log" "${pids[@]}" <<'PYEOF'; then
import pathlib, sys, time, urllib.error, urllib.request
url, worker_log = f"http://127.0.0.1:{sys.argv[1]}/health/", pathlib.Path(sys.argv[2])
pids = [int(pid) for pid in sys.argv[3:]]
def alive(pid):  # the process exists and is not a zombie
    try:
        return pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0] != "Z"
    except OSError:
        return False
def all_alive():
    return all(alive(pid) for pid in pids)
deadline = time.monotonic() + 90
while time.monotonic() < deadline and all_alive() and b" ready." not in worker_log.read_bytes():
    time.sleep(0.5)
while time.monotonic() < deadline and all_alive():
    try:
        with urllib.request.urlopen(url, timeout=5):
            sys.exit(0)
    except (urllib.error.HTTPError, OSError):
        time.sleep(0.5)  # not listening yet, or 503 while the worker connects
sys.exit(1)
PYEOF
  cat <<MSG

  Kyodo is running: http://localhost:$PORT/   (health: http://localhost:$PORT/health/)
  Log in with one of the demo accounts printed above (password kyodo-demo-2026).
  Demo mode: two-factor authentication for staff and coordinators is NOT required
  (KYODO_REQUIRE_STAFF_2FA=0); production always requires it.
  E-mails (sign-up confirmations, notices) are written to var/mail/.
  Press Ctrl-C to stop.

MSG
else
  echo "The portal did not become healthy; see $LOG_DIR/worker.log and the output above." >&2
fi

# Run until Ctrl-C (the INT trap exits, the EXIT trap stops the rest) or until one of the three
# stops by itself, which is a failure.
wait -n "${pids[@]}" || true
echo "A process stopped unexpectedly: see the output above and $LOG_DIR/." >&2
exit 1
