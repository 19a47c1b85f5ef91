#!/usr/bin/env bash
# npm run mutation [-- stryker options]: StrykerJS over packages/identity, then packages/policy
# (stryker.config.mjs), one run per package with that package's unit tests, then the tables of
# docs/acceptance.md from both reports (scripts/mutation-table.mjs). Hours on 2 shared cores.
#   SIGGUARD_MUTATION_PACKAGES=policy npm run mutation -- --mutate packages/policy/src/glob.ts
# runs one package (narrowed to one file). Stryker's in-place restore has been seen to drop the
# executable bit of the CLI shim, so it is put back afterwards.
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
# Each mutant starts fresh Node processes; V8's compile cache (the instrumented sources do not
# change during a run) cuts their start-up by about a third on this machine.
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$PWD/.cache/mutation-compile-cache}"
status=0
reports=()
packages=${SIGGUARD_MUTATION_PACKAGES:-identity policy}
for pkg in ${packages//,/ }; do
  SIGGUARD_MUTATION_PACKAGES=$pkg SIGGUARD_MUTATION_REPORT="reports/mutation/$pkg.json" \
    stryker run stryker.config.mjs "$@" || status=$?
  chmod +x packages/cli/bin/sigguard.mjs
  [ -f "reports/mutation/$pkg.json" ] && reports+=("reports/mutation/$pkg.json")
done
rm -f stryker-output-*.json
[ ${#reports[@]} -gt 0 ] && node scripts/mutation-table.mjs "${reports[@]}"
exit $status
