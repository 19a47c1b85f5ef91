// Runs every *.test.ts / *.test.mjs in the workspace with Node's own test runner.
// Unit tests import sources directly (type stripping + the "@sigguard/source" condition);
// integration tests under packages/*/test/ use the built dist and CLI.
import { spawnSync } from 'node:child_process';
import { findTestFiles } from './test-files.mjs';

const only = process.argv.slice(2);
let files = findTestFiles();
if (only.length > 0) files = files.filter((f) => only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const res = spawnSync(
  process.execPath,
  ['--conditions=@sigguard/source', '--test', '--test-concurrency=2', '--test-timeout=600000', ...files],
  { stdio: 'inherit' },
);
process.exit(res.status ?? 1);
