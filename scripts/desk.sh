#!/usr/bin/env bash
# `npm run desk`: set up what is missing, build, and start the Electron desk on its
# built-in Local sandbox. Where no Electron binary is installed it says so and how
# to run the same desk in a browser instead.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build:all

electron_dir=node_modules/electron
if bash scripts/ensure-electron.sh; then
  exec "$electron_dir/dist/$(cat "$electron_dir/path.txt")" . "$@"
fi
cat >&2 <<'MSG'
Kriptomat Desk could not start Electron: its binary is not installed
(node_modules/electron/dist is missing and its download from GitHub failed; see
.artifacts/electron-install.log).

Run the same desk in a browser instead:
  npm run desk:web
It prints "Desk ready at http://127.0.0.1:<port>/?token=…": open that link in Chromium.
MSG
exit 1
