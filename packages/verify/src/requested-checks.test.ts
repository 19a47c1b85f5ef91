// The checks a ClusterImagePolicy adds on top of Sigstore's, and the signer id, on the project's
// own vectors (written by the test CA, log and TSA).
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { loadVectors } from '@sigguard/test-vectors';
import { publicKeyFromPem, verifyBundleSync, type Check, type VerifyBundleOptions } from './index.ts';

const vectors = loadVectors();
const vector = (name: string) => vectors.find((v) => v.name === name)!;

function options(name: string, extra: Partial<VerifyBundleOptions> = {}): VerifyBundleOptions {
  const v = vector(name);
  const signer = v.keyPEM ? { keys: [publicKeyFromPem(v.keyPEM)] } : { identities: compileIdentities([v.identity!]) };
  return {
    artifact: v.artifactBytes,
    trustRoot: parseTrustedRoot(v.trustedRootJSON as object),
    now: v.verifyAtDate,
    ...signer,
    ...extra,
  };
}
const last = (r: { checks: Check[] }): Check => r.checks.at(-1)!;
const bundle = (name: string) => vector(name).bundleJSON as Record<string, unknown>;

test('rfc3161TimestampRequired: a bundle with an RFC 3161 timestamp passes, one without fails TIMESTAMP', () => {
  const withToken = verifyBundleSync(
    bundle('keyless-rekor-v2-tsa'),
    options('keyless-rekor-v2-tsa', { rfc3161TimestampRequired: true }),
  );
  assert.equal(withToken.ok, true);
  assert.deepEqual(last(withToken), {
    name: 'rfc3161-timestamp',
    status: 'pass',
    reason: '1 RFC 3161 timestamp(s) present (rfc3161timestamp.trustRootRef)',
  });
  const without = verifyBundleSync(
    bundle('keyless-v0.3-message'),
    options('keyless-v0.3-message', { rfc3161TimestampRequired: true }),
  );
  assert.equal(without.ok, false);
  assert.equal(last(without).name, 'rfc3161-timestamp');
  assert.equal(last(without).code, 'TIMESTAMP');
  assert.equal(without.error?.code, 'TIMESTAMP');
  assert.ok(
    without.checks.slice(0, -1).every((c) => c.status !== 'fail'),
    'Sigstore itself passed the bundle',
  );
  // Not asked: no such check.
  const plain = verifyBundleSync(bundle('keyless-v0.3-message'), options('keyless-v0.3-message'));
  assert.equal(plain.ok, true);
  assert.ok(!plain.checks.some((c) => c.name === 'rfc3161-timestamp'));
});

test('tlogPublicKeys: the key the log recorded must be the key that verified (unless the log is not consulted)', () => {
  const v = vector('key-v0.3-message');
  const spki = publicKeyFromPem(v.keyPEM!).spki;
  const other = publicKeyFromPem(
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  ).spki;
  const same = verifyBundleSync(bundle(v.name), options(v.name, { tlogPublicKeys: [other, spki] }));
  assert.equal(same.ok, true);
  assert.equal(last(same).name, 'rekor-public-key');
  assert.equal(last(same).status, 'pass');
  const differs = verifyBundleSync(bundle(v.name), options(v.name, { tlogPublicKeys: [other] }));
  assert.equal(differs.ok, false);
  assert.deepEqual([last(differs).name, last(differs).code, differs.error?.code], ['rekor-public-key', 'TLOG', 'TLOG']);
  const noLog = verifyBundleSync(bundle(v.name), options(v.name, { tlogPublicKeys: [other], tlogThreshold: 0 }));
  assert.ok(!noLog.checks.some((c) => c.name === 'rekor-public-key'));
});

test('signerId: the key that verified, or the certificate issuer and sorted SANs', () => {
  const v = vector('key-v0.3-message');
  const byKey = verifyBundleSync(bundle(v.name), options(v.name));
  assert.equal(byKey.signerId, `key:${Buffer.from(publicKeyFromPem(v.keyPEM!).spki).toString('hex')}`);
  const cert = verifyBundleSync(bundle('keyless-v0.3-message'), options('keyless-v0.3-message'));
  const c = cert.signer!.certificate!;
  assert.equal(
    cert.signerId,
    `certificate:${JSON.stringify([c.issuer ?? '', ...c.sans.map((s) => `${s.type}:${s.value}`).sort()])}`,
  );
  assert.ok(c.sans.length > 0 && cert.signerId!.includes(c.sans[0]!.value));
  // The wrong identity still names who signed (for the audit), but does not verify.
  const wrong = verifyBundleSync(bundle('keyless-wrong-identity'), options('keyless-wrong-identity'));
  assert.equal(wrong.ok, false);
  assert.match(wrong.signerId ?? '', /^certificate:/);
});
