#!/usr/bin/env bash
# `npm run desk:web [-- --port N --user-data DIR --sandbox-port N]`: the desk's main
# process in plain Node behind a loopback HTTP server, opened in any browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build:all
exec node --import tsx web/server/cli.ts "$@"
