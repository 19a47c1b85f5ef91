#!/usr/bin/env bash
# Every test: unit tests of each package (run from src/ through the "@sigguard/source" export
# condition), then integration tests against the built packages and CLI (conformance
# suite when ../shared exists, headless Chromium, a real OCI registry).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PWD/.tools/node_modules/.bin:$PATH"
if [ "${SIGGUARD_SKIP_BUILD:-}" != 1 ]; then
  pnpm -r --workspace-concurrency=1 --silent run build >/dev/null
fi
# Type errors fail the run before any test: sources run type-stripped, so nothing else checks them.
tsc -p tsconfig.json
exec node scripts/run-tests.mjs "$@"
