#!/usr/bin/env bash
# The demo's processes: the demo PKI (manage.py serve_pki), a Celery worker and beat on the
# configured broker and gunicorn on
# 0.0.0.0:$PORT (default 8000), logs in $KYODO_VAR_DIR/log (default var/log). Waits until
# /health/ answers, says where the portal is, and runs until Ctrl-C or SIGTERM, then stops all
# three within seconds: idle, each stops at once; a task in progress gets the worker's soft
# shutdown (CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT) to finish and is otherwise handed back to the
# broker (acks_late), a request in progress gunicorn's graceful timeout. scripts/demo.sh
# prepares the database and the demo data first; tests/kyodo/test_scripts.py times the stop.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8000}"
PY=.venv/bin/python
LOG_DIR="${KYODO_VAR_DIR:-var}/log"
mkdir -p "$LOG_DIR"

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
# SIGTERM is Celery's cold shutdown with a soft phase (see CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT):
# without it, a warm shutdown waits for a running task as long as the task's time limit.
REMAP_SIGTERM=SIGQUIT .venv/bin/celery -A kyodo worker -l info --concurrency 2 -n "demo@%h" >"$LOG_DIR/worker.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A kyodo beat -l info >"$LOG_DIR/beat.log" 2>&1 &
pids+=($!)

echo "==> Starting the web server on 0.0.0.0:$PORT (access log in $LOG_DIR/web-access.log)"
.venv/bin/gunicorn kyodo.wsgi --bind "0.0.0.0:$PORT" --workers 2 --threads 4 --graceful-timeout 5 \
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

  Kyodo is running: http://localhost:$PORT/ lists the cities   (health: http://localhost:$PORT/health/)
  Each city is served at its own host: http://yokohama.localhost:$PORT/, http://odawara.localhost:$PORT/,
  http://yoshikawa.localhost:$PORT/ (browsers resolve *.localhost to this machine).
  Log in on a city's host with one of its demo accounts printed above (password kyodo-demo-2026).
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
