import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { prehashVerifier } from './prehash.ts';
import { BundleVerificationError } from './errors.ts';

const message = new TextEncoder().encode('prehashed signature test');

for (const [curve, hash, label] of [
  ['P-256', 'sha256', 'P-256'],
  ['P-384', 'sha384', 'P-384'],
  ['P-384', 'sha256', 'P-384'],
] as const) {
  test(`ECDSA ${label} over a ${hash} digest verifies without the message; tampering fails`, () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
    const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
    const sig = new Uint8Array(sign(hash, message, privateKey)); // DER, as in bundles
    const digest = new Uint8Array(createHash(hash).update(message).digest());
    const v = prehashVerifier(spki);
    assert.equal(v.curve, label);
    assert.equal(v.verify(sig, digest), true);
    const otherDigest = digest.slice();
    otherDigest[0]! ^= 1;
    assert.equal(v.verify(sig, otherDigest), false);
    const badSig = sig.slice();
    badSig[badSig.length - 1]! ^= 1;
    assert.equal(v.verify(badSig, digest), false);
    assert.equal(v.verify(new Uint8Array([0x30, 0x01]), digest), false, 'malformed DER is "not verified", not a crash');
  });
}

test('keys that cannot verify a bare digest are refused with a reason', () => {
  const ed = new Uint8Array(generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }));
  assert.throws(
    () => prehashVerifier(ed),
    (e: unknown) =>
      e instanceof BundleVerificationError && /Ed25519 signature is over the whole artifact/.test(e.message),
  );
  const rsa = new Uint8Array(
    generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'der', type: 'spki' }),
  );
  assert.throws(() => prehashVerifier(rsa), /needs an ECDSA key/);
  const p521 = new Uint8Array(
    generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey.export({ format: 'der', type: 'spki' }),
  );
  assert.throws(() => prehashVerifier(p521), /P-256 and P-384, not curve 1.3.132.0.35/);
  assert.throws(() => prehashVerifier(new Uint8Array([1, 2, 3])), /cannot be parsed/);
});
