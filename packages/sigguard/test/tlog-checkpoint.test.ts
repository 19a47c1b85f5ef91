// Issue 2 on a fresh clone (no ../shared): checkpoint and inclusion-proof negatives on bundles the
// project's own instance signs now, plus the signer's Fulcio extensions on the verification result
// (issue 4: "expose them on results", and a policy can require them through the identity).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubWorkflowExtensions, sharedTestSigstore } from '@sigguard/test-vectors';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { verifyBundle } from '@sigguard/verify';

const identity = { subject: 'ci@example.com', issuer: 'https://issuer.example.com' };

async function fresh() {
  const sigstore = await sharedTestSigstore();
  const trustRoot = parseTrustedRoot(sigstore.trustedRoot());
  const artifact = new TextEncoder().encode(`checkpoint ${Math.random()}`);
  await sigstore.signKeyless({ ...identity, artifact: new TextEncoder().encode('padding entry') }); // >= 2 leaves: non-empty proofs
  // v0.3 with inclusion proof and checkpoint, and no SET, so the proof is all the log evidence.
  const signed = await sigstore.signKeyless({ ...identity, artifact, withPromise: false, withTimestamp: true });
  return { trustRoot, artifact, bundle: signed.bundle as any };
}

test('an untouched fresh bundle verifies (the baseline the tampering below breaks)', async () => {
  const { trustRoot, artifact, bundle } = await fresh();
  assert.ok(
    bundle.verificationMaterial.tlogEntries[0].inclusionProof.checkpoint.envelope,
    'the bundle carries a checkpoint',
  );
  assert.equal(
    bundle.verificationMaterial.tlogEntries[0].inclusionPromise,
    undefined,
    'no SET: the checkpoint must carry the log evidence',
  );
  const r = await verifyBundle(bundle, { artifact, trustRoot, identities: compileIdentities([identity]) });
  assert.equal(r.ok, true, `${r.error?.code}: ${r.error?.message}`);
});

const tamperings: [string, (b: any) => void][] = [
  [
    'checkpoint signature byte flipped',
    (b) => {
      const cp = b.verificationMaterial.tlogEntries[0].inclusionProof.checkpoint;
      const [body, sigLine] = cp.envelope.split('\n\n');
      const [dash, host, sig] = sigLine.trim().split(' ');
      const raw = Buffer.from(sig, 'base64');
      raw[raw.length - 1] ^= 1;
      cp.envelope = `${body}\n\n${dash} ${host} ${raw.toString('base64')}\n`;
    },
  ],
  [
    'checkpoint root hash replaced',
    (b) => {
      const cp = b.verificationMaterial.tlogEntries[0].inclusionProof.checkpoint;
      const lines = cp.envelope.split('\n');
      lines[2] = Buffer.alloc(32, 7).toString('base64');
      cp.envelope = lines.join('\n');
    },
  ],
  [
    'inclusion proof sibling hash replaced',
    (b) => {
      const hashes = b.verificationMaterial.tlogEntries[0].inclusionProof.hashes;
      assert.ok(hashes.length > 0, 'the proof has sibling hashes to tamper with');
      hashes[0] = Buffer.alloc(32, 9).toString('base64');
    },
  ],
  [
    'log index moved',
    (b) => {
      const p = b.verificationMaterial.tlogEntries[0].inclusionProof;
      p.logIndex = String(Number(p.logIndex) + 1);
    },
  ],
];

for (const [name, tamper] of tamperings) {
  test(`${name}: the transparency-log check fails`, async () => {
    const { trustRoot, artifact, bundle } = await fresh();
    tamper(bundle);
    const r = await verifyBundle(bundle, { artifact, trustRoot, identities: compileIdentities([identity]) });
    assert.equal(r.ok, false, 'a tampered log proof must not verify');
    assert.equal(r.error?.code, 'TLOG', r.error?.message);
  });
}

test('the verified signer carries every Fulcio extension of its certificate, and a policy may require them', async () => {
  const sigstore = await sharedTestSigstore();
  const trustRoot = parseTrustedRoot(sigstore.trustedRoot());
  const artifact = new TextEncoder().encode('workflow artifact');
  const extensions = githubWorkflowExtensions({
    repository: 'acme/app',
    workflowPath: '.github/workflows/release.yml',
    ref: 'refs/tags/v1',
    sha: 'a'.repeat(40),
  });
  const subject = 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1';
  const signed = await sigstore.signKeyless({ subject, issuer: extensions.issuer!, artifact, extensions });
  const want = (ext: object) => compileIdentities([{ subject, issuer: extensions.issuer!, extensions: ext }]);

  const r = await verifyBundle(signed.bundle, {
    artifact,
    trustRoot,
    identities: want({ sourceRepositoryURI: 'https://github.com/acme/app', githubWorkflowTrigger: 'push' }),
  });
  assert.equal(r.ok, true, `${r.error?.code}: ${r.error?.message}`);
  const got = r.signer?.certificate?.extensions as Record<string, string> | undefined;
  assert.ok(got, 'the signer certificate is on the result');
  for (const [k, v] of Object.entries(extensions)) assert.equal(got[k], v, `extension ${k}`);

  const denied = await verifyBundle(signed.bundle, {
    artifact,
    trustRoot,
    identities: want({ sourceRepositoryRef: 'refs/heads/main' }),
  });
  assert.equal(denied.ok, false);
  assert.equal(denied.error?.code, 'IDENTITY');
  assert.match(denied.error?.message ?? '', /sourceRepositoryRef|1\.3\.6\.1\.4\.1\.57264\.1\.14|refs\/tags\/v1/);
});
