// verifyImage() end to end over an in-process OCI registry with the referrers API, with
// evidence signed by the project's private Sigstore instance.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicyDocuments, type ClusterImagePolicy } from '@sigguard/policy';
import { RegistryClient, parseRepositoryName } from '@sigguard/oci';
import { verifyImage, VerifyImageError } from 'sigguard';
import {
  OciTestServer,
  pushBundleReferrer,
  pushImage,
  pushIndex,
  pushLegacy,
  bundleAttestation,
  bundleSignature,
  legacyAttestationLayer,
  legacySignatureLayer,
  CI,
  keylessImagePolicy,
  SLSA_PROVENANCE,
} from '@sigguard/test-vectors/support';
import { useSignedRegistry } from './support/signed-registry.ts';

const reg = useSignedRegistry();

function policy(extra = '', identity = 'ci@example.com'): ClusterImagePolicy[] {
  return parsePolicyDocuments(
    keylessImagePolicy({
      name: 'signed-by-ci',
      glob: `${reg.host}/**`,
      identities: [{ issuer: CI.issuer, subject: identity }],
      authority: 'ci',
      tail: extra,
    }),
  ).policies;
}

async function verify(ref: string, policies: ClusterImagePolicy[], extra: object = {}) {
  return verifyImage(ref, { policies, defaultTrustRoot: reg.root, registry: reg.client, ...extra });
}

test('cosign legacy .sig signature admits; wrong identity and unsigned deny with reasons', async () => {
  const repo = parseRepositoryName(`${reg.host}/vi/legacy`);
  const img = await pushImage(reg.client, repo, 'vi-legacy', 'v1');
  await pushLegacy(reg.client, repo, img.digest, 'sig', [
    await legacySignatureLayer(reg.ts, `${reg.host}/vi/legacy`, img.digest),
  ]);
  const ok = await verify(`${reg.host}/vi/legacy@${img.digest}`, policy());
  assert.equal(ok.allowed, true, ok.summary);
  assert.equal(ok.subject.digest, img.digest);
  assert.equal(ok.subject.kind, 'manifest');
  assert.deepEqual(
    ok.evidence.found.map((e) => e.origin),
    ['legacy-sig'],
  );

  const wrong = await verify(`${reg.host}/vi/legacy@${img.digest}`, policy('', 'someone-else@example.com'));
  assert.equal(wrong.allowed, false);
  assert.match(wrong.summary, /no matching signatures/);
  assert.match(JSON.stringify(wrong.policies), /someone-else@example.com/);

  const unsigned = await pushImage(reg.client, repo, 'vi-unsigned');
  const none = await verify(`${reg.host}/vi/legacy@${unsigned.digest}`, policy());
  assert.equal(none.allowed, false);
  assert.match(none.summary, /no signatures found/);
});

test('a tag is resolved through the registry and the digest recorded; without a registry it is an error', async () => {
  const repo = parseRepositoryName(`${reg.host}/vi/tagged`);
  const img = await pushImage(reg.client, repo, 'vi-tagged', 'prod');
  await pushLegacy(reg.client, repo, img.digest, 'sig', [
    await legacySignatureLayer(reg.ts, `${reg.host}/vi/tagged`, img.digest),
  ]);
  const d = await verify(`${reg.host}/vi/tagged:prod`, policy());
  assert.equal(d.allowed, true, d.summary);
  assert.equal(d.subject.digest, img.digest);
  assert.equal(d.subject.resolvedFromTag, 'prod');
  assert.equal(d.image.digest, img.digest);
  await assert.rejects(
    verifyImage(`${reg.host}/vi/tagged:prod`, { policies: policy(), defaultTrustRoot: reg.root }),
    (e: unknown) => e instanceof VerifyImageError && e.code === 'DIGEST_REQUIRED',
  );
});

test('cosign v3 bundle signature and attestation via referrers satisfy a signature + attestation policy', async () => {
  const repo = parseRepositoryName(`${reg.host}/vi/bundles`);
  const img = await pushImage(reg.client, repo, 'vi-bundles');
  await pushBundleReferrer(reg.client, repo, img, (await bundleSignature(reg.ts, img.digest)).bundle);
  await pushBundleReferrer(
    reg.client,
    repo,
    img,
    (
      await bundleAttestation(reg.ts, `${reg.host}/vi/bundles`, img.digest, SLSA_PROVENANCE, {
        buildDefinition: { buildType: 'https://example.com/build' },
      })
    ).bundle,
  );
  const sig = await verify(`${reg.host}/vi/bundles@${img.digest}`, policy());
  assert.equal(sig.allowed, true, sig.summary);
  const att = await verify(
    `${reg.host}/vi/bundles@${img.digest}`,
    policy(`      attestations:
        - name: provenance
          predicateType: ${SLSA_PROVENANCE}
          policy:
            type: cue
            data: |
              predicate: buildDefinition: buildType: "https://example.com/build"`),
  );
  assert.equal(att.allowed, true, att.summary);
  const wrongType = await verify(
    `${reg.host}/vi/bundles@${img.digest}`,
    policy(`      attestations:
        - name: sbom
          predicateType: https://spdx.dev/Document`),
  );
  assert.equal(wrongType.allowed, false);
  assert.match(wrongType.summary, /no matching attestations/);
});

test('cosign legacy .att attestation verifies through the converted bundle', async () => {
  const repo = parseRepositoryName(`${reg.host}/vi/att`);
  const img = await pushImage(reg.client, repo, 'vi-att');
  await pushLegacy(reg.client, repo, img.digest, 'att', [
    await legacyAttestationLayer(reg.ts, `${reg.host}/vi/att`, img.digest, SLSA_PROVENANCE, { x: 1 }),
  ]);
  const d = await verify(
    `${reg.host}/vi/att@${img.digest}`,
    policy(`      attestations:
        - name: provenance
          predicateType: ${SLSA_PROVENANCE}`),
  );
  assert.equal(d.allowed, true, d.summary);
  // the same .att does not satisfy a requirement for another predicate type
  const other = await verify(
    `${reg.host}/vi/att@${img.digest}`,
    policy(`      attestations:
        - name: sbom
          predicateType: https://spdx.dev/Document`),
  );
  assert.equal(other.allowed, false, other.summary);
  assert.match(JSON.stringify(other.policies), /spdx\.dev\/Document/);
});

test('offline: bundle files alone verify a digest; multi-arch index vs platform is explicit', async () => {
  const repo = parseRepositoryName(`${reg.host}/vi/multi`);
  const amd = await pushImage(reg.client, repo, 'vi-amd');
  const arm = await pushImage(reg.client, repo, 'vi-arm');
  const idx = await pushIndex(reg.client, repo, [amd, arm], 'latest');
  const amdSig = (await bundleSignature(reg.ts, amd.digest)).bundle;
  const offline = await verifyImage(`${reg.host}/vi/multi@${amd.digest}`, {
    policies: policy(),
    defaultTrustRoot: reg.root,
    evidence: { bundles: [JSON.stringify(amdSig)] },
  });
  assert.equal(offline.allowed, true, offline.summary);
  assert.equal(offline.subject.kind, 'unknown');
  // The index itself is unsigned: verifying it denies, and the decision says it was the index.
  await pushBundleReferrer(reg.client, repo, amd, amdSig);
  const index = await verify(`${reg.host}/vi/multi:latest`, policy());
  assert.equal(index.allowed, false);
  assert.equal(index.subject.kind, 'index');
  assert.equal(index.subject.digest, idx.digest);
  const platform = await verify(`${reg.host}/vi/multi:latest`, policy(), { platform: 'linux/amd64' });
  assert.equal(platform.allowed, true, platform.summary);
  assert.deepEqual(platform.subject.fromIndex, { digest: idx.digest, platform: 'linux/amd64' });
  assert.equal(platform.subject.digest, amd.digest);
  // A bundle for another image never verifies this one.
  const other = await verifyImage(`${reg.host}/vi/multi@${arm.digest}`, {
    policies: policy(),
    defaultTrustRoot: reg.root,
    evidence: { bundles: [amdSig] },
  });
  assert.equal(other.allowed, false);
  assert.match(JSON.stringify(other.policies), /no in-toto subject has digest/);
});

test('a registry that demands credentials we do not have denies, naming the registry', async () => {
  const locked = new OciTestServer({ auth: { type: 'bearer', username: 'robot', password: 'secret' } });
  const lockedHost = await locked.start();
  try {
    const withCreds = new RegistryClient({ credentials: { [lockedHost]: { username: 'robot', password: 'secret' } } });
    const repo = parseRepositoryName(`${lockedHost}/vi/private`);
    const img = await pushImage(withCreds, repo, 'vi-private');
    await pushLegacy(withCreds, repo, img.digest, 'sig', [
      await legacySignatureLayer(reg.ts, `${lockedHost}/vi/private`, img.digest),
    ]);
    const policies = policy().map((p) => ({ ...p, images: [{ glob: `${lockedHost}/**` }] }));
    const ok = await verifyImage(`${lockedHost}/vi/private@${img.digest}`, {
      policies,
      defaultTrustRoot: reg.root,
      registry: withCreds,
    });
    assert.equal(ok.allowed, true, ok.summary);
    const anonymous = await verifyImage(`${lockedHost}/vi/private@${img.digest}`, {
      policies,
      defaultTrustRoot: reg.root,
      registry: {},
    });
    assert.equal(anonymous.allowed, false);
    assert.match(anonymous.summary, /token service .* refused anonymous access/);
  } finally {
    await locked.stop();
  }
});

test('an unreachable registry denies with the reason', async () => {
  const d = await verifyImage(`127.0.0.1:1/vi/none@sha256:${'a'.repeat(64)}`, {
    policies: policy().map((p) => ({ ...p, images: [{ glob: '**' }] })),
    defaultTrustRoot: reg.root,
    registry: { retries: 0, timeoutMs: 2000 },
  });
  assert.equal(d.allowed, false);
  // Read only when the authority needs evidence: the authority fails, saying why.
  assert.match(d.summary, /signed-by-ci: .*cannot resolve 127\.0\.0\.1:1\/vi\/none@sha256:a+ in registry/);
  assert.equal(d.evidence.notes[0]?.name, 'resolve');
  assert.equal(d.evidence.notes[0]?.status, 'fail');
});
