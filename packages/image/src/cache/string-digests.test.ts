// Remembered string digests: the same digest as hashing afresh, equal copies found, and the bounds hold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256Hex } from '@sigguard/oci';
import {
  MAX_DIGEST_CHARS,
  MAX_DIGEST_ENTRIES,
  MAX_DIGEST_STRING_CHARS,
  stringDigest,
  stringDigestsSize,
} from './string-digests.ts';
import { deepFreeze } from './deep-freeze.ts';

const fresh = (s: string) => sha256Hex(new TextEncoder().encode(s));

test('a remembered digest is the sha256 of the UTF-8 text, for the same string and for an equal copy', () => {
  const s = `{"a":"é ✓ ${Math.random()}"}`;
  assert.equal(stringDigest(s), fresh(s));
  assert.equal(stringDigest(` ${s}`.slice(1)), fresh(s));
  assert.equal(stringDigest(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('at most MAX_DIGEST_ENTRIES strings and MAX_DIGEST_CHARS characters; a huge string is hashed, not kept', () => {
  for (let i = 0; i < MAX_DIGEST_ENTRIES + 10; i++) stringDigest(`entry ${i}`);
  assert.equal(stringDigestsSize().entries, MAX_DIGEST_ENTRIES);
  const before = stringDigestsSize().chars;
  const huge = 'x'.repeat(MAX_DIGEST_STRING_CHARS + 1);
  assert.equal(stringDigest(huge), fresh(huge));
  assert.equal(stringDigestsSize().chars, before);
  for (let i = 0; i < 10; i++) stringDigest(String(i).repeat(MAX_DIGEST_STRING_CHARS));
  assert.ok(stringDigestsSize().chars <= MAX_DIGEST_CHARS);
});

test('deepFreeze freezes plain data all the way down and refuses what cannot be frozen', () => {
  const d = deepFreeze({ a: [{ b: 'c' }], n: null });
  assert.ok(Object.isFrozen(d) && Object.isFrozen(d.a) && Object.isFrozen(d.a[0]));
  assert.throws(() => deepFreeze({ bytes: new Uint8Array(1) }), /cannot be frozen/);
  assert.throws(() => deepFreeze({ when: new Date(0) }), /cannot be frozen/);
  assert.throws(() => deepFreeze([new Map()]), /cannot be frozen/);
});
