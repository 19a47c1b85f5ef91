// cosign legacy layers through verifyImage(): time is the signing time (not now), the Rekor SET
// is checked over the annotation as found, and TSA-only evidence needs an rfc3161timestamp authority.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicyDocuments } from '@sigguard/policy';
import { parseRepositoryName } from '@sigguard/oci';
import { verifyImage } from 'sigguard';
import { pushImage, pushLegacy, legacySignatureLayer } from '@sigguard/test-vectors/support';
import { useSignedRegistry } from './support/signed-registry.ts';

const reg = useSignedRegistry();

const IDENTITY = '[{ issuer: https://issuer.example.com, subject: ci@example.com }]';
const policies = (authority: string) =>
  parsePolicyDocuments(`apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: p }
spec:
  images: [{ glob: "${reg.host}/**" }]
  authorities:
    - ${authority}
`).policies;

async function image(
  name: string,
  layerOpts: Parameters<typeof legacySignatureLayer>[3],
  mutate?: (a: Record<string, string>) => void,
) {
  const repo = parseRepositoryName(`${reg.host}/legacy/${name}`);
  const img = await pushImage(reg.client, repo, `legacy-${name}`);
  const layer = await legacySignatureLayer(reg.ts, `${reg.host}/legacy/${name}`, img.digest, layerOpts);
  mutate?.(layer.annotations);
  await pushLegacy(reg.client, repo, img.digest, 'sig', [layer]);
  return `${reg.host}/legacy/${name}@${img.digest}`;
}

test('a certificate long expired now verifies at its Rekor integrated time', async () => {
  const ref = await image('old', { signedAt: new Date('2024-03-01T12:00:00Z') });
  const d = await verifyImage(ref, {
    policies: policies(`keyless: { identities: ${IDENTITY} }`),
    defaultTrustRoot: reg.root,
    registry: reg.client,
  });
  assert.equal(d.allowed, true, d.summary);
  assert.match(JSON.stringify(d.policies), /2024-03-01T12:00:00/);
});

test('a Rekor bundle whose integratedTime was edited fails the SET check', async () => {
  const ref = await image('edited-set', {}, (a) => {
    const b = JSON.parse(a['dev.sigstore.cosign/bundle']!);
    b.Payload.integratedTime += 60; // still inside the certificate validity: only the SET can catch it
    a['dev.sigstore.cosign/bundle'] = JSON.stringify(b);
  });
  const d = await verifyImage(ref, {
    policies: policies(`keyless: { identities: ${IDENTITY} }`),
    defaultTrustRoot: reg.root,
    registry: reg.client,
  });
  assert.equal(d.allowed, false);
  assert.match(JSON.stringify(d.policies), /transparency-log","status":"fail"/);
});

test('without a Rekor bundle a keyless authority denies; with rfc3161timestamp.trustRootRef the TSA time suffices', async () => {
  const ref = await image('tsa-only', { tlog: false, withTimestamp: true });
  const plain = await verifyImage(ref, {
    policies: policies(`keyless: { identities: ${IDENTITY} }`),
    defaultTrustRoot: reg.root,
    registry: reg.client,
  });
  assert.equal(plain.allowed, false);
  const tsa = await verifyImage(ref, {
    policies: policies(
      `keyless: { trustRootRef: test, identities: ${IDENTITY} }\n      rfc3161timestamp: { trustRootRef: test }`,
    ),
    trustRoots: [reg.root],
    registry: reg.client,
  });
  assert.equal(tsa.allowed, true, tsa.summary);
  assert.match(JSON.stringify(tsa.policies), /signed timestamps required, transparency log not checked/);
});

test('source.oci and tagPrefix: signatures stored in another repository', async () => {
  const repo = parseRepositoryName(`${reg.host}/legacy/app`);
  const sigs = parseRepositoryName(`${reg.host}/legacy/signatures`);
  const img = await pushImage(reg.client, repo, 'legacy-elsewhere');
  await pushLegacy(
    reg.client,
    sigs,
    img.digest,
    'sig',
    [await legacySignatureLayer(reg.ts, `${reg.host}/legacy/app`, img.digest)],
    'v1-',
  );
  const ref = `${reg.host}/legacy/app@${img.digest}`;
  const here = await verifyImage(ref, {
    policies: policies(`keyless: { identities: ${IDENTITY} }`),
    defaultTrustRoot: reg.root,
    registry: reg.client,
  });
  assert.equal(here.allowed, false);
  const there = await verifyImage(ref, {
    policies: policies(
      `keyless: { identities: ${IDENTITY} }\n      source: [{ oci: "${reg.host}/legacy/signatures", tagPrefix: v1- }]`,
    ),
    defaultTrustRoot: reg.root,
    registry: reg.client,
  });
  assert.equal(there.allowed, true, there.summary);
  assert.match(there.evidence.found[0]!.id, /legacy\/signatures:v1-sha256-/);
});
