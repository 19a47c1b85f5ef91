// io.jwt.verify_{rs,ps,es}*, verify_eddsa: tokens and keys made at test time by node:crypto
// (OpenSSL underneath) and certificates by the openssl CLI, verified by sigguard's pure-JS
// built-ins; plus the ES256 token, JWKS and certificate of OPA's policy reference
// (docs/content/policy-reference.md, "Token Verification Examples", where OPA answers true).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RegoValue } from '../exact-json.ts';
import { HOST_BUILTINS } from './index.ts';
import { es256Cert, es256Token, jwks } from './testdata/opa-host-cases.ts';

function call(name: string, ...args: RegoValue[]): RegoValue | 'undefined' {
  try {
    return HOST_BUILTINS[name]!(args, { nowNs: 0n }) ?? 'undefined';
  } catch {
    return 'undefined';
  }
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const signingInput = (alg: string, claims: object = { iss: 'sigguard', n: 1 }) =>
  `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;

/** A compact JWS signed by node:crypto. */
function jwt(alg: string, key: KeyObject): string {
  const input = signingInput(alg);
  const bits = alg.slice(2);
  const hash = alg === 'EdDSA' ? null : `sha${bits}`;
  const opts = alg.startsWith('PS')
    ? { key, padding: 6, saltLength: Number(bits) / 8 }
    : alg.startsWith('ES')
      ? { key, dsaEncoding: 'ieee-p1363' as const }
      : { key };
  return `${input}.${b64url(sign(hash, Buffer.from(input), opts))}`;
}

function certificateFor(privatePem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-jwt-'));
  try {
    writeFileSync(join(dir, 'key.pem'), privatePem);
    return execFileSync(
      'openssl',
      ['req', '-x509', '-new', '-key', join(dir, 'key.pem'), '-subj', '/CN=jwt', '-days', '1'],
      { encoding: 'utf8' },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = {
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ES384: generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  ES512: generateKeyPairSync('ec', { namedCurve: 'P-521' }),
};
const ed = generateKeyPairSync('ed25519');
const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }) as string;
const jwk = (k: KeyObject) => JSON.stringify(k.export({ format: 'jwk' }));

test('io.jwt.verify_rs*/ps*: PEM public key, certificate, JWK, JWKS; wrong key and tampering are false', () => {
  const cert = certificateFor(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']) {
    const name = `io.jwt.verify_${alg.toLowerCase()}`;
    const token = jwt(alg, rsa.privateKey);
    for (const key of [
      spki(rsa.publicKey),
      cert,
      jwk(rsa.publicKey),
      JSON.stringify({ keys: [JSON.parse(jwk(other.publicKey)), JSON.parse(jwk(rsa.publicKey))] }),
    ]) {
      assert.equal(call(name, token, key), true, `${alg} with ${key.slice(0, 30)}`);
    }
    assert.equal(call(name, token, spki(other.publicKey)), false, alg);
    assert.equal(call(name, token, spki(ec.ES256.publicKey)), false, `${alg}: a key of another type does not verify`);
    const [h, , s] = token.split('.');
    assert.equal(call(name, `${h}.${b64url('{"iss":"evil"}')}.${s}`, spki(rsa.publicKey)), false, alg);
  }
  // PS verification accepts any salt length (Go's rsa.VerifyPSS with nil options: auto).
  const input = signingInput('PS256');
  const salted = sign('sha256', Buffer.from(input), { key: rsa.privateKey, padding: 6, saltLength: 7 });
  assert.equal(call('io.jwt.verify_ps256', `${input}.${b64url(salted)}`, spki(rsa.publicKey)), true);
  // RS256 is PKCS#1 v1.5 only: a PSS signature does not verify.
  assert.equal(call('io.jwt.verify_rs256', `${input}.${b64url(salted)}`, spki(rsa.publicKey)), false);
});

test('io.jwt.verify_es*/eddsa: P-256/384/521 and Ed25519 keys as PEM, certificate, JWK', () => {
  for (const [alg, pair] of Object.entries(ec)) {
    const name = `io.jwt.verify_${alg.toLowerCase()}`;
    const token = jwt(alg, pair.privateKey);
    const cert = certificateFor(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    for (const key of [spki(pair.publicKey), cert, jwk(pair.publicKey)])
      assert.equal(call(name, token, key), true, `${alg} ${key.slice(0, 30)}`);
    assert.equal(call(name, token, spki(ec.ES256 === pair ? ec.ES384.publicKey : ec.ES256.publicKey)), false, alg);
    // A DER (not r||s) signature is not a JWS ECDSA signature.
    const der = sign(`sha${alg.slice(2)}`, Buffer.from(signingInput(alg)), pair.privateKey);
    assert.equal(call(name, `${signingInput(alg)}.${b64url(der)}`, spki(pair.publicKey)), false, alg);
  }
  const token = jwt('EdDSA', ed.privateKey);
  for (const key of [spki(ed.publicKey), jwk(ed.publicKey)])
    assert.equal(call('io.jwt.verify_eddsa', token, key), true);
  assert.equal(call('io.jwt.verify_eddsa', token, spki(generateKeyPairSync('ed25519').publicKey)), false);
});

test("io.jwt.verify_es256: the token, JWKS and certificate of OPA's policy reference verify", () => {
  const token = es256Token;
  const cert = es256Cert;
  assert.equal(call('io.jwt.verify_es256', token, jwks), true);
  assert.equal(call('io.jwt.verify_es256', token, cert), true);
  assert.equal(call('io.jwt.verify_es384', token, cert), false); // the digest differs
});

test('io.jwt.verify_*: malformed operands make the call undefined, as OPA errors', () => {
  const token = jwt('RS256', rsa.privateKey);
  const pem = spki(rsa.publicKey);
  assert.equal(call('io.jwt.verify_rs256', 'a.b', pem), 'undefined'); // not three parts
  assert.equal(call('io.jwt.verify_rs256', `${b64url('[1]')}.e30.AA`, pem), 'undefined'); // header not an object
  assert.equal(call('io.jwt.verify_rs256', token, `${pem}extra`), 'undefined'); // data after the PEM block
  assert.equal(call('io.jwt.verify_rs256', token, pem.replace(/PUBLIC KEY/g, 'RSA PRIVATE KEY')), 'undefined');
  assert.equal(call('io.jwt.verify_rs256', token, 'not a key'), 'undefined');
  assert.equal(call('io.jwt.verify_rs256', token, '{"kty":"XYZ"}'), 'undefined');
  assert.equal(call('io.jwt.verify_rs256', token, 42), 'undefined');
  // A JWK Set holding only a symmetric key: no key verifies.
  assert.equal(call('io.jwt.verify_rs256', token, '{"keys":[{"kty":"oct","k":"Zm9v"}]}'), false);
});
