// A small seeded sample of every fuzz generator, run as `npm run fuzz` runs them (worker process,
// watchdog for time and memory), so that each invariant is checked on every `npm test`. The full
// campaign is `npm run fuzz` (not part of npm test).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it, test } from 'node:test';
import { CATALOG } from '../src/catalog.ts';

const SEED = 11;
const CASES: Record<string, number> = {
  bundle: 40,
  statement: 16,
  'policy-yaml': 24,
  'mirror-fs': 12,
  'oci-layout': 16,
  registry: 16,
};

function runFuzz(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@sigguard/source', new URL('../src/cli.ts', import.meta.url).pathname, ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

test('every fuzz target has a sample here', () => {
  assert.deepEqual(Object.keys(CASES).sort(), CATALOG.map((c) => c.name).sort());
});

describe('fuzz samples', { concurrency: 2 }, () => {
  for (const entry of CATALOG) {
    const n = CASES[entry.name]!;
    it(`${n} cases of ${entry.name} (seed ${SEED}) keep every invariant`, async () => {
      // One worker; a case that hangs or balloons is killed by the watchdog and counted as failed.
      // Wall-clock budgets x10 and no early stop before the file's own 600 s: this sample checks the
      // invariants beside other tests on a loaded 2-core machine, not the campaign's speed.
      const { code, out } = await runFuzz([
        '--only',
        entry.name,
        '--seed',
        String(SEED),
        '--cases',
        String(n),
        '--workers',
        '1',
        '--max-kills',
        '1',
        '--time',
        '540',
        '--budget-scale',
        '10',
      ]);
      const last = out.trim().split('\n').at(-1);
      assert.equal(last, `${n} passed, 0 failed`, out);
      assert.equal(code, 0, out);
    });
  }
});
