#!/usr/bin/env bash
# Installs everything Kyodo needs on a Debian/Ubuntu machine: Debian packages (WeasyPrint's
# Pango and HarfBuzz subsetter, CJK fonts, poppler-utils, gettext, Chromium for browser tests,
# PostgreSQL and Redis for the test suite, wrk for `make bench`), a Python 3.11 virtual environment from the lock
# file, and compiled translations. Idempotent: a second run only checks. Works as root or as a
# user who may sudo (with CI=true, sudo must not ask for a password).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  SUDO=(sudo)
  if [ "${CI:-}" = "true" ]; then SUDO=(sudo -n); fi
fi

APT_PACKAGES=(
  python3-venv python3-dev
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fonts-ipaexfont fonts-noto-cjk
  poppler-utils gettext
  postgresql redis-server
  wrk
)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for pkg in "${APT_PACKAGES[@]}"; do installed "$pkg" || missing+=("$pkg"); done
# Debian ships the browser as `chromium`; Ubuntu as `chromium-browser`.
if ! installed chromium && ! installed chromium-browser; then missing+=(chromium); fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> Installing Debian packages: ${missing[*]}"
  apt_get=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o Dpkg::Use-Pty=0)
  "${apt_get[@]}" update
  if ! apt-cache show chromium >/dev/null 2>&1; then
    missing=("${missing[@]/#chromium/chromium-browser}")
  fi
  "${apt_get[@]}" install --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python 3.11, as the lock file was compiled for it.
find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment (.venv)"
  if python=$(find_python); then
    "$python" -m venv .venv
  else
    # No Python 3.11 from the system (e.g. Ubuntu 24.04): let uv provide one.
    python3 -m venv .venv-bootstrap
    .venv-bootstrap/bin/pip install -q --disable-pip-version-check uv
    .venv-bootstrap/bin/uv venv -q --seed -p 3.11 .venv
    rm -rf .venv-bootstrap
  fi
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check uv
fi
if [ ! -f .venv/.lock-installed ] || ! cmp -s requirements.lock .venv/.lock-installed; then
  echo "==> Installing Python packages from requirements.lock"
  .venv/bin/uv pip sync -q -p .venv/bin/python requirements.lock
  cp requirements.lock .venv/.lock-installed
fi

if [ -n "$(find . -path ./.venv -prune -o -path ./var -prune -o -name '*.po' -print -quit)" ]; then
  echo "==> Compiling translations"
  .venv/bin/python manage.py compilemessages -v0 --ignore=.venv --ignore=var
fi
