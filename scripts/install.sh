#!/usr/bin/env bash
# Installs everything Kyodo needs on a Debian/Ubuntu machine: Debian packages (WeasyPrint's
# Pango and HarfBuzz subsetter, CJK fonts, poppler-utils, gettext, Chromium for browser tests),
# a Python virtual environment from the lock file, and compiled translations. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  python3-venv python3-dev
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fonts-ipaexfont fonts-noto-cjk
  poppler-utils gettext
  chromium
  postgresql redis-server
)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> Installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment (.venv)"
  "$PYTHON" -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/pip install -q --disable-pip-version-check uv
fi
if [ ! -f .venv/.lock-installed ] || ! cmp -s requirements.lock .venv/.lock-installed; then
  echo "==> Installing Python packages from requirements.lock"
  .venv/bin/uv pip sync -q -p .venv/bin/python requirements.lock
  cp requirements.lock .venv/.lock-installed
fi

echo "==> Compiling translations"
.venv/bin/python manage.py compilemessages -v0 --ignore=.venv
