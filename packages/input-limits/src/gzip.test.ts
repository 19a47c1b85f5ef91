// gunzipBounded on data written by GNU gzip: what it inflates, and each refusal (too large while
// inflating, corrupt, truncated) with the problem a caller maps to its own error.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { gunzipSync } from 'fflate';
import { GunzipLimitError, gunzipBounded, type GunzipProblem } from './gzip.ts';

const gnuGzip = (input: Uint8Array | string): Uint8Array =>
  new Uint8Array(execFileSync('gzip', ['-9', '-c'], { input }));
// 64 MiB + 1 of zeros: GNU gzip -9 reaches deflate's 1032:1, about 65 KB.
const gnuBomb = (): Uint8Array =>
  new Uint8Array(execFileSync('sh', ['-c', 'head -c 67108865 /dev/zero | gzip -9'], { maxBuffer: 1 << 22 }));
const refused = (problem: GunzipProblem, message: RegExp) => (e: unknown) =>
  e instanceof GunzipLimitError && e.problem === problem && message.test(e.message);

test('inflates GNU gzip output, one member or several (gzip -c a >> b)', () => {
  const text = 'policy.wasm and data.json\n'.repeat(1000);
  assert.equal(new TextDecoder().decode(gunzipBounded(gnuGzip(text), text.length)), text);
  const two = new Uint8Array([...gnuGzip('first\n'), ...gnuGzip('second\n')]);
  assert.equal(new TextDecoder().decode(gunzipBounded(two, 100)), 'first\nsecond\n');
});

test('exactly the cap is accepted, one byte more is refused', () => {
  const gz = gnuGzip(new Uint8Array(5000));
  assert.equal(gunzipBounded(gz, 5000).length, 5000);
  assert.throws(() => gunzipBounded(gz, 4999), refused('too-large', /more than 4999 bytes/));
});

test('corrupt and cut-short data are refused, not read as what inflated so far', () => {
  const gz = gnuGzip('x'.repeat(10_000));
  const corrupt = gz.slice();
  corrupt[12] = 0xff; // inside the deflate stream (after the 10-byte header, no name with -c from stdin)
  assert.throws(() => gunzipBounded(corrupt, 1 << 20), refused('corrupt', /gzip data is corrupt: invalid length/));
  // Cut inside the deflate stream (the last 8 bytes are the CRC-32 and size trailer).
  assert.throws(() => gunzipBounded(gz.subarray(0, gz.length - 10), 1 << 20), refused('corrupt', /unexpected EOF/));
  assert.throws(
    () => gunzipBounded(new TextEncoder().encode('not gzip at all'), 1 << 20),
    refused('corrupt', /gzip data is corrupt/),
  );
  assert.throws(() => gunzipBounded(new Uint8Array(0), 1 << 20), refused('truncated', /truncated/));
});

test('a gzip bomb stops at the cap while inflating, not after inflating it whole', () => {
  const bomb = gnuBomb();
  // Against inflating the whole bomb in the same conditions (best of two each; the machine is shared).
  const best = (f: () => void) =>
    Math.min(
      ...[0, 1].map(() => {
        const t = performance.now();
        f();
        return performance.now() - t;
      }),
    );
  const whole = best(() => gunzipSync(bomb));
  const capped = best(() =>
    assert.throws(() => gunzipBounded(bomb, 1 << 20), refused('too-large', /more than 1048576/)),
  );
  assert.ok(
    capped < whole / 4,
    `a 1 MiB cap took ${Math.round(capped)} ms, inflating all 64 MiB ${Math.round(whole)} ms`,
  );
});
