#!/usr/bin/env bash
# Extracts translatable strings into the Japanese catalogues: one per app (<app>/locale/) and
# one for the project-level templates and kyodo/ (locale/). Fill the msgstr entries, then
# scripts/install.sh (or manage.py compilemessages) compiles them.
set -euo pipefail
cd "$(dirname "$0")/.."
APPS=(accounts partners projects agreements reviews cases)
ADMIN=../.venv/bin/django-admin
for app in "${APPS[@]}"; do
  mkdir -p "$app/locale"
  (cd "$app" && $ADMIN makemessages -l ja --no-obsolete --no-location -v0)
done
ignores=(--ignore=.venv --ignore=var --ignore=tests --ignore=static/vendor)
for app in "${APPS[@]}"; do ignores+=("--ignore=$app"); done
mkdir -p locale
.venv/bin/python manage.py makemessages -l ja --no-obsolete --no-location -v0 "${ignores[@]}"
.venv/bin/python manage.py makemessages -d djangojs -l ja --no-obsolete --no-location -v0 "${ignores[@]}" || true
