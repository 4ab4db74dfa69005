#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and the configured storage,
# then check every agreement in force against its hashes (content, signatures, PDF).
#   createdb -T template0 -E UTF8 kyodo_restored
#   DATABASE_URL=postgres://…/kyodo_restored [AWS_…] scripts/restore.sh /backups/kyodo-2026-12-01
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir="${1:?usage: scripts/restore.sh FOLDER}"
: "${DATABASE_URL:?DATABASE_URL must name the empty PostgreSQL database}"
tables="$(psql "$DATABASE_URL" -Atqc "select count(*) from pg_tables where schemaname = 'public'")"
if [ "$tables" != "0" ]; then
  echo "The database is not empty ($tables tables): restore into a new one." >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$source_dir/database.dump"
.venv/bin/python manage.py restore_files "$source_dir/files"
.venv/bin/python manage.py verify_agreements
echo "Restored from $source_dir"
