#!/usr/bin/env bash
# The production topology on one machine, walked over HTTP across its nodes: PostgreSQL, Redis,
# an S3 API server, two gunicorn web nodes, two Celery workers and beat in the production
# profile (see scripts/topology.py). Installs what is missing first. Logs: var/topology/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
exec .venv/bin/python scripts/topology.py "$@"
