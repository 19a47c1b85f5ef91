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
# SIGGUARD_MUTATION_FILES="der pem" (source files of the one package named): one Stryker run per
# file, each with its own report (reports/mutation/<pkg>-<file>.json). Stryker writes its report only
# at the end, so a long run stopped early keeps nothing; file by file, every finished file is kept.
run() { # run PKG REPORT [stryker args]
  SIGGUARD_MUTATION_PACKAGES=$1 SIGGUARD_MUTATION_REPORT=$2 stryker run stryker.config.mjs "${@:3}" || status=$?
  chmod +x packages/cli/bin/sigguard.mjs
  [ -f "$2" ] && reports+=("$2")
}
for pkg in ${packages//,/ }; do
  if [ -n "${SIGGUARD_MUTATION_FILES:-}" ]; then
    for f in $SIGGUARD_MUTATION_FILES; do
      run "$pkg" "reports/mutation/$pkg-$f.json" --mutate "packages/$pkg/src/$f.ts" "$@"
    done
  else
    run "$pkg" "reports/mutation/$pkg.json" "$@"
  fi
done
rm -f stryker-output-*.json
[ ${#reports[@]} -gt 0 ] && node scripts/mutation-table.mjs "${reports[@]}"
exit $status
