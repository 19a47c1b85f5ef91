import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot, publicGoodTrustRoot } from '@sigguard/trust-root';
import { verifyBundle, verifyBundleSync, publicKeyFromPem, CHECK_NAMES, type BundleVerification } from './index.ts';
import { ARTIFACT_SHA256, BEACON, GHA, artifact, beacon, read, readJson } from './testdata/load.ts';

const trustRoot = publicGoodTrustRoot();
const digest = { algorithm: 'sha256' as const, hex: ARTIFACT_SHA256 };

function failedWith(r: BundleVerification, code: string, check: string, reason?: RegExp): void {
  assert.equal(r.ok, false, 'must not verify');
  assert.equal(r.error?.code, code, `expected ${code}, got ${r.error?.code}: ${r.error?.message}`);
  assert.equal(r.error?.check, check);
  const failed = r.checks.filter((c) => c.status === 'fail');
  assert.deepEqual(
    failed.map((c) => c.name),
    [check],
    'exactly the failing check is marked fail',
  );
  if (reason) assert.match(failed[0]!.reason, reason);
  assert.deepEqual(new Set(r.checks.map((c) => c.name)), new Set(CHECK_NAMES), 'every check is reported');
}

function passed(r: BundleVerification): void {
  assert.equal(r.ok, true, `expected ok, got ${r.error?.code}: ${r.error?.message}`);
  assert.equal(r.error, undefined);
  assert.ok(r.checks.every((c) => c.status === 'pass' || c.status === 'skip'));
}

test('keyless message signature (v0.1, v0.3) verifies with artifact bytes and with its sha256 digest', async () => {
  for (const name of ['happy-path-v0.1', 'happy-path-v0.3']) {
    const bundle = read(`${name}.sigstore.json`);
    for (const input of [{ artifact }, { artifactDigest: digest }]) {
      const r = await verifyBundle(bundle, { ...input, trustRoot, identities: beacon() });
      passed(r);
      assert.equal(r.signer?.kind, 'certificate');
      assert.equal(r.signer?.subject, BEACON);
      assert.equal(r.signer?.issuer, GHA);
      assert.deepEqual(
        r.checks.map((c) => [c.name, c.status]),
        CHECK_NAMES.map((n) => [n, 'pass']),
      );
    }
  }
});

test('Rekor v2 entry with RFC3161 timestamp verifies against its (staging) trusted root', () => {
  const root = parseTrustedRoot(read('rekor2-staging.trusted_root.json'));
  const r = verifyBundleSync(read('rekor2-happy-path.sigstore.json'), {
    artifact,
    trustRoot: root,
    identities: beacon(),
  });
  passed(r);
  // ...and not against public-good: the staging CA is not trusted there.
  const bad = verifyBundleSync(read('rekor2-happy-path.sigstore.json'), { artifact, trustRoot, identities: beacon() });
  assert.equal(bad.ok, false);
});

test('wrong identity or wrong issuer fails the identity check', () => {
  const bundle = read('happy-path-v0.3.sigstore.json');
  const subject = compileIdentities([
    { issuer: GHA, subject: 'https://github.com/someone/else/.github/workflows/x.yml@refs/heads/main' },
  ]);
  failedWith(
    verifyBundleSync(bundle, { artifact, trustRoot, identities: subject }),
    'IDENTITY',
    'identity',
    /no identity matched/,
  );
  const issuer = compileIdentities([{ issuer: 'https://accounts.google.com', subject: BEACON }]);
  const r = verifyBundleSync(bundle, { artifact, trustRoot, identities: issuer });
  failedWith(r, 'IDENTITY', 'identity');
  assert.equal(r.signer?.issuer, GHA, 'the failed result still says who signed');
});

test('wrong artifact (bytes or digest) fails the artifact check', () => {
  const bundle = read('happy-path-v0.3.sigstore.json');
  const other = new TextEncoder().encode('not the signed artifact\n');
  failedWith(
    verifyBundleSync(bundle, { artifact: other, trustRoot, identities: beacon() }),
    'ARTIFACT_DIGEST',
    'artifact',
    /does not match/,
  );
  failedWith(
    verifyBundleSync(bundle, {
      artifactDigest: { algorithm: 'sha256', hex: 'ab'.repeat(32) },
      trustRoot,
      identities: beacon(),
    }),
    'ARTIFACT_DIGEST',
    'artifact',
  );
});

test('DSSE: artifact must match an in-toto subject (the negative case conformance lacks)', () => {
  const bundle = read('happy-path-intoto-in-dsse-v3.sigstore.json');
  const ok = verifyBundleSync(bundle, { artifactDigest: digest, trustRoot, identities: beacon() });
  passed(ok);
  assert.equal(ok.statement?.subject?.[0]?.digest?.sha256, ARTIFACT_SHA256);
  passed(verifyBundleSync(bundle, { artifact, trustRoot, identities: beacon() }));
  const wrong = verifyBundleSync(bundle, {
    artifactDigest: { algorithm: 'sha256', hex: '00'.repeat(32) },
    trustRoot,
    identities: beacon(),
  });
  failedWith(wrong, 'ARTIFACT_DIGEST', 'artifact', /no in-toto subject has sha256 0{64}/);
  assert.equal(wrong.statement, undefined, 'an unverified statement is never returned');
  failedWith(
    verifyBundleSync(bundle, { artifact: new Uint8Array([1, 2, 3]), trustRoot, identities: beacon() }),
    'ARTIFACT_DIGEST',
    'artifact',
  );
});

test('tampered signature: the transparency log entry no longer matches', () => {
  const doc = readJson('happy-path-v0.3.sigstore.json');
  const sig = Buffer.from(doc.messageSignature.signature, 'base64');
  sig[sig.length - 3]! ^= 0x01;
  doc.messageSignature.signature = sig.toString('base64');
  failedWith(
    verifyBundleSync(doc, { artifact, trustRoot, identities: beacon() }),
    'TLOG',
    'transparency-log',
    /signature mismatch/,
  );
});

test('without a tlog entry (threshold 0) the certificate is judged at `now`, and a bad signature fails SIGNATURE', () => {
  const doc = readJson('happy-path-v0.3.sigstore.json');
  doc.verificationMaterial.tlogEntries = [];
  const opts = { artifact, trustRoot, identities: beacon(), tlogThreshold: 0, timestampThreshold: 0 };
  // The Fulcio certificate lived 10 minutes on 2024-03-19.
  const inside = new Date('2024-03-19T17:30:00Z');
  const r = verifyBundleSync(doc, { ...opts, now: inside });
  passed(r);
  assert.deepEqual(r.signingTimes, [inside]);
  failedWith(
    verifyBundleSync(doc, { ...opts, now: new Date('2025-01-01T00:00:00Z') }),
    'CERTIFICATE_CHAIN',
    'signing-key',
    /expired/,
  );
  const sig = Buffer.from(doc.messageSignature.signature, 'base64');
  sig[sig.length - 3]! ^= 0x01;
  doc.messageSignature.signature = sig.toString('base64');
  failedWith(verifyBundleSync(doc, { ...opts, now: inside }), 'SIGNATURE', 'signature');
  failedWith(
    verifyBundleSync(doc, { ...opts, artifact: undefined, artifactDigest: digest, now: inside }),
    'SIGNATURE',
    'signature',
  );
  // Default thresholds: a bundle without a log entry fails the log check (below).
  failedWith(verifyBundleSync(doc, { artifact, trustRoot, identities: beacon() }), 'TLOG', 'transparency-log');
});

test('a log entry is required (tlogThreshold 1) and missing: transparency-log fails, not timestamps', () => {
  const doc = readJson('happy-path-v0.3.sigstore.json');
  doc.verificationMaterial.tlogEntries = [];
  const r = verifyBundleSync(doc, { artifact, trustRoot, identities: beacon() });
  const reason = /^the bundle has no transparency log entries; 1 required \(tlogThreshold 1\)$/;
  failedWith(r, 'TLOG', 'transparency-log', reason);
  assert.deepEqual(
    r.checks.map((c) => [c.name, c.status]),
    [
      ['bundle', 'pass'],
      ['trust-root', 'pass'],
      ['artifact', 'pass'],
      ['transparency-log', 'fail'],
      ['timestamps', 'skip'],
      ['signing-key', 'skip'],
      ['sct', 'skip'],
      ['signature', 'skip'],
      ['identity', 'skip'],
    ],
  );
  assert.equal(r.checks.find((c) => c.name === 'timestamps')?.reason, 'not evaluated: transparency-log check failed');
  // With the log not required, the missing time is the timestamps check's failure.
  const withoutLog = verifyBundleSync(doc, { artifact, trustRoot, identities: beacon(), tlogThreshold: 0 });
  failedWith(withoutLog, 'TIMESTAMP', 'timestamps', /expected 1 timestamps, got 0/);
});

test('a key bundle checked with another key never claims the trusted key signed it', () => {
  const bundle = read('managed-key-happy-path.sigstore.json');
  const key = publicKeyFromPem(new TextDecoder().decode(read('managed-key.pub')));
  const otherPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' });
  const other = publicKeyFromPem(otherPem.toString());
  const bad = verifyBundleSync(bundle, { artifact, trustRoot, keys: [other] });
  failedWith(bad, 'SIGNATURE', 'signature', /the trusted public key \(signed by another key, or the content changed/);
  assert.deepEqual(
    bad.checks.map((c) => [c.name, c.status]),
    [
      ...['bundle', 'trust-root', 'artifact', 'timestamps', 'transparency-log'].map((n) => [n, 'pass']),
      ['signature', 'fail'],
      ['signing-key', 'skip'],
      ['sct', 'skip'],
      ['identity', 'skip'],
    ],
  );
  assert.equal(bad.checks.find((c) => c.name === 'signing-key')?.reason, 'not evaluated: signature check failed');
  const good = verifyBundleSync(bundle, { artifact, trustRoot, keys: [key] });
  passed(good);
  assert.deepEqual(
    good.checks.map((c) => [c.name, c.status]),
    [
      ...['bundle', 'trust-root', 'artifact', 'timestamps', 'transparency-log'].map((n) => [n, 'pass']),
      ['signing-key', 'pass'],
      ['sct', 'skip'],
      ['signature', 'pass'],
      ['identity', 'skip'],
    ],
  );
  assert.match(good.checks.find((c) => c.name === 'signing-key')!.reason, /signature verifies with it/);
});

test('public-key bundle verifies with its key (bytes and digest) and fails with another key', () => {
  const bundle = read('managed-key-happy-path.sigstore.json');
  const key = publicKeyFromPem(new TextDecoder().decode(read('managed-key.pub')));
  for (const input of [{ artifact }, { artifactDigest: digest }]) {
    const r = verifyBundleSync(bundle, { ...input, trustRoot, keys: [key] });
    passed(r);
    assert.deepEqual(r.signer, { kind: 'public-key', keyIndex: 0 });
    assert.equal(r.checks.find((c) => c.name === 'identity')?.status, 'skip');
  }
  const other = publicKeyFromPem(
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  );
  const bad = verifyBundleSync(bundle, { artifact, trustRoot, keys: [other] });
  assert.equal(bad.ok, false);
  assert.ok(['SIGNATURE', 'TLOG'].includes(bad.error!.code), bad.error?.message);
  // Any of several keys may have signed.
  const r = verifyBundleSync(bundle, { artifact, trustRoot, keys: [other, key] });
  passed(r);
  assert.equal(r.signer?.keyIndex, 1);
});

test('key-signed bundle with only an identity, and certificate bundle with only keys, both fail', () => {
  failedWith(
    verifyBundleSync(read('managed-key-happy-path.sigstore.json'), { artifact, trustRoot, identities: beacon() }),
    'PUBLIC_KEY',
    'signing-key',
    /certificate identity was required/,
  );
  const key = publicKeyFromPem(new TextDecoder().decode(read('managed-key.pub')));
  failedWith(
    verifyBundleSync(read('happy-path-v0.3.sigstore.json'), { artifact, trustRoot, keys: [key] }),
    'IDENTITY',
    'signing-key',
  );
});

test('trust windows are judged at signing time: CA and log ends are inclusive, outside is refused', () => {
  const bundle = read('happy-path-v0.3.sigstore.json');
  const integratedTime = Number(
    readJson('happy-path-v0.3.sigstore.json').verificationMaterial.tlogEntries[0].integratedTime,
  );
  const exact = new Date(integratedTime * 1000).toISOString();
  const edited = (edit: (doc: any) => void) => {
    const doc = structuredClone(trustRoot.json) as any;
    edit(doc);
    return parseTrustedRoot(doc);
  };
  const rekorEnd = (end: string) =>
    edited((d) => (d.tlogs.find((t: any) => t.baseUrl === 'https://rekor.sigstore.dev').publicKey.validFor.end = end));
  passed(verifyBundleSync(bundle, { artifact, trustRoot: rekorEnd(exact), identities: beacon() }));
  const before = new Date(Date.parse(exact) - 1000).toISOString();
  failedWith(
    verifyBundleSync(bundle, { artifact, trustRoot: rekorEnd(before), identities: beacon() }),
    'TLOG',
    'transparency-log',
  );
  // Fulcio intermediate window ending before signing: no CA is valid at signing time.
  const caEnd = edited((d) =>
    d.certificateAuthorities.forEach((ca: any) => (ca.validFor.end = '2024-01-01T00:00:00Z')),
  );
  failedWith(
    verifyBundleSync(bundle, { artifact, trustRoot: caEnd, identities: beacon() }),
    'CERTIFICATE_CHAIN',
    'signing-key',
  );
});

test('SCTs must come from a trusted CT log', () => {
  const noCt = parseTrustedRoot({ ...(structuredClone(trustRoot.json) as any), ctlogs: [] });
  failedWith(
    verifyBundleSync(read('happy-path-v0.3.sigstore.json'), { artifact, trustRoot: noCt, identities: beacon() }),
    'SCT',
    'sct',
  );
});
