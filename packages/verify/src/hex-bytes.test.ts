import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { hex, sameBytes } from './hex-bytes.ts';

test('hex equals node:buffer hex on every byte value and random lengths', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.equal(hex(all), Buffer.from(all).toString('hex'));
  assert.equal(hex(new Uint8Array(0)), '');
  for (const n of [1, 31, 32, 91, 4097]) {
    const b = randomBytes(n);
    assert.equal(hex(new Uint8Array(b)), b.toString('hex'));
  }
});

test('sameBytes compares length and every byte', () => {
  assert.ok(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2])));
  assert.ok(sameBytes(new Uint8Array(0), new Uint8Array(0)));
  assert.ok(!sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0])));
  assert.ok(!sameBytes(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4])));
  assert.ok(!sameBytes(new Uint8Array([0, 2]), new Uint8Array([1, 2])));
});
