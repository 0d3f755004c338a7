#!/usr/bin/env bash
# Runs the browser tests: installs their npm packages (playwright-core, axe-core) if needed and
# uses Debian's Chromium (/usr/bin/chromium; `apt-get install -y chromium`).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "browser tests need Chromium: apt-get install -y chromium" >&2
  exit 2
fi
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
exec npm test --silent -- "$@"
