#!/usr/bin/env bash
# One-command setup on a fresh machine (Node 20 + npm preinstalled, nothing else):
# installs system test dependencies, Node 24 and pnpm from the npm registry, the
# workspace dependencies, builds every package and runs the main job on sample data.
# Each step prints one line; a failing step prints its whole output.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# step DESCRIPTION -- command...: runs quietly, shows the output only when it fails.
step() {
  local what=$1
  shift 2
  echo "==> $what"
  if ! "$@" >"$log" 2>&1; then
    cat "$log"
    echo "setup: FAILED at: $what"
    exit 1
  fi
}

step "system packages the tests use (Chromium, docker-registry)" -- bash scripts/install-system-deps.sh
# pnpm for the first install only (afterwards node_modules/.bin has the workspace's own pnpm).
step "pnpm (from the npm registry) into .tools/" -- \
  npm install --no-audit --no-fund --loglevel=error --prefix .tools pnpm@10.34.9
step "Node 22 (a supported runtime, for the cross-runtime test) into .tools/node22/" -- \
  npm install --no-audit --no-fund --loglevel=error --prefix .tools/node22 node@22
export PATH="$PWD/.tools/node_modules/.bin:$PATH"
step "workspace dependencies (Node 24 and pnpm arrive as root devDependencies)" -- pnpm install --frozen-lockfile
export PATH="$PWD/node_modules/.bin:$PATH"
step "build every package" -- node scripts/build-stale.mjs --all
# npm test's typecheck is skipped while no input changed since this one (scripts/typecheck.mjs).
step "typecheck" -- node scripts/typecheck.mjs
# The bundlers test once (packs every package, installs them, builds with esbuild, Vite and webpack, runs the
# bundles in Chromium): it leaves the packed tarballs (node_modules/.cache/sigguard-pack) and webpack's cache
# (node_modules/.cache/sigguard-webpack), which npm test's runs reuse while what they are made from is
# unchanged, instead of a fresh clone's first npm test paying for them.
step "warm npm test's caches: packed tarballs, webpack's cache (the bundlers test, once)" -- \
  node scripts/run-tests.mjs packages/sigguard/test/bundlers-chromium.test.ts
echo "==> main job: verify the built-in sample data (scripts/sample.sh)"
bash scripts/sample.sh
echo "setup: done in $((SECONDS - started)) s: Node $(node --version), pnpm $(pnpm --version), every package built, sample data verified"
