// crypto.x509.parse_rsa_private_key: keys made at test time by node:crypto (OpenSSL), whose own
// JWK export is the oracle, and OPA's test case (open-policy-agent/opa v1/test/cases/testdata/v1/
// cryptox509parsersaprivatekey/test-cryptox509parsersaprivatekey-1.yaml: "invalid" is an error).
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import type { RegoValue } from '../exact-json.ts';
import { HOST_BUILTINS } from './index.ts';

function parse(s: RegoValue): RegoValue | 'undefined' {
  try {
    return HOST_BUILTINS['crypto.x509.parse_rsa_private_key']!([s], { nowNs: 0n }) ?? 'undefined';
  } catch {
    return 'undefined';
  }
}

test("crypto.x509.parse_rsa_private_key: PKCS #1 PEM (or base64 of it) as a JWK, equal to OpenSSL's", () => {
  for (const bits of [1024, 2048, 3072]) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const want = createPrivateKey(pem).export({ format: 'jwk' });
    assert.deepEqual(parse(pem), want, `${bits} bits`);
    assert.deepEqual(parse(Buffer.from(pem).toString('base64')), want, `${bits} bits, base64`);
    // PKCS #8 is not an RSA PRIVATE KEY block (OPA: error).
    assert.equal(parse(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string), 'undefined');
  }
  assert.equal(parse('invalid'), 'undefined'); // OPA: "illegal base64"
  assert.equal(parse(42), 'undefined');
  // A key whose modulus is not p*q (Go's ParsePKCS1PrivateKey validates the key).
  const a = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'jwk' });
  const b = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'jwk' });
  const mixed = createPrivateKey({ key: { ...a, p: b.p }, format: 'jwk' }).export({
    type: 'pkcs1',
    format: 'pem',
  }) as string;
  assert.equal(parse(mixed), 'undefined');
});
