#!/usr/bin/env bash
# Runs inside with-keyring.sh: vitest (unit + integration) then Playwright.
set -uo pipefail
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.artifacts/vitest.json || status=1
if [ -f playwright.config.ts ]; then
  PLAYWRIGHT_JSON_OUTPUT_NAME=.artifacts/playwright.json npx playwright test --reporter=list,json || status=1
fi
exit $status
