// Where the signer certificate comes from, and every way it can be absent, each with its own
// reason: a verifier shows these to people, so "no certificate" must not read as "bad base64".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkBundleIdentity, compileIdentities, signerCertificateFromLegacyAnnotation } from './index-node.ts';
import { toPem } from './pem.ts';

const VECTOR = new URL('../../../test-vectors/bundles/keyless-v0.3-message/bundle.sigstore.json', import.meta.url);
const vm = JSON.parse(readFileSync(VECTOR, 'utf8')).verificationMaterial as { certificate: { rawBytes: string } };
const alice = compileIdentities([{ issuer: 'https://accounts.example.com', subject: 'alice@example.com' }]);

test('the signer certificate is read from certificate, else from the first of x509CertificateChain', () => {
  const fromCertificate = checkBundleIdentity(vm, alice);
  assert.deepEqual([fromCertificate.name, fromCertificate.status], ['identity', 'pass']);
  const fromChain = checkBundleIdentity(
    { x509CertificateChain: { certificates: [{ rawBytes: vm.certificate.rawBytes }] } },
    alice,
  );
  assert.deepEqual([fromChain.name, fromChain.status], ['identity', 'pass']);
  const wrong = checkBundleIdentity(
    vm,
    compileIdentities([{ issuer: 'https://accounts.example.com', subject: 'bob@example.com' }]),
  );
  assert.deepEqual([wrong.name, wrong.status, wrong.code], ['identity', 'fail', 'IDENTITY']);
});

test('each way of having no certificate has its own reason (CERTIFICATE_EXPECTED)', () => {
  const cases: Array<[unknown, string]> = [
    ['a string', 'bundle has no verificationMaterial; a signing certificate is required'],
    [null, 'bundle has no verificationMaterial; a signing certificate is required'],
    [{}, 'bundle verificationMaterial has no signing certificate'],
    [{ certificate: { rawBytes: '' } }, 'bundle verificationMaterial has no signing certificate'],
    [{ x509CertificateChain: {} }, 'bundle verificationMaterial has no signing certificate'],
    [{ x509CertificateChain: { certificates: [] } }, 'bundle verificationMaterial has no signing certificate'],
  ];
  for (const [material, reason] of cases) {
    const check = checkBundleIdentity(material as never, alice);
    assert.deepEqual(
      { name: check.name, status: check.status, code: check.code, reason: check.reason },
      { name: 'identity', status: 'fail', code: 'CERTIFICATE_EXPECTED', reason },
      JSON.stringify(material),
    );
  }
  assert.match(
    checkBundleIdentity({ publicKey: { hint: 'k' } }, alice).reason,
    /^bundle is signed with a public key \(publicKey hint\)/,
  );
});

test('bytes that are not base64, or material that throws when read, are CERTIFICATE_MALFORMED', () => {
  const notBase64 = checkBundleIdentity({ certificate: { rawBytes: '%%%' } }, alice);
  assert.deepEqual(
    [notBase64.code, notBase64.reason],
    ['CERTIFICATE_MALFORMED', 'bundle certificate rawBytes is not base64'],
  );
  const hostile = {
    certificate: {
      get rawBytes(): string {
        throw new TypeError('getter says no');
      },
    },
  };
  const thrown = checkBundleIdentity(hostile, alice);
  assert.deepEqual([thrown.status, thrown.code, thrown.reason], ['fail', 'CERTIFICATE_MALFORMED', 'getter says no']);
});

test('legacy certificate annotation: a certificate PEM is read; blank is no certificate', () => {
  const pem = toPem('CERTIFICATE', Uint8Array.from(Buffer.from(vm.certificate.rawBytes, 'base64')));
  assert.equal(alice.match(signerCertificateFromLegacyAnnotation(pem)).ok, true);
  for (const blank of [' \n ', 42]) {
    assert.throws(
      () => signerCertificateFromLegacyAnnotation(blank as never),
      (e: unknown) =>
        e instanceof Error &&
        (e as { code?: string }).code === 'CERTIFICATE_EXPECTED' &&
        e.message === 'signature has no certificate annotation; keyless identities need a signing certificate',
    );
  }
});
