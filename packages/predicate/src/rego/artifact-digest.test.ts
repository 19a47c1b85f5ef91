// An engine worker gets a new copy of the Rego artifact with every message; with the digest the sending thread
// computed once, a module already compiled is used for the copy without hashing it again (adoptArtifactDigest).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEST_DOUBLE_WASM } from './testdata/double.ts';
import { adoptArtifactDigest, compileRegoArtifact } from './rego-engine.ts';

const MAX = 64 * 1024 * 1024;

function countingDigests(): { count: () => number; restore: () => void } {
  const subtle = globalThis.crypto.subtle;
  const original = subtle.digest;
  let n = 0;
  subtle.digest = function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto['digest']>) {
    n++;
    return original.apply(this, args);
  } as SubtleCrypto['digest'];
  return { count: () => n, restore: () => (subtle.digest = original) };
}

test('a copy of a compiled artifact with its digest is not hashed again', async () => {
  const first = await compileRegoArtifact(new Uint8Array(TEST_DOUBLE_WASM), MAX);
  const copy = new Uint8Array(TEST_DOUBLE_WASM); // what structured cloning hands a worker
  const digests = countingDigests();
  try {
    adoptArtifactDigest(copy, first.digest);
    assert.equal(await compileRegoArtifact(copy, MAX), first);
    assert.equal(digests.count(), 0);
  } finally {
    digests.restore();
  }
});

test('a digest nothing was compiled under is not adopted: the copy is hashed and compiled', async () => {
  const copy = new Uint8Array(TEST_DOUBLE_WASM);
  const digests = countingDigests();
  try {
    adoptArtifactDigest(copy, 'f'.repeat(64));
    const policy = await compileRegoArtifact(copy, MAX);
    assert.equal(digests.count(), 1);
    assert.notEqual(policy.digest, 'f'.repeat(64));
  } finally {
    digests.restore();
  }
});
