// Issue 4, key authorities end to end: a fresh bundle signed by the project's test instance with
// every supported key type verifies through @sigguard/verify with the signer's public key (as a
// PEM parsed by @sigguard/identity, the way a policy's key.data arrives), and fails with another
// key of the same type and with a tampered artifact.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { KEY_TYPES, generateKeyPair, sharedTestSigstore, type KeyType } from '@sigguard/test-vectors';
import { parsePublicKey } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { publicKeyFromPem, verifyBundle } from '@sigguard/verify';

const STRONG: KeyType[] = KEY_TYPES.filter((k) => k !== 'rsa-pkcs1-1024');

// KNOWN GAPS (found by this test; reported, not fixed here). They fail closed (SIGNATURE), never allow.
// - DSSE with ECDSA P-384/P-521 signed over SHA-384/SHA-512 (the test instance hashes per curve):
//   @sigstore/verify checks DSSE with the key's default digest (SHA-256), and @sigguard/verify's
//   TrustedPublicKey carries no hash algorithm, so a policy's key.hashAlgorithm is not honoured.
// - RSA-PSS with an rsaEncryption SPKI (what WebCrypto exports): the scheme is lost in
//   TrustedPublicKey, so PKCS#1 v1.5 padding is used.
// - Ed25519 message signatures (pure Ed25519 over the artifact, as the test instance signs):
//   @sigstore/verify passes the messageDigest algorithm (sha256) to crypto.verify, which Ed25519
//   refuses. Whether sigguard should accept pure Ed25519 or Ed25519ph here (Rekor's hashedrekord
//   only takes the latter) is a decision for the verify owner. (Ed25519 DSSE verifies.)
const KNOWN_GAPS: Record<string, string> = {
  'ecdsa-p384 dsse': 'DSSE over SHA-384: key hash algorithm not carried to @sigstore/verify',
  'ecdsa-p521 dsse': 'DSSE over SHA-512: key hash algorithm not carried to @sigstore/verify',
  'rsa-pss-2048 dsse': 'RSA-PSS scheme not carried for an rsaEncryption SPKI',
  'rsa-pss-2048 message': 'RSA-PSS scheme not carried for an rsaEncryption SPKI',
  'ed25519 message': '@sigstore/verify hashes Ed25519 message signatures with sha256',
};
const todo = (keyType: string, kind: string) => KNOWN_GAPS[`${keyType} ${kind}`] ?? false;

test('key-type table is the full set the issue names (ECDSA P-256/384/521, RSA PKCS#1 v1.5 and PSS, Ed25519)', () => {
  assert.deepEqual([...STRONG].sort(), ['ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'ed25519', 'rsa-pkcs1-2048', 'rsa-pss-2048']);
});

for (const keyType of STRONG) {
  test(`${keyType}: DSSE statement verifies with its key, not with another key or another subject`, { todo: todo(keyType, 'dsse') }, async () => {
    const sigstore = await sharedTestSigstore();
    const trustRoot = parseTrustedRoot(sigstore.trustedRoot());
    const artifact = new TextEncoder().encode(`dsse key type ${keyType}`);
    const digest = createHash('sha256').update(artifact).digest('hex');
    const dsseStatement = { _type: 'https://in-toto.io/Statement/v1', subject: [{ name: 'a', digest: { sha256: digest } }], predicateType: 'https://example.com/p', predicate: {} };
    const signed = await sigstore.signWithKey({ dsseStatement, key: keyType });
    const key = publicKeyFromPem(parsePublicKey(signed.publicKeyPEM).pem);
    const ok = await verifyBundle(signed.bundle, { artifact, trustRoot, keys: [key] });
    assert.equal(ok.ok, true, `${ok.error?.code}: ${ok.error?.message}`);
    const other = await generateKeyPair(keyType);
    const wrongKey = await verifyBundle(signed.bundle, { artifact, trustRoot, keys: [publicKeyFromPem(other.publicKeyPEM)] });
    assert.equal(wrongKey.ok, false, 'another key must not verify');
    const wrongSubject = await verifyBundle(signed.bundle, { artifact: new TextEncoder().encode('other'), trustRoot, keys: [key] });
    assert.equal(wrongSubject.ok, false);
    assert.equal(wrongSubject.error?.code, 'ARTIFACT_DIGEST', wrongSubject.error?.message);
  });

  test(`${keyType}: message signature verifies with its key, not with another key or another artifact`, { todo: todo(keyType, 'message') }, async () => {
    const sigstore = await sharedTestSigstore();
    const trustRoot = parseTrustedRoot(sigstore.trustedRoot());
    const artifact = new TextEncoder().encode(`key type ${keyType}`);
    const signed = await sigstore.signWithKey({ artifact, key: keyType });
    const authority = parsePublicKey(signed.publicKeyPEM);
    const key = publicKeyFromPem(authority.pem);

    const ok = await verifyBundle(signed.bundle, { artifact, trustRoot, keys: [key] });
    assert.equal(ok.ok, true, `${ok.error?.code}: ${ok.error?.message}`);

    const other = await generateKeyPair(keyType);
    const wrongKey = await verifyBundle(signed.bundle, { artifact, trustRoot, keys: [publicKeyFromPem(other.publicKeyPEM)] });
    assert.equal(wrongKey.ok, false, 'another key must not verify');
    assert.equal(wrongKey.error?.code, 'SIGNATURE', wrongKey.error?.message);

    const wrongArtifact = await verifyBundle(signed.bundle, { artifact: new TextEncoder().encode('other bytes'), trustRoot, keys: [key] });
    assert.equal(wrongArtifact.ok, false, 'another artifact must not verify');
  });
}
