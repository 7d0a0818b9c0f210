#!/usr/bin/env bash
# `npm test`: everything from a fresh clone — system packages, npm packages from
# the lockfile, lint, typecheck, unit + integration tests (inside a private keyring),
# the build, and the Playwright projects. Ends with one line "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || { echo "0 passed, 1 failed"; exit 1; }
fi

rm -rf .artifacts && mkdir -p .artifacts
# The electron Playwright project runs only where its binary can be had.
bash scripts/ensure-electron.sh || true
steps_file=.artifacts/steps.txt
: > "$steps_file"
step() {
  local name=$1; shift
  echo "── $name"
  if "$@"; then echo "$name passed" >> "$steps_file"; else echo "$name failed" >> "$steps_file"; fi
}

# Lint includes the formatter: a file Prettier would change fails it (npm run format fixes it).
step lint bash -c 'npx eslint . --max-warnings=0 && npx prettier --check . --log-level warn'
step typecheck npm run --silent typecheck
step build npm run --silent build:all
step tests bash scripts/with-keyring.sh bash scripts/run-test-layers.sh

npx tsx scripts/summary.ts
