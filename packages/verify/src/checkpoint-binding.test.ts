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
  verifyBundleSync(bundle as Parameters<typeof verifyBundleSync>[0], {
    artifact: c.artifactBytes,
    trustRoot,
    identities: compileIdentities([c.identity!]),
    now: c.verifyAtDate,
  });
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
  assert.match(
    r.error!.message,
    /tlogEntries\[0\]\.inclusionProof\.rootHash (07)+ is not the checkpoint's root hash [0-9a-f]{64}/,
  );
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

// Fuzz seed 20261205, cases 4530, 4545, 22468: a Rekor v2 entry's logIndex was changed and the
// bundle still verified, because @sigstore/verify proves inclusionProof.logIndex only while
// sigstore-go proves the entry's logIndex only. A v2 entry must carry one index.
for (const name of ['keyless-rekor-v2-tsa', 'keyless-dsse-rekor-v2-tsa']) {
  const v2 = loadVectors().find((v) => v.name === name)!;
  const verifyV2 = (bundle: unknown) =>
    verifyBundleSync(bundle as Parameters<typeof verifyBundleSync>[0], {
      artifact: v2.artifactBytes,
      trustRoot: parseTrustedRoot(v2.trustedRootJSON as object),
      identities: compileIdentities([v2.identity!]),
      now: v2.verifyAtDate,
    });
  const entryOf = (b: any) => b.verificationMaterial.tlogEntries[0];

  test(`${name}: the vector verifies and its entry and proof name one index`, () => {
    const r = verifyV2(v2.bundleJSON);
    assert.equal(r.ok, true, r.error?.message);
    assert.equal(entryOf(v2.bundleJSON).kindVersion.version, '0.0.2');
    assert.equal(entryOf(v2.bundleJSON).logIndex, entryOf(v2.bundleJSON).inclusionProof.logIndex);
  });

  test(`${name}: an entry logIndex other than the proof's is refused (TLOG), as a string or a number`, () => {
    for (const change of [(i: string) => String(BigInt(i) + 1n), (i: string) => Number(i) + 7, () => '0']) {
      const b = structuredClone(v2.bundleJSON) as any;
      const proofIndex = entryOf(b).inclusionProof.logIndex;
      entryOf(b).logIndex = change(entryOf(b).logIndex);
      if (String(entryOf(b).logIndex) === proofIndex) continue;
      const r = verifyV2(b);
      assert.equal(r.ok, false, `logIndex ${entryOf(b).logIndex} accepted`);
      assert.equal(r.error?.code, 'TLOG');
      assert.match(r.error!.message, /tlogEntries\[0\]\.logIndex \d+ is not its inclusionProof\.logIndex \d+/);
    }
  });

  test(`${name}: the same index spelled as a JSON number still verifies (a re-encoding)`, () => {
    const b = structuredClone(v2.bundleJSON) as any;
    entryOf(b).logIndex = Number(entryOf(b).logIndex);
    const r = verifyV2(b);
    assert.equal(r.ok, true, r.error?.message);
  });
}
