// Issue 11 item 5: an inclusion proof's rootHash and treeSize must be its checkpoint's, as
// sigstore-go requires. The committed test-vectors bundle carries a SET, an inclusion proof
// and a checkpoint; only the two proof fields are changed, so everything else still verifies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { loadVectors } from '@sigguard/test-vectors';
import { verifyBundleSync } from './index.ts';

const c = loadVectors().find((v) => v.name === 'keyless-v0.3-message')!;
const trustRoot = parseTrustedRoot(c.trustedRootJSON as object);
const verify = (bundle: unknown) =>
  verifyBundleSync(bundle as Parameters<typeof verifyBundleSync>[0], { artifact: c.artifactBytes, trustRoot, identities: compileIdentities([c.identity!]), now: c.verifyAtDate });
const proofOf = (b: any) => b.verificationMaterial.tlogEntries[0].inclusionProof;
const mutated = (change: (proof: any) => void) => {
  const b = structuredClone(c.bundleJSON) as any;
  change(proofOf(b));
  return b;
};

test('the vector as committed verifies, and its proof agrees with its checkpoint', () => {
  const r = verify(c.bundleJSON);
  assert.equal(r.ok, true, r.error?.message);
  const proof = proofOf(c.bundleJSON);
  const [, size, hash] = proof.checkpoint.envelope.split('\n');
  assert.equal(proof.treeSize, size);
  assert.equal(proof.rootHash, hash);
});

test('a rootHash other than the checkpoint root is refused (TLOG)', () => {
  const r = verify(mutated((p) => (p.rootHash = Buffer.alloc(32, 7).toString('base64'))));
  assert.equal(r.ok, false);
  assert.equal(r.error?.code, 'TLOG');
  assert.match(r.error!.message, /tlogEntries\[0\]\.inclusionProof\.rootHash (07)+ is not the checkpoint's root hash [0-9a-f]{64}/);
  assert.equal(r.checks.find((x) => x.name === 'transparency-log')?.status, 'fail');
});

test('a treeSize other than the checkpoint size is refused (TLOG), larger or smaller', () => {
  for (const delta of [1, -1]) {
    const r = verify(mutated((p) => (p.treeSize = String(Number(p.treeSize) + delta))));
    assert.equal(r.ok, false);
    assert.equal(r.error?.code, 'TLOG');
    assert.match(r.error!.message, /inclusionProof\.treeSize \d+ is not the checkpoint's tree size \d+/);
  }
});

test('a checkpoint body without a tree size and root hash is refused (TLOG)', () => {
  const r = verify(mutated((p) => (p.checkpoint.envelope = `origin\nnot-a-size\n\n— origin AAAA\n`)));
  assert.equal(r.ok, false);
  assert.equal(r.error?.code, 'TLOG');
  assert.match(r.error!.message, /checkpoint is not a checkpoint/);
});
