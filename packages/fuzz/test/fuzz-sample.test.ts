// A small seeded sample of every fuzz generator, run as `npm run fuzz` runs them (worker process,
// watchdog for time and memory), so that each invariant is checked on every `npm test`. One coordinator
// and one worker for every target (a Node start with the targets loaded costs more CPU than the cases): the
// catalog's weights share the cases out, and this seed and count give every target at least MIN_PER_TARGET.
// The full campaign is `npm run fuzz` (not part of npm test); this sample alone:
//   npm run fuzz -- --seed 11 --cases 200 --workers 1
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { CATALOG } from '../src/catalog.ts';

const SEED = 11;
const CASES = 200;
// Seed 11's first 200 cases: bundle 86, policy-yaml 58, statement 22, mirror-fs 13, oci-layout 11, registry 10.
const MIN_PER_TARGET = 10;

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

test(`${CASES} cases over every fuzz target (seed ${SEED}) keep every invariant`, async () => {
  // One worker; a case that hangs or balloons is killed by the watchdog and counted as failed.
  // Wall-clock budgets x10 and no early stop before the file's own 600 s: this sample checks the
  // invariants beside other tests on a loaded 2-core machine, not the campaign's speed.
  const { code, out } = await runFuzz([
    '--seed',
    String(SEED),
    '--cases',
    String(CASES),
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
  assert.equal(last, `${CASES} passed, 0 failed`, out);
  assert.equal(code, 0, out);
  // The coordinator's per-target lines: every target of the catalog ran its share, none failed or was skipped.
  for (const { name } of CATALOG) {
    const line = new RegExp(`^  ${name} +(\\d+) passed +0 failed  avg`, 'm').exec(out);
    assert.ok(line, `no clean line for ${name} in:\n${out}`);
    assert.ok(Number(line[1]) >= MIN_PER_TARGET, `${name}: only ${line[1]} cases (at least ${MIN_PER_TARGET})`);
  }
});
