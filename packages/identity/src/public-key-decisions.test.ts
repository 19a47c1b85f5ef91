// parsePublicKeys decisions the round-trip tests leave open (mutation testing): malformed EC
// points, certificates and non-text input, where a refusal names its PEM block, and
// hashAlgorithm spellings. Keys from node:crypto and OpenSSL (compressed points).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { PolicyInvalidError, PublicKeyError, parsePublicKey, parsePublicKeys } from './index-node.ts';
import { toPem } from './pem.ts';

const spkiDer = (curve: string) =>
  new Uint8Array(generateKeyPairSync('ec', { namedCurve: curve }).publicKey.export({ type: 'spki', format: 'der' }));
const compressedDer = (uncompressed: Uint8Array) =>
  new Uint8Array(
    execFileSync(
      'openssl',
      ['ec', '-pubin', '-inform', 'DER', '-conv_form', 'compressed', '-pubout', '-outform', 'DER'],
      { input: uncompressed, stdio: ['pipe', 'pipe', 'ignore'] },
    ),
  );
const withPrefix = (der: Uint8Array, pointLength: number, prefix: number) => {
  const out = new Uint8Array(der);
  out[out.length - pointLength] = prefix;
  return toPem('PUBLIC KEY', out);
};
const refused = (code: string, message: string | RegExp) => (e: unknown) =>
  e instanceof PublicKeyError &&
  e.code === code &&
  (typeof message === 'string' ? e.message === message : message.test(e.message));

test('an EC point whose form byte does not fit its length, or is no form, is refused', () => {
  for (const [curve, name, coord] of [
    ['prime256v1', 'P-256', 32],
    ['secp384r1', 'P-384', 48],
    ['secp521r1', 'P-521', 66],
  ] as const) {
    const full = spkiDer(curve);
    const short = compressedDer(full);
    assert.ok(short.length < full.length - coord + 4, `${name}: OpenSSL wrote a compressed point`);
    assert.equal(parsePublicKey(toPem('PUBLIC KEY', full)).curve, name);
    // Go's crypto/x509 (cosign, policy-controller) refuses a compressed point (02/03 + X): so do we.
    const compressed = refused('KEY_INVALID', new RegExp(`^ECDSA ${name} public point is compressed`));
    assert.throws(() => parsePublicKey(toPem('PUBLIC KEY', short)), compressed);
    assert.throws(
      () => parsePublicKey(withPrefix(short, 1 + coord, short[short.length - 1 - coord] === 2 ? 3 : 2)),
      compressed,
    );
    const wrong = refused('KEY_INVALID', new RegExp(`^ECDSA ${name} public point has the wrong length`));
    // Uncompressed form byte on a compressed-length point, compressed ones on an uncompressed-length one, no form.
    assert.throws(() => parsePublicKey(withPrefix(short, 1 + coord, 4)), wrong);
    assert.throws(() => parsePublicKey(withPrefix(full, 1 + 2 * coord, 2)), wrong);
    assert.throws(() => parsePublicKey(withPrefix(full, 1 + 2 * coord, 3)), wrong);
    assert.throws(() => parsePublicKey(withPrefix(full, 1 + 2 * coord, 5)), wrong);
    assert.throws(() => parsePublicKey(withPrefix(short, 1 + coord, 1)), wrong);
  }
});

test('a certificate, text that is not a string, and a refusal in one of several blocks', () => {
  const pem = toPem('PUBLIC KEY', spkiDer('prime256v1'));
  const cert = toPem('CERTIFICATE', spkiDer('prime256v1'));
  assert.throws(
    () => parsePublicKeys(cert),
    refused(
      'KEY_INVALID',
      'expected a "PUBLIC KEY" PEM block, found a CERTIFICATE; certificates belong to keyless authorities',
    ),
  );
  assert.throws(
    () => parsePublicKeys(pem + cert),
    refused('KEY_INVALID', /^PEM block 2: expected a "PUBLIC KEY" PEM block, found a CERTIFICATE/),
  );
  assert.throws(() => parsePublicKeys(42 as unknown as string), refused('KEY_INVALID', 'public key must be PEM text'));
  assert.throws(
    () => parsePublicKeys(toPem('X509 CRL', spkiDer('prime256v1'))),
    refused('KEY_INVALID', /^unknown public key PEM type "X509 CRL"/),
  );
  assert.throws(() => parsePublicKey(pem + pem), refused('KEY_INVALID', /^expected one PEM public key, found 2/));
});

test('hashAlgorithm: empty is sha256; sha224 and others are refused naming the field', () => {
  const pem = toPem('PUBLIC KEY', spkiDer('prime256v1'));
  assert.equal(parsePublicKey(pem, { hashAlgorithm: '' }).hashAlgorithm, 'sha256');
  assert.equal(parsePublicKey(pem, { hashAlgorithm: ' SHA512 ' }).hashAlgorithm, 'sha512');
  const invalid = (message: string) => (e: unknown) =>
    e instanceof PolicyInvalidError &&
    e.message.includes(message) &&
    /hashAlgorithm/.test(String((e as { field?: string }).field ?? e.message));
  assert.throws(
    () => parsePublicKey(pem, { hashAlgorithm: 'sha224' }),
    invalid('hashAlgorithm sha224 is not supported'),
  );
  assert.throws(
    () => parsePublicKey(pem, { hashAlgorithm: 'md5' }),
    invalid('hashAlgorithm "md5" is not one of sha256, sha384, sha512'),
  );
});

test('an Ed25519 key says what it is', () => {
  const der = new Uint8Array(generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }));
  const key = parsePublicKey(toPem('PUBLIC KEY', der));
  assert.deepEqual(
    [key.kind, key.description, key.webCrypto.importParams, key.webCrypto.verifyParams],
    ['ed25519', 'Ed25519', { name: 'Ed25519' }, { name: 'Ed25519' }],
  );
});
