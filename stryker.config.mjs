// Mutation testing of @sigguard/identity and @sigguard/policy (npm run mutation; CPU-heavy, not
// part of npm test). The tap runner runs each unit test file with Node's own test runner (its
// TAP output), from the sources (--conditions=@sigguard/source), and only the files that cover a mutant.
// In place: pnpm's per-package node_modules do not survive Stryker's sandbox copy. Stryker
// restores every file when it ends; do not edit sources while it runs.
// Narrow a run with --mutate, e.g. `SIGGUARD_MUTATION_PACKAGES=identity npm run mutation -- --mutate
// packages/identity/src/regexp.ts` (or to earlier survivors' lines: `--mutate 'file:12-14,file:30-30'`).
import { fileURLToPath } from 'node:url';

// The tap runner spawns `node` and reads a file named after that process id: the
// node_modules/.bin/node shim is a shell script whose child is the real node, so put the
// project's Node 24 binary itself first on PATH (test runner processes inherit it).
process.env.PATH = `${fileURLToPath(new URL('node_modules/node/bin', import.meta.url))}:${process.env.PATH}`;

// SIGGUARD_MUTATION_PACKAGES=identity (or policy) restricts mutants and tests to one package
// (scripts/mutation.sh runs one package at a time); SIGGUARD_MUTATION_REPORT names the JSON report.
const packages = (process.env.SIGGUARD_MUTATION_PACKAGES ?? 'identity,policy').split(/[ ,]+/);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  inPlace: true,
  mutate: [...packages.map((p) => `packages/${p}/src/**/*.ts`), '!**/*.test.ts', '!**/testdata/**'],
  tap: {
    testFiles: packages.map((p) => `packages/${p}/src/**/*.test.ts`),
    // Node 24's test runner writes its spec report unless told otherwise, even to a pipe: the tap
    // runner then parses no failing test, and a test file that notices a mutant (exit 1) is scored
    // a runtime error. With TAP it is scored killed (naming the failing tests), a crash stays a runtime
    // error, and forceBail stops the file at its first failing test (the run already stops at the
    // first failing file).
    nodeArgs: ['--test-reporter=tap', '--conditions=@sigguard/source', '-r', '{{hookFile}}', '{{testFile}}'],
    forceBail: true,
  },
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  // In place, Stryker would otherwise add `// @ts-nocheck` to every source and test file and put
  // back, when it ends, the copy it took at the start (losing any edit made meanwhile). Node strips
  // types without checking them, so there is nothing to disable.
  disableTypeChecks: false,
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: process.env.SIGGUARD_MUTATION_REPORT ?? 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
};
