// Rekor mode against a Rekor v1-compatible server on 127.0.0.1 serving entries the test Sigstore's log made
// (test-vectors/src/log/rekor-api.ts): entries are found by the image digest and by e-mail, verified (SET,
// inclusion proof, signature, certificate) before they count; tampered entries and dsse entries are not counted.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseImageReference } from '@sigguard/oci';
import {
  canonicalJSON,
  rekorApiEntry,
  sharedTestSigstore,
  type RekorApiEntry,
  type TestSigstore,
} from '@sigguard/test-vectors';
import { parseTrustedRoot, type TrustRoot } from '@sigguard/trust-root';
import {
  LayoutWriter,
  pushImage,
  type Pushed,
  startRekorServer,
  type RekorServer,
  CI,
  keylessPolicy,
} from '@sigguard/test-vectors/support';
import { auditSigners, type AuditOptions } from './index.ts';

const REPO = 'registry.sigguard.test/acme/app';
const policy = keylessPolicy('ci-signed', 'registry.sigguard.test/**', [CI.subject]);

let ts: TestSigstore;
let root: TrustRoot;
let dir: string;
let image: Pushed;
let server: RekorServer;
let served: RekorApiEntry[];

async function entry(subject: string, artifact: Uint8Array): Promise<RekorApiEntry> {
  const signed = await ts.signKeyless({ subject, issuer: CI.issuer, artifact });
  return rekorApiEntry(signed.tlogEntry!, ts.rekor.treeId, [subject]);
}

/** An attacker's edit: the body now claims the image digest; the UUID is recomputed to match it. */
function reclaim(e: RekorApiEntry, digestHex: string): RekorApiEntry {
  const body = JSON.parse(Buffer.from(e.entry.body, 'base64').toString('utf8'));
  body.spec.data.hash.value = digestHex;
  const bytes = Buffer.from(canonicalJSON(body));
  const leaf = createHash('sha256')
    .update(Buffer.concat([Buffer.from([0]), bytes]))
    .digest('hex');
  return {
    uuid: e.uuid.slice(0, 16) + leaf,
    entry: { ...e.entry, body: bytes.toString('base64') },
    keys: [`sha256:${digestHex}`],
  };
}

before(async () => {
  ts = await sharedTestSigstore();
  root = parseTrustedRoot(ts.trustedRoot(), { name: 'test' });
  dir = mkdtempSync(join(tmpdir(), 'sigguard-audit-rekor-'));
  const w = new LayoutWriter(dir);
  image = await pushImage(w, parseImageReference(REPO), 'rekor');
  const other = await pushImage(w, parseImageReference(REPO), 'rekor-other');
  const hex = image.digest.slice('sha256:'.length);

  const ci = await entry('ci@example.com', image.bytes);
  const mallory = await entry('mallory@evil.example', image.bytes);
  // Tampered: eve's entry with another integrated time (the SET no longer verifies).
  const eve = await entry('eve@evil.example', image.bytes);
  eve.entry = { ...eve.entry, integratedTime: eve.entry.integratedTime - 86_400 };
  // Tampered: trent signed another artifact; the served body claims this image (inclusion proof and signature fail).
  const trent = reclaim(await entry('trent@evil.example', other.bytes), hex);
  // A dsse entry: the log holds hashes of the envelope only.
  const dsse = await ts.signKeyless({
    subject: 'att@evil.example',
    issuer: CI.issuer,
    dsseStatement: {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { sha256: hex } }],
      predicateType: 'https://example.com/p',
      predicate: {},
    },
  });
  const dsseEntry = { ...rekorApiEntry(dsse.tlogEntry!, ts.rekor.treeId), keys: [image.digest] };
  // Found by e-mail only: mallory also signed another artifact.
  const elsewhere = await entry('mallory@evil.example', other.bytes);
  served = [ci, mallory, eve, trent, dsseEntry, elsewhere];
  server = await startRekorServer(served);
});
after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const options = (extra: Partial<AuditOptions['sources']> = {}): AuditOptions => ({
  policies: policy,
  defaultTrustRoot: root,
  sources: { images: [`${REPO}@${image.digest}`], rekor: { url: server.url }, ...extra },
});

test('Rekor: the planted signer is found by the image digest; tampered and dsse entries are not counted', async () => {
  const report = await auditSigners(options());
  assert.deepEqual(report.errors, []);
  assert.deepEqual(
    report.signers.map((s) => [s.subject, s.authorized]),
    [
      ['mallory@evil.example', false],
      ['ci@example.com', true],
    ],
  );
  for (const s of report.signers) {
    assert.match(s.signatures[0]!.evidence, new RegExp(`^rekor ${server.url} entry [0-9a-f]{80}$`));
    assert.match(s.signatures[0]!.time!, /^\d{4}-/);
  }
  assert.deepEqual(
    report.findings.map((f) => f.images),
    [[`${REPO}@${image.digest}`]],
  );
  const reasons = report.unverified.map((u) => u.reason).join('\n');
  assert.equal(report.unverified.length, 3, reasons);
  assert.match(reasons, /signed entry timestamp|SET|inclusion promise/i);
  assert.match(
    reasons,
    /records hashes only.*certificate names att@evil\.example \(issuer https:\/\/issuer\.example\.com\), unverified/,
  );
  assert.ok(!report.signers.some((s) => /eve|trent|att@/.test(s.subject ?? '')));
  assert.ok(server.requests.includes('POST /api/v1/index/retrieve'));
  assert.ok(server.requests.includes('POST /api/v1/log/entries/retrieve'));
});

test('Rekor: an identity search (e-mail or SAN) adds entries for the audited images and notes the others', async () => {
  for (const rekor of [
    { url: server.url, emails: ['mallory@evil.example'] },
    { url: server.url, subjects: ['mallory@evil.example'] },
  ]) {
    const report = await auditSigners(options({ rekor }));
    assert.deepEqual(report.errors, []);
    assert.equal(report.findings.length, 1);
    assert.match(report.notes.join('\n'), /1 Rekor entry found by identity signs none of the audited images/);
  }
});

test('Rekor: an entry a batch leaves out is read alone (GET /api/v1/log/entries/{uuid})', async () => {
  const omitting = await startRekorServer(served, { retrieveOmits: (e) => e === served[0] });
  try {
    const report = await auditSigners({
      ...options(),
      sources: { images: [`${REPO}@${image.digest}`], rekor: { url: omitting.url } },
    });
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.signers.map((s) => [s.subject, s.authorized]),
      [
        ['mallory@evil.example', false],
        ['ci@example.com', true],
      ],
    );
    assert.ok(omitting.requests.includes(`GET /api/v1/log/entries/${served[0]!.uuid}`));
  } finally {
    await omitting.close();
  }
});

test('Rekor: an unreachable log or a response over the byte budget is an error, not an empty audit', async () => {
  const down = await auditSigners({
    ...options(),
    sources: { images: [`${REPO}@${image.digest}`], rekor: { url: 'http://127.0.0.1:9' } },
  });
  assert.equal(down.errors.length > 0, true);
  assert.equal(down.errors[0]!.code, 'NETWORK');
  const small = await auditSigners({ ...options(), limits: { maxRekorResponseBytes: 100 } });
  assert.match(small.errors.map((e) => e.reason).join('\n'), /100-byte limit/);
  const late = await auditSigners({ ...options(), limits: { timeoutMs: 0 } });
  assert.deepEqual(
    late.errors.map((e) => e.code),
    ['TIMEOUT'],
  );
  assert.equal(late.signers.length, 0);
  const few = await auditSigners({ ...options(), limits: { maxRekorEntries: 2 } });
  assert.match(few.errors.map((e) => e.reason).join('\n'), /over the limit of 2/);
});
