#!/usr/bin/env bash
# npm run mutation [-- stryker options]: StrykerJS over packages/identity and packages/policy
# (stryker.config.mjs). Stryker's in-place restore has been seen to drop the executable bit of
# the CLI shim, so it is put back afterwards.
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
# Each mutant starts fresh Node processes; V8's compile cache (the instrumented sources do not
# change during a run) cuts their start-up by about a third on this machine.
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$PWD/.cache/mutation-compile-cache}"
stryker run stryker.config.mjs "$@"
status=$?
chmod +x packages/sigguard/bin/sigguard.mjs
rm -f stryker-output-*.json
exit $status
