// sigstore-conformance bundle-verify suite (70 cases x path/digest = 140) against the BUILT
// CLI, through the suite's own runner in ../shared. Skipped, with the reason printed, when
// ../shared (relative to the repository root) is not there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const repo = resolve(import.meta.dirname, '../../..');
const runner = join(repo, '..', 'shared', 'vectors', 'sigstore-conformance', 'run-conformance.mjs');
const cli = join(repo, 'packages', 'sigguard', 'bin', 'sigguard.mjs');
const skip = existsSync(runner) ? false : `sigstore-conformance runner not found at ${runner} (../shared is not present)`;

test('sigstore-conformance: 140 passed, 0 failed, no xfail', { skip, timeout: 600_000 }, () => {
  assert.ok(existsSync(join(repo, 'packages', 'sigguard', 'dist', 'cli.js')), 'the CLI is not built: run `pnpm -r build` (npm test does)');
  // No --conditions here: the child runs the built dist, as users do.
  const r = spawnSync(process.execPath, [runner, '--client', `"${process.execPath}" "${cli}"`, '--jobs', '2'], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const lines = r.stdout.trim().split('\n');
  const failures = lines.filter((l) => /^(FAIL|XPASS|XFAIL)/.test(l));
  assert.deepEqual(failures, [], `conformance failures:\n${failures.join('\n')}\n${r.stderr}`);
  assert.equal(lines.at(-1), '140 passed, 0 failed');
  assert.equal(r.status, 0);
});
