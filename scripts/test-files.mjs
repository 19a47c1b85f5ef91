// The test files `npm test` runs: shared by scripts/run-tests.mjs and the suite-integrity test,
// which checks that no *.test.* file in the repository sits outside these patterns (and so
// would never run).
import { globSync } from 'node:fs';

export const TEST_PATTERNS = [
  'packages/*/src/**/*.test.ts',
  'packages/*/test/**/*.test.ts',
  'packages/*/test/**/*.test.mjs',
  'test-vectors/**/*.test.ts',
  'examples/*/**/*.test.mjs',
];

/** Test files relative to `cwd` (the repository root), sorted. */
export function findTestFiles(cwd = process.cwd()) {
  return TEST_PATTERNS.flatMap((p) => globSync(p, { cwd }))
    .filter((f) => !f.includes('node_modules'))
    .sort();
}
