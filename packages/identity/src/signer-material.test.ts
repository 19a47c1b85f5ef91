// The project's own generated vectors (@sigguard/test-vectors) through the bundle guards: keyless
// bundles are matched against their expected identity; key-signed bundles can never satisfy an
// identity (GHSA-fx35-mq7g-6g98 class); their key.pub files parse as authority keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { generateKeyPair } from '@sigguard/test-vectors';
import {
  CertificateError,
  checkBundleIdentity,
  compileIdentities,
  parsePublicKeys,
  signerCertificateFromBundle,
  signerCertificateFromLegacyAnnotation,
} from './index-node.ts';
import { sharedVectors } from '@sigguard/test-vectors/support/locations';

const VECTORS = new URL('../../../test-vectors/', import.meta.url);
interface VectorCase {
  name: string;
  bundle: string;
  identity?: { subject: string; issuer: string };
  key?: string;
  expected: { verified: boolean; code?: string };
}
const cases = (JSON.parse(readFileSync(new URL('expected.json', VECTORS), 'utf8')) as { cases: VectorCase[] }).cases;
// Every case's bundle is committed; a missing one is a broken checkout, not a reason to test less.
test('every vector case in expected.json has its bundle file', () => {
  assert.ok(cases.length >= 20, `${cases.length} cases`);
  assert.deepEqual(
    cases.filter((c) => !existsSync(new URL(c.bundle, VECTORS))).map((c) => c.name),
    [],
  );
});
const bundleOf = (c: VectorCase) => JSON.parse(readFileSync(new URL(c.bundle, VECTORS), 'utf8'));

test('keyless vectors: identity check passes exactly when the vector does not expect an IDENTITY failure', () => {
  const keyless = cases.filter((c) => c.identity);
  assert.ok(keyless.length >= 10);
  assert.ok(keyless.some((c) => c.expected.code === 'IDENTITY'));
  for (const c of keyless) {
    const matcher = compileIdentities([c.identity as { subject: string; issuer: string }]);
    const check = checkBundleIdentity(bundleOf(c).verificationMaterial, matcher);
    const wantPass = c.expected.code !== 'IDENTITY';
    assert.equal(check.status, wantPass ? 'pass' : 'fail', `${c.name}: ${check.reason}`);
    if (!wantPass) assert.equal(check.code, 'IDENTITY');
    assert.ok(check.signer, `${c.name}: the signer certificate is returned for the explanation`);
  }
});

test('GitHub workflow vector: URI SAN and workflow extensions', () => {
  const c = cases.find((x) => x.name === 'keyless-github-workflow');
  if (!c) return assert.fail('keyless-github-workflow vector missing');
  const cert = signerCertificateFromBundle(bundleOf(c).verificationMaterial);
  assert.deepEqual(cert.sans, [{ type: 'uri', value: c.identity?.subject }]);
  assert.equal(cert.issuer, 'https://token.actions.githubusercontent.com');
  assert.equal(cert.extensions.sourceRepositoryRef, 'refs/tags/v1.2.3');
  const m = compileIdentities([
    {
      issuer: 'https://token.actions.githubusercontent.com',
      subjectRegExp: '^https://github\\.com/sigguard/example/',
      extensions: { sourceRepositoryRef: 'refs/tags/v1.2.3', githubWorkflowRef: 'refs/tags/v1.2.3' },
    },
  ]);
  assert.equal(m.match(cert).ok, true, m.match(cert).reason);
});

test('key-signed vectors cannot satisfy a keyless identity; their keys parse as authority keys', () => {
  const keyed = cases.filter((c) => c.key);
  assert.ok(keyed.length >= 4);
  const anyone = compileIdentities([{ issuerRegExp: '.*', subjectRegExp: '.*' }]);
  for (const c of keyed) {
    const check = checkBundleIdentity(bundleOf(c).verificationMaterial, anyone);
    assert.equal(check.status, 'fail', c.name);
    assert.equal(check.code, 'CERTIFICATE_EXPECTED', c.name);
    assert.match(check.reason, /public key/);
    const keys = parsePublicKeys(readFileSync(new URL(c.key as string, VECTORS), 'utf8'));
    assert.equal(keys.length, 1, c.name);
  }
});

test('bundle material that is missing, a public key in the certificate slot, or garbage fails closed', async () => {
  const anyone = compileIdentities([{ issuerRegExp: '.*', subjectRegExp: '.*' }]);
  const key = await generateKeyPair('ecdsa-p256');
  const spkiB64 = Buffer.from(key.spki).toString('base64');
  const materials: Array<[unknown, string]> = [
    [undefined, 'CERTIFICATE_EXPECTED'],
    [{}, 'CERTIFICATE_EXPECTED'],
    [{ publicKey: { hint: 'abc' } }, 'CERTIFICATE_EXPECTED'],
    [{ certificate: { rawBytes: spkiB64 } }, 'CERTIFICATE_EXPECTED'], // the GHSA-fx35-mq7g-6g98 shape
    [{ x509CertificateChain: { certificates: [{ rawBytes: spkiB64 }] } }, 'CERTIFICATE_EXPECTED'],
    [{ certificate: { rawBytes: 'AAAA' } }, 'CERTIFICATE_MALFORMED'],
    [{ certificate: { rawBytes: '%%%' } }, 'CERTIFICATE_MALFORMED'],
  ];
  for (const [vm, code] of materials) {
    const check = checkBundleIdentity(vm as never, anyone);
    assert.equal(check.status, 'fail', JSON.stringify(vm));
    assert.equal(check.code, code, `${JSON.stringify(vm)}: ${check.reason}`);
  }
});

test('cosign legacy certificate annotation: a PUBLIC KEY PEM or nothing is refused', async () => {
  const key = await generateKeyPair('ecdsa-p256');
  for (const pem of [key.publicKeyPEM, '', undefined]) {
    assert.throws(
      () => signerCertificateFromLegacyAnnotation(pem),
      (e: unknown) => e instanceof CertificateError && e.code === 'CERTIFICATE_EXPECTED',
    );
  }
});

// sigstore-conformance: the key-signed bundle checked with the default certificate identity must fail.
const CONFORMANCE = sharedVectors(
  'sigstore-conformance/test/assets/bundle-verify/managed-key-no-key_fail/bundle.sigstore.json',
);
test('conformance managed-key-no-key_fail: identity requested, bundle has only a key hint', {
  skip: CONFORMANCE.skip,
}, () => {
  const vm = JSON.parse(readFileSync(CONFORMANCE.path, 'utf8')).verificationMaterial;
  const check = checkBundleIdentity(
    vm,
    compileIdentities([{ issuer: 'https://token.actions.githubusercontent.com', subjectRegExp: '.*' }]),
  );
  assert.equal(check.status, 'fail');
  assert.equal(check.code, 'CERTIFICATE_EXPECTED');
});
