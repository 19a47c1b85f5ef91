import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sharedTestSigstore, type TestSigstore } from '@sigguard/test-vectors';
import {
  OciTestServer,
  LayoutWriter,
  pushBundleReferrer,
  pushImage,
  pushLegacy,
  pushLegacyReferrer,
  type Pushed,
  bundleSignature,
  bundleAttestation,
  legacyAttestationLayer,
  legacySignatureLayer,
  SLSA_PROVENANCE,
} from '@sigguard/test-vectors/support';
import { RegistryClient } from './registry-client.ts';
import { parseRepositoryName, type ImageReference } from './reference.ts';
import { discoverEvidence, bundleEvidence } from './discovery.ts';
import { checkImageBinding } from './bundle-content.ts';
import { openOciLayoutDir } from './node.ts';
import { resolveImage } from './image.ts';

let server: OciTestServer;
let host: string;
let ts: TestSigstore;
const client = new RegistryClient();
before(async () => {
  server = new OciTestServer();
  host = await server.start();
  ts = await sharedTestSigstore();
});
after(() => server.stop());

const at = (repo: ImageReference, img: Pushed): ImageReference => ({ ...repo, digest: img.digest });
const statuses = (checks: { name: string; status: string }[]) =>
  Object.fromEntries(checks.map((c) => [c.name, c.status]));

test('cosign v3 bundles via the referrers API: signature and attestation told apart, bound to the digest', async () => {
  const repo = parseRepositoryName(`${host}/d/bundles`);
  const img = await pushImage(client, repo, 'bundles');
  const sig = await bundleSignature(ts, img.digest);
  const att = await bundleAttestation(ts, `${host}/d/bundles`, img.digest, SLSA_PROVENANCE, { buildType: 'x' });
  await pushBundleReferrer(client, repo, img, sig.bundle);
  await pushBundleReferrer(client, repo, img, att.bundle);
  await pushBundleReferrer(client, repo, img, { not: 'a bundle' }, { artifactType: 'application/spdx+json' });
  const r = await discoverEvidence(client, at(repo, img));
  assert.deepEqual(r.evidence.map((e) => [e.origin, e.kind]).sort(), [
    ['referrers-api', 'attestation'],
    ['referrers-api', 'signature'],
  ]);
  assert.equal(r.evidence.find((e) => e.kind === 'attestation')?.predicateType, SLSA_PROVENANCE);
  assert.ok(r.notes.some((n) => n.status === 'skip' && /application\/spdx\+json/.test(n.reason)));
  assert.ok(
    r.notes.some((n) => /Sigstore bundle signatures found/.test(n.reason)),
    'legacy tags not consulted once bundles exist',
  );
  for (const e of r.evidence) assert.equal(checkImageBinding(e, img.digest).status, 'pass');
  const other = `sha256:${'1'.repeat(64)}`;
  assert.match(checkImageBinding(r.evidence[0]!, other).reason, /no in-toto subject has digest/);
});

test('without the referrers API, the sha256-<hex> fallback tag is read', async () => {
  server.options.referrers = false;
  try {
    const repo = parseRepositoryName(`${host}/d/fallback`);
    const img = await pushImage(client, repo, 'fallback');
    const sig = await bundleSignature(ts, img.digest);
    await pushBundleReferrer(client, repo, img, sig.bundle, { fallbackTag: { existing: [] } });
    const r = await discoverEvidence(client, at(repo, img));
    assert.deepEqual(
      r.evidence.map((e) => [e.origin, e.kind]),
      [['referrers-tag', 'signature']],
    );
    assert.match(r.notes[0]!.reason, /referrers tag .*sha256-/);
  } finally {
    server.options.referrers = true;
  }
});

test('cosign legacy .sig and .att layers convert to bundles and pass the Rekor cross-checks', async () => {
  const repo = parseRepositoryName(`${host}/d/legacy`);
  const img = await pushImage(client, repo, 'legacy');
  const name = `${host}/d/legacy`;
  const sig = await legacySignatureLayer(ts, name, img.digest, { withTimestamp: true });
  const att = await legacyAttestationLayer(ts, name, img.digest, SLSA_PROVENANCE, { buildType: 'b' });
  await pushLegacy(client, repo, img.digest, 'sig', [sig]);
  await pushLegacy(client, repo, img.digest, 'att', [att]);
  const r = await discoverEvidence(client, at(repo, img));
  const s = r.evidence.find((e) => e.kind === 'signature')!;
  const a = r.evidence.find((e) => e.kind === 'attestation')!;
  assert.equal(s.origin, 'legacy-sig');
  assert.deepEqual(statuses(s.checks), {
    'legacy-layer': 'pass',
    'rekor-signature': 'pass',
    'rekor-public-key': 'pass',
    'rekor-body-hash': 'pass',
  });
  assert.deepEqual(Buffer.from(s.payload!), Buffer.from(sig.bytes));
  assert.equal(s.bundle?.mediaType, 'application/vnd.dev.sigstore.bundle+json;version=0.1');
  const vm = s.bundle?.verificationMaterial as {
    tlogEntries: { inclusionPromise: unknown; canonicalizedBody: string }[];
    timestampVerificationData: { rfc3161Timestamps: unknown[] };
  };
  assert.equal(vm.tlogEntries[0]!.canonicalizedBody, sig.signed.tlogEntry!.entry.canonicalizedBody);
  assert.equal(vm.timestampVerificationData.rfc3161Timestamps.length, 1);
  assert.equal(checkImageBinding(s, img.digest).status, 'pass');
  assert.equal(a.origin, 'legacy-att');
  assert.equal(a.predicateType, SLSA_PROVENANCE);
  assert.deepEqual(statuses(a.checks), {
    'legacy-layer': 'pass',
    'rekor-signature': 'pass',
    'rekor-public-key': 'pass',
    'rekor-body-hash': 'pass',
  });
  assert.equal(checkImageBinding(a, img.digest).status, 'pass');
});

test('cosign --experimental-oci11 signature and in-toto attestation referrers are read as legacy layers', async () => {
  const repo = parseRepositoryName(`${host}/d/oci11`);
  const img = await pushImage(client, repo, 'oci11');
  const name = `${host}/d/oci11`;
  await pushLegacyReferrer(client, repo, img, 'sig', [await legacySignatureLayer(ts, name, img.digest)]);
  await pushLegacyReferrer(client, repo, img, 'att', [
    await legacyAttestationLayer(ts, name, img.digest, SLSA_PROVENANCE, {}),
  ]);
  const r = await discoverEvidence(client, at(repo, img));
  assert.deepEqual(r.evidence.map((e) => `${e.origin}/${e.kind}`).sort(), [
    'referrers-api/attestation',
    'referrers-api/signature',
  ]);
  for (const e of r.evidence) {
    assert.ok(
      e.checks.every((c) => c.status === 'pass'),
      JSON.stringify(e.checks),
    );
    assert.equal(checkImageBinding(e, img.digest).status, 'pass');
  }
});

test('legacy layers that disagree with their Rekor entry fail the cross-checks', async () => {
  const repo = parseRepositoryName(`${host}/d/tampered`);
  const img = await pushImage(client, repo, 'tampered');
  const name = `${host}/d/tampered`;
  const good = await legacySignatureLayer(ts, name, img.digest);
  const other = await legacySignatureLayer(ts, name, img.digest);
  // Payload swapped after signing: body hash no longer matches the exact layer bytes.
  const swappedPayload = { ...good, bytes: new TextEncoder().encode(new TextDecoder().decode(good.bytes) + ' ') };
  // Rekor bundle of another signing event: signature and certificate differ.
  const swappedBundle = {
    ...good,
    annotations: {
      ...good.annotations,
      'dev.sigstore.cosign/bundle': other.annotations['dev.sigstore.cosign/bundle']!,
    },
  };
  const noCert = { ...good, annotations: { ...good.annotations, 'dev.sigstore.cosign/certificate': 'garbage' } };
  await pushLegacy(client, repo, img.digest, 'sig', [swappedPayload, swappedBundle, noCert]);
  const r = await discoverEvidence(client, at(repo, img));
  const [p, b, c] = r.evidence;
  assert.equal(statuses(p!.checks)['rekor-body-hash'], 'fail');
  assert.match(p!.checks.find((x) => x.name === 'rekor-body-hash')!.reason, /matching bundle to payload/);
  assert.equal(statuses(b!.checks)['rekor-signature'], 'fail');
  assert.equal(statuses(b!.checks)['rekor-public-key'], 'fail');
  assert.equal(statuses(c!.checks)['legacy-layer'], 'fail');
  assert.equal(c!.bundle, undefined);
});

test('a broken bundle referrer does not hide the legacy .sig', async () => {
  const repo = parseRepositoryName(`${host}/d/broken-referrer`);
  const img = await pushImage(client, repo, 'broken-referrer');
  await pushBundleReferrer(client, repo, img, {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    nonsense: true,
  });
  await pushLegacy(client, repo, img.digest, 'sig', [
    await legacySignatureLayer(ts, `${host}/d/broken-referrer`, img.digest),
  ]);
  const r = await discoverEvidence(client, at(repo, img));
  assert.deepEqual(
    r.evidence.map((e) => [e.origin, Boolean(e.bundle)]),
    [
      ['referrers-api', false],
      ['legacy-sig', true],
    ],
  );
  assert.match(r.evidence[0]!.checks[0]!.reason, /exactly one of dsseEnvelope and messageSignature/);
});

test('simple-signing claim for another digest does not bind', async () => {
  const repo = parseRepositoryName(`${host}/d/claim`);
  const img = await pushImage(client, repo, 'claim');
  const otherImg = await pushImage(client, repo, 'claim-other');
  const sig = await legacySignatureLayer(ts, `${host}/d/claim`, otherImg.digest);
  await pushLegacy(client, repo, img.digest, 'sig', [sig]);
  const [e] = (await discoverEvidence(client, at(repo, img))).evidence;
  const binding = checkImageBinding(e!, img.digest);
  assert.equal(binding.status, 'fail');
  assert.match(binding.reason, new RegExp(`invalid or missing digest in claim: ${otherImg.digest}`));
});

test('signature repository (source.oci), tagPrefix and signatureFormat are honoured', async () => {
  const repo = parseRepositoryName(`${host}/d/app`);
  const sigRepo = parseRepositoryName(`${host}/d/signatures`);
  const img = await pushImage(client, repo, 'elsewhere');
  const sig = await legacySignatureLayer(ts, `${host}/d/app`, img.digest);
  await pushLegacy(client, sigRepo, img.digest, 'sig', [sig], 'pfx-');
  assert.equal((await discoverEvidence(client, at(repo, img))).evidence.length, 0);
  const found = await discoverEvidence(client, at(repo, img), {
    signatureRepository: `${host}/d/signatures`,
    tagPrefix: 'pfx-',
  });
  assert.equal(found.evidence.length, 1);
  assert.match(found.evidence[0]!.id, /d\/signatures:pfx-sha256-.*\.sig layer 0/);
  const bundleOnly = await discoverEvidence(client, at(repo, img), {
    signatureRepository: sigRepo,
    tagPrefix: 'pfx-',
    signatureFormat: 'bundle',
  });
  assert.equal(bundleOnly.evidence.length, 0);
  await assert.rejects(discoverEvidence(client, { ...repo, tag: 'v1' }), /has no digest/);
});

test('OCI layout directories: ref-name tags, referrers by subject, cosign save kinds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-layout-'));
  try {
    const w = new LayoutWriter(dir);
    const repo = parseRepositoryName('example.com/app');
    const img = await pushImage(w, repo, 'layout', 'v1');
    const sig = await bundleSignature(ts, img.digest);
    await pushBundleReferrer(w, repo, img, sig.bundle);
    const att = await legacyAttestationLayer(ts, 'example.com/app', img.digest, SLSA_PROVENANCE, {});
    await pushLegacy(w, repo, img.digest, 'att', [att]);
    const layout = await openOciLayoutDir(dir);
    const resolved = await resolveImage(layout, { ...repo, tag: 'v1' });
    assert.equal(resolved.digest, img.digest);
    assert.equal(resolved.kind, 'manifest');
    const r = await discoverEvidence(layout, resolved.reference);
    assert.deepEqual(r.evidence.map((e) => [e.origin, e.kind]).sort(), [
      ['legacy-att', 'attestation'],
      ['referrers-api', 'signature'],
    ]);
    assert.deepEqual(bundleEvidence(sig.bundle, 'file').kind, 'signature');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a layout without an oci-layout marker is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-layout-'));
  try {
    await assert.rejects(openOciLayoutDir(dir), /not an OCI image layout/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
