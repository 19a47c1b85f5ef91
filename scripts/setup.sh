#!/usr/bin/env bash
# One-command setup on a fresh machine (Node 20 + npm preinstalled, nothing else):
# installs system test dependencies, Node 24 and pnpm from the npm registry, the
# workspace dependencies, builds every package and runs the main job on sample data.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh

echo "==> pnpm (from the npm registry) into .tools/"
npm install --no-audit --no-fund --loglevel=error --prefix .tools pnpm@10.34.9 >/dev/null
echo "==> Node 22 (a supported runtime, for the cross-runtime test) into .tools/node22/"
npm install --no-audit --no-fund --loglevel=error --prefix .tools/node22 node@22 >/dev/null
export PATH="$PWD/.tools/node_modules/.bin:$PATH"

echo "==> workspace dependencies (Node 24 arrives as the root 'node' devDependency)"
pnpm install --frozen-lockfile

echo "==> build"
pnpm -r --workspace-concurrency=1 run build

export PATH="$PWD/node_modules/.bin:$PATH"
echo "==> node $(node --version)"
echo "==> main job: verify the built-in sample data"
bash scripts/sample.sh
