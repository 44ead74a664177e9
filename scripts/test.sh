#!/usr/bin/env bash
# The one test command (npm test). Installs what the suites need on a fresh machine
# (Debian packages, the cached VS Code host), then runs every suite. Fails on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
echo "== typecheck";  npx tsc -p . --noEmit
echo "== eslint";     npx eslint .
echo "== format (prettier --check; npm run format fixes)"; npx prettier --check . --log-level warn
echo "== import circles"; node scripts/check-cycles.mjs
echo "== build";      node scripts/build.mjs
echo "== unit and integration tests (mocha)"
npx mocha 'test/unit/**/*.test.ts' 'test/integration/**/*.test.ts'
echo "== VS Code host tests (code-server + headless Chromium, cached in .vscode-test/)"
node scripts/prepare-vscode.mjs >/dev/null
node --import tsx test/vscode/run-host-tests.ts
echo "== VS Code UI tests (Playwright in the workbench; screenshots in test-results/ui/) and the VSIX install test"
npx mocha --no-config --node-option import=tsx --extension ts --timeout 240000 --reporter spec 'test/vscode/ui/**/*.test.ts'
