// auditSigners() on real evidence of the private test Sigstore (test-vectors/): cosign legacy signatures in an
// OCI layout and v0.3 bundles given as files, signed by an authorized CI identity, a key, and a planted
// signer with a certificate from the same CA that no policy expects. The planted signer must be the one
// finding; a policy identity that signed nothing is stale; --since and evidence for other images.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseImageReference } from '@sigguard/oci';
import { openOciLayoutDir } from '@sigguard/oci/node';
import { generateKeyPair, sharedTestSigstore, type KeyPair, type TestSigstore } from '@sigguard/test-vectors';
import { parseTrustedRoot, type TrustRoot } from '@sigguard/trust-root';
import {
  LayoutWriter,
  pushImage,
  pushLegacy,
  type Pushed,
  bundleSignature,
  legacySignatureLayer,
  CI,
  keylessPolicy,
  keyPolicy,
  MALLORY,
} from '@sigguard/test-vectors/support';
import { auditSigners, renderAuditReport, type AuditOptions } from './index.ts';

const REPO = 'registry.sigguard.test/acme/app';

let ts: TestSigstore;
let root: TrustRoot;
let releaseKey: KeyPair;
let dir: string;
before(async () => {
  ts = await sharedTestSigstore();
  root = parseTrustedRoot(ts.trustedRoot(), { name: 'test' });
  releaseKey = await generateKeyPair('ecdsa-p256');
  dir = mkdtempSync(join(tmpdir(), 'sigguard-audit-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const GLOB = `${REPO.split('/')[0]}/**`;
const policies = () =>
  [
    keylessPolicy('ci-signed', GLOB, [CI.subject, 'release@example.com']),
    keyPolicy('release-key', GLOB, releaseKey.publicKeyPEM),
  ].join('---\n');

const options = (sources: AuditOptions['sources'], extra: Partial<AuditOptions> = {}): AuditOptions => ({
  policies: policies(),
  defaultTrustRoot: root,
  sources,
  ...extra,
});

async function layoutWithSigners(name: string): Promise<{ dir: string; image: Pushed }> {
  const d = join(dir, name);
  const w = new LayoutWriter(d);
  const repo = parseImageReference(REPO);
  const image = await pushImage(w, repo, name, `${REPO}:v1`);
  await pushLegacy(w, repo, image.digest, 'sig', [
    await legacySignatureLayer(ts, REPO, image.digest, { signer: CI }),
    await legacySignatureLayer(ts, REPO, image.digest, { signer: MALLORY }),
  ]);
  return { dir: d, image };
}

test('layout: the planted signer is the one finding, CI is admitted, unused identity and key are stale', async () => {
  const { dir: d, image } = await layoutWithSigners('layout');
  const progress: string[] = [];
  const report = await auditSigners(
    options(
      { layouts: [await openOciLayoutDir(d)] },
      { onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`) },
    ),
  );
  assert.deepEqual(progress, ['verifying 0/1', 'verifying 1/1']);
  assert.deepEqual(report.errors, []);
  assert.equal(report.summary.images, 1);
  assert.equal(report.images[0]!.reference, `${REPO}@${image.digest}`);
  assert.deepEqual(report.images[0]!.tags, ['v1']);
  assert.equal(report.signers.length, 2);
  const [bad, good] = report.signers;
  assert.equal(bad!.authorized, false);
  assert.equal(bad!.subject, MALLORY.subject);
  assert.equal(bad!.issuer, MALLORY.issuer);
  assert.deepEqual(bad!.trustRoots, ['test']);
  assert.deepEqual(bad!.signatures[0]!.admittedBy, []);
  assert.match(bad!.signatures[0]!.time ?? '', /^\d{4}-\d\d-\d\dT/);
  assert.equal(good!.authorized, true);
  assert.equal(good!.subject, CI.subject);
  assert.deepEqual(good!.signatures[0]!.admittedBy, [{ policy: 'ci-signed', authority: 'ci' }]);
  assert.deepEqual(
    report.findings.map((f) => [f.signer, f.images]),
    [[bad!.id, [`${REPO}@${image.digest}`]]],
  );
  assert.deepEqual(
    report.stale.map((s) => [s.policy, s.identity?.subject ?? s.keyFingerprint?.slice(0, 7), s.images]),
    [
      ['ci-signed', 'release@example.com', 1],
      ['release-key', 'sha256:', 1],
    ],
  );
  const text = renderAuditReport(report);
  assert.match(text, /^UNAUTHORIZED\s+mallory@evil\.example\s+issuer=https:\/\/issuer\.example\.com/m);
  assert.match(text, /^ok\s+ci@example\.com\s.*ci-signed\/ci$/m);
  assert.match(text, /stale: 2 policy identities admitted no signature/);
  assert.match(text, /1 finding\(s\)/);
});

test('bundles: matched by image digest; a key signer admitted by its policy; a bundle for another image', async () => {
  const repo = parseImageReference(REPO);
  const w = new LayoutWriter(join(dir, 'bundles'));
  const image = await pushImage(w, repo, 'bundles');
  const other = await pushImage(w, repo, 'other');
  const keyed = await ts.signWithKey({ artifact: image.bytes, key: releaseKey });
  const bundles = [
    { name: 'ci.json', bundle: (await bundleSignature(ts, image.digest, CI)).bundle },
    { name: 'mallory.json', bundle: (await bundleSignature(ts, image.digest, MALLORY)).bundle },
    { name: 'release.json', bundle: keyed.bundle },
    { name: 'other-image.json', bundle: (await bundleSignature(ts, other.digest, MALLORY)).bundle },
  ];
  const report = await auditSigners(options({ images: [`${REPO}@${image.digest}`], bundles }));
  assert.deepEqual(report.errors, []);
  const byKind = Object.fromEntries(report.signers.map((s) => [s.subject ?? s.kind, s]));
  assert.equal(byKind[MALLORY.subject]!.authorized, false);
  assert.equal(byKind[CI.subject]!.authorized, true);
  const key = byKind.key!;
  assert.equal(key.authorized, true);
  assert.match(key.keyFingerprint!, /^sha256:[0-9a-f]{64}$/);
  assert.deepEqual(key.signatures[0]!.admittedBy, [{ policy: 'release-key', authority: 'release' }]);
  assert.deepEqual(
    report.findings.map((f) => f.signer),
    [byKind[MALLORY.subject]!.id],
  );
  assert.deepEqual(
    report.unverified.map((u) => u.evidence),
    ['other-image.json'],
  );
  assert.match(report.unverified[0]!.reason, /none of the audited images/);
  // The key admitted something now: only the unused identity is stale.
  assert.deepEqual(
    report.stale.map((s) => s.identity?.subject),
    ['release@example.com'],
  );
});

test('a key no policy knows, or a certificate from a CA the root does not list, is not a signer', async () => {
  const w = new LayoutWriter(join(dir, 'unknown'));
  const image = await pushImage(w, parseImageReference(REPO), 'unknown');
  const stranger = await ts.signWithKey({ artifact: image.bytes });
  const otherCa = await ts.signKeyless({ ...MALLORY, artifact: image.bytes, ca: await ts.createOtherCA() });
  const bundles = [
    { name: 'stranger.json', bundle: stranger.bundle },
    { name: 'other-ca.json', bundle: otherCa.bundle },
  ];
  const report = await auditSigners(options({ images: [`${REPO}@${image.digest}`], bundles }));
  assert.equal(report.signers.length, 0);
  assert.equal(report.findings.length, 0);
  assert.deepEqual(report.unverified.map((u) => u.evidence).sort(), ['other-ca.json', 'stranger.json']);
  assert.match(report.unverified.find((u) => u.evidence === 'other-ca.json')!.reason, /certificate|chain/i);
});

test('--since drops older signatures; the identities they came from are still not stale', async () => {
  const { dir: d } = await layoutWithSigners('since');
  const layout = await openOciLayoutDir(d);
  const later = await auditSigners(options({ layouts: [layout] }, { since: new Date(Date.now() + 3_600_000) }));
  assert.equal(later.summary.signatures, 0);
  assert.equal(later.findings.length, 0);
  assert.equal(later.since !== undefined, true);
  assert.deepEqual(
    later.stale.map((s) => s.identity?.subject ?? 'key'),
    ['release@example.com', 'key'],
  );
  const earlier = await auditSigners(options({ layouts: [layout] }, { since: new Date(Date.now() - 3_600_000) }));
  assert.equal(earlier.findings.length, 1);
});

test('the audit budget: past limits.timeoutMs the rest is a TIMEOUT error, not a shorter clean report', async () => {
  const { dir: d } = await layoutWithSigners('budget');
  const report = await auditSigners(options({ layouts: [await openOciLayoutDir(d)] }, { limits: { timeoutMs: 0 } }));
  assert.equal(report.summary.images, 0);
  assert.deepEqual(
    report.errors.map((e) => e.code),
    ['TIMEOUT'],
  );
  assert.match(report.errors[0]!.reason, /budget ran out while listing images/);
});

test('usage: bundles without images, no source at all, an invalid since', async () => {
  await assert.rejects(auditSigners(options({ bundles: [{ name: 'x', bundle: {} }] })), /sources\.images/);
  await assert.rejects(auditSigners(options({})), /give repositories, images, layouts, bundles or a Rekor log/);
  const images = [`${REPO}@sha256:${'a'.repeat(64)}`];
  await assert.rejects(auditSigners(options({ images }, { limits: { maxImages: -1 } })), /limits\.maxImages must be/);
  await assert.rejects(
    auditSigners(options({ images: ['a/b@sha256:' + 'a'.repeat(64)] }, { since: new Date('x') })),
    /since/,
  );
});
