#!/usr/bin/env bash
# Electron ≥ 42 no longer downloads its binary at `npm install`: fetch it now where
# GitHub is reachable (a few seconds), and fail quickly and quietly where it is not.
# Exit 0 when the binary is there afterwards, 1 otherwise; the log says why.
set -uo pipefail
cd "$(dirname "$0")/.."
dir=node_modules/electron
installed() { [ -f "$dir/path.txt" ] && [ -e "$dir/dist/$(cat "$dir/path.txt")" ]; }
installed && exit 0
[ -f "$dir/install.js" ] || exit 1
mkdir -p .artifacts
timeout 300 node "$dir/install.js" > .artifacts/electron-install.log 2>&1
installed
