#!/usr/bin/env bash
# Every test: the formatting and lint check (Biome), unit tests of each package (run from src/
# through the "@sigguard/source" export condition), then integration tests against the built packages and CLI (conformance suite when
# ../shared exists, headless Chromium, a real OCI registry). Packages whose dist/ is older than
# their sources are rebuilt first (scripts/build-stale.mjs); up-to-date ones are not.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PWD/.tools/node_modules/.bin:$PATH"
# Formatting and lint first (Biome, biome.json; seconds): `npm run format` fixes most of what it reports.
# (Biome colours its report even into a pipe or a log file: plain text unless stdout is a terminal.)
colors=(); [ -t 1 ] || colors=(--colors=off)
if ! biome ci --error-on-warnings "${colors[@]}" .; then
  echo "lint/format: the check above failed. Run \`npm run format\` (formatting and safe fixes), fix the rest by hand." >&2
  exit 1
fi
echo "lint/format: no problems"
node scripts/build-stale.mjs
# Type errors fail the run before any test: sources run type-stripped, so nothing else checks them.
# Skipped when no input changed since the last clean check (setup's, on a fresh clone); else tsc --incremental.
node scripts/typecheck.mjs
exec node scripts/run-tests.mjs "$@"
