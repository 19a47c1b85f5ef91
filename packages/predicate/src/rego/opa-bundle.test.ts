// OPA bundles are gunzipped with a cap that holds while inflating (@sigguard/input-limits/gzip): a
// bundle.tar.gz bomb written by GNU tar and gzip is refused as INPUT_TOO_LARGE after about the cap.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PredicateError } from '../errors.ts';
import { readOpaBundle } from './opa-bundle.ts';

/** `tar -czf - files` (GNU tar + gzip) in a fresh directory holding `files`. */
function gnuTarGz(files: Record<string, string | number>): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'opa-bundle-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      const p = join(dir, name);
      if (typeof content === 'number') {
        writeFileSync(p, '');
        truncateSync(p, content); // zeros, read by tar as data
      } else writeFileSync(p, content);
    }
    return new Uint8Array(execFileSync('tar', ['-czf', '-', '-C', dir, ...Object.keys(files)], { maxBuffer: 1 << 24 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tooLarge = (cap: number) => (e: unknown) =>
  e instanceof PredicateError &&
  e.code === 'INPUT_TOO_LARGE' &&
  e.message === `OPA bundle expands to more than ${cap} bytes`;

test('a bundle.tar.gz whose policy.wasm is 64 MiB of zeros (~65 KB) is refused at a 1 MiB cap', () => {
  const bomb = gnuTarGz({ 'policy.wasm': 64 * 1024 * 1024, 'data.json': '{}' });
  assert.ok(bomb.length < 200_000, `the bomb is ${bomb.length} bytes`);
  const started = performance.now();
  assert.throws(() => readOpaBundle(bomb, 1 << 20), tooLarge(1 << 20));
  const capped = performance.now() - started;
  // The same bundle under a cap it fits, to compare: inflating 64 MiB, not 1.
  const whole = performance.now();
  assert.equal(readOpaBundle(bomb, 128 << 20).wasm.length, 64 * 1024 * 1024);
  const all = performance.now() - whole;
  assert.ok(
    capped < all / 2,
    `refusing at 1 MiB took ${Math.round(capped)} ms, reading all 64 MiB ${Math.round(all)} ms`,
  );
});

test('a bundle within the cap is read; gzip cut short is POLICY_INVALID', () => {
  const gz = gnuTarGz({ 'policy.wasm': 'not really wasm', 'data.json': '{"allowed": ["a"]}' });
  const bundle = readOpaBundle(gz, 1 << 20);
  assert.equal(new TextDecoder().decode(bundle.wasm), 'not really wasm');
  assert.deepEqual(bundle.data, { allowed: ['a'] });
  assert.throws(() => readOpaBundle(gz, 100), tooLarge(100));
  assert.throws(
    () => readOpaBundle(gz.subarray(0, gz.length - 10), 1 << 20),
    (e: unknown) =>
      e instanceof PredicateError &&
      e.code === 'PREDICATE_POLICY_INVALID' &&
      /OPA bundle is not valid gzip: gzip data is corrupt: unexpected EOF/.test(e.message),
  );
});
