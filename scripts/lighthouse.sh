#!/usr/bin/env bash
# Lighthouse (mobile) over the public pages of a running portal, e.g. after
#   PORT=8766 scripts/demo.sh &
#   scripts/lighthouse.sh http://yokohama.localhost:8766   (a city's host: the base domain lists the cities)
# Installs the lighthouse npm package into var/lighthouse/ (not committed) on first use and
# drives the system Chromium ($CHROME_PATH, default /usr/bin/chromium). Prints the four
# category scores of each page; the JSON reports stay in var/lighthouse/reports/.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:-http://yokohama.localhost:8000}"
DIR=var/lighthouse
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
if [ ! -x "$DIR/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$DIR"
  npm install --prefix "$DIR" --no-audit --no-fund --silent lighthouse@12
fi
mkdir -p "$DIR/reports"
for path in / /projects/calls/ /projects/register/ /agreements/register/ /reviews/register/ /partners/; do
  out="$DIR/reports/$(echo "$path" | tr '/' '_' | sed 's/^_$/home/').json"
  "$DIR/node_modules/.bin/lighthouse" "$BASE$path" --form-factor=mobile --quiet --output=json --output-path="$out" \
    --chrome-flags="--headless --no-sandbox --disable-gpu"
  node -e 'const r = require(process.argv[1]); console.log(process.argv[2].padEnd(24),
    Object.values(r.categories).map(c => `${c.id} ${Math.round(c.score * 100)}`).join("  "))' "$PWD/$out" "$path"
done
