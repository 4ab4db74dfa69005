#!/usr/bin/env bash
# Backup: the database (pg_dump, custom format) and every stored file (the object store's
# bucket, or MEDIA_ROOT) with a manifest of their SHA-256, into one folder.
#   DATABASE_URL=postgres://… [AWS_…] scripts/backup.sh /backups/kyodo-2026-12-01
# Restore into an empty database with scripts/restore.sh. Runs with the portal's environment
# (the same variables as the web nodes), on any host that reaches the database and the store.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/backup.sh FOLDER}"
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database}"
mkdir -p "$target"
pg_dump --format=custom --no-owner --no-privileges --file="$target/database.dump" "$DATABASE_URL"
.venv/bin/python manage.py backup_files "$target/files"
echo "Backup written to $target"
