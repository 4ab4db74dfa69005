#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL, Redis, a Celery worker and Chromium.
# Extra arguments go to pytest (e.g. scripts/test.sh tests/partners -x).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
scripts/services.sh

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kyodo}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}"
export KYODO_TESTING=1

.venv/bin/python -m pytest "$@"
