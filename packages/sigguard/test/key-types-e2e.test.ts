// Issue 4, key authorities end to end: a fresh bundle signed by the project's test instance with
// every supported key type verifies through @sigguard/verify with the signer's public key (as a
// PEM parsed by @sigguard/identity, the way a policy's key.data arrives), and fails with another
// key of the same type, with a tampered artifact, and with the wrong hash algorithm or RSA scheme
// (each denial names the mismatch).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { KEY_TYPES, generateKeyPair, sharedTestSigstore, type KeyType } from '@sigguard/test-vectors';
import { parsePublicKey, type ParsePublicKeyOptions } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { verifyBundle, type TrustedPublicKey } from '@sigguard/verify';

const STRONG: KeyType[] = KEY_TYPES.filter((k) => k !== 'rsa-pkcs1-1024');

// How a policy (ClusterImagePolicy key.hashAlgorithm) or a caller configures each key for the way
// the test instance signs: ECDSA hashes per curve, RSA-PSS comes as an rsaEncryption SPKI (what
// WebCrypto exports), so PSS must be asked for; Ed25519 is pure Ed25519 over the message / PAE.
const CONFIG: Record<string, ParsePublicKeyOptions> = {
  'ecdsa-p256': { hashAlgorithm: 'sha256' },
  'ecdsa-p384': { hashAlgorithm: 'sha384' },
  'ecdsa-p521': { hashAlgorithm: 'sha512' },
  'rsa-pkcs1-2048': { hashAlgorithm: 'sha256' },
  'rsa-pss-2048': { hashAlgorithm: 'sha256', rsaScheme: 'pss' },
  ed25519: {},
};

// A misconfiguration per key type that must deny, and what the denial must name.
const WRONG: Record<string, { opts: ParsePublicKeyOptions; reason: RegExp } | undefined> = {
  'ecdsa-p256': { opts: { hashAlgorithm: 'sha384' }, reason: /configured for ECDSA with sha384.*hashAlgorithm sha256/ },
  'ecdsa-p384': { opts: {}, reason: /signature is ECDSA with sha384, but the key is configured for ECDSA with sha256/ },
  'ecdsa-p521': { opts: { hashAlgorithm: 'sha256' }, reason: /signature is ECDSA with sha512.*hashAlgorithm sha512/ },
  'rsa-pkcs1-2048': {
    opts: { rsaScheme: 'pss' },
    reason:
      /signature is RSA PKCS#1 v1.5 with sha256, but the key is configured for RSA-PSS with sha256.*rsaScheme "pkcs1v15"/,
  },
  'rsa-pss-2048': {
    opts: {},
    reason:
      /signature is RSA-PSS with sha256, but the key is configured for RSA PKCS#1 v1.5 with sha256.*rsaScheme "pss"/,
  },
  ed25519: undefined, // no hash or scheme to get wrong (hashAlgorithm is ignored, as for cosign)
};

/** The key as a policy's key.data + key.hashAlgorithm arrives at verification (an AuthorityKey is a TrustedPublicKey). */
function authorityKey(pem: string, opts: ParsePublicKeyOptions): TrustedPublicKey {
  return parsePublicKey(pem, opts);
}

test('key-type table is the full set the issue names (ECDSA P-256/384/521, RSA PKCS#1 v1.5 and PSS, Ed25519)', () => {
  assert.deepEqual([...STRONG].sort(), [
    'ecdsa-p256',
    'ecdsa-p384',
    'ecdsa-p521',
    'ed25519',
    'rsa-pkcs1-2048',
    'rsa-pss-2048',
  ]);
});

for (const keyType of STRONG) {
  const config = CONFIG[keyType]!;
  const wrong = WRONG[keyType];

  test(`${keyType}: DSSE statement verifies with its key, not with another key, another subject or the wrong hash/scheme`, async () => {
    const sigstore = await sharedTestSigstore();
    const trustRoot = parseTrustedRoot(sigstore.trustedRoot());
    const artifact = new TextEncoder().encode(`dsse key type ${keyType}`);
    const digest = createHash('sha256').update(artifact).digest('hex');
    const dsseStatement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'a', digest: { sha256: digest } }],
      predicateType: 'https://example.com/p',
      predicate: {},
    };
    const signed = await sigstore.signWithKey({ dsseStatement, key: keyType });
    const key = authorityKey(signed.publicKeyPEM, config);
    const ok = await verifyBundle(signed.bundle, { artifact, trustRoot, keys: [key] });
    assert.equal(ok.ok, true, `${ok.error?.code}: ${ok.error?.message}`);
    assert.equal(ok.statement?.predicateType, 'https://example.com/p');
    const other = await generateKeyPair(keyType);
    const wrongKey = await verifyBundle(signed.bundle, {
      artifact,
      trustRoot,
      keys: [authorityKey(other.publicKeyPEM, config)],
    });
    assert.equal(wrongKey.ok, false, 'another key must not verify');
    assert.equal(wrongKey.error?.code, 'SIGNATURE', wrongKey.error?.message);
    const wrongSubject = await verifyBundle(signed.bundle, {
      artifact: new TextEncoder().encode('other'),
      trustRoot,
      keys: [key],
    });
    assert.equal(wrongSubject.ok, false);
    assert.equal(wrongSubject.error?.code, 'ARTIFACT_DIGEST', wrongSubject.error?.message);
    if (wrong) {
      const misconfigured = await verifyBundle(signed.bundle, {
        artifact,
        trustRoot,
        keys: [authorityKey(signed.publicKeyPEM, wrong.opts)],
      });
      assert.equal(misconfigured.ok, false, 'the wrong hash algorithm or RSA scheme must not verify');
      assert.equal(misconfigured.error?.code, 'SIGNATURE');
      assert.match(misconfigured.error?.message ?? '', wrong.reason);
    }
  });

  test(`${keyType}: message signature verifies with its key, not with another key, another artifact or the wrong hash/scheme`, async () => {
    const sigstore = await sharedTestSigstore();
    const trustRoot = parseTrustedRoot(sigstore.trustedRoot());
    const artifact = new TextEncoder().encode(`key type ${keyType}`);
    const signed = await sigstore.signWithKey({ artifact, key: keyType });
    const key = authorityKey(signed.publicKeyPEM, config);

    const ok = await verifyBundle(signed.bundle, { artifact, trustRoot, keys: [key] });
    assert.equal(ok.ok, true, `${ok.error?.code}: ${ok.error?.message}`);
    assert.match(
      ok.checks.find((c) => c.name === 'signature')?.reason ?? '',
      keyType === 'ed25519' ? /Ed25519 \(pure\)/ : new RegExp(`with ${config.hashAlgorithm}`),
    );

    const other = await generateKeyPair(keyType);
    const wrongKey = await verifyBundle(signed.bundle, {
      artifact,
      trustRoot,
      keys: [authorityKey(other.publicKeyPEM, config)],
    });
    assert.equal(wrongKey.ok, false, 'another key must not verify');
    assert.equal(wrongKey.error?.code, 'SIGNATURE', wrongKey.error?.message);

    const wrongArtifact = await verifyBundle(signed.bundle, {
      artifact: new TextEncoder().encode('other bytes'),
      trustRoot,
      keys: [key],
    });
    assert.equal(wrongArtifact.ok, false, 'another artifact must not verify');

    if (wrong) {
      const misconfigured = await verifyBundle(signed.bundle, {
        artifact,
        trustRoot,
        keys: [authorityKey(signed.publicKeyPEM, wrong.opts)],
      });
      assert.equal(misconfigured.ok, false, 'the wrong hash algorithm or RSA scheme must not verify');
      assert.equal(misconfigured.error?.code, 'SIGNATURE');
      assert.match(misconfigured.error?.message ?? '', wrong.reason);
    }
    if (keyType === 'ed25519') {
      // Pure Ed25519 needs the whole message: the digest form is refused with a reason, as sigstore-go does.
      const d = await verifyBundle(signed.bundle, {
        artifactDigest: { algorithm: 'sha256', hex: createHash('sha256').update(artifact).digest('hex') },
        trustRoot,
        keys: [key],
      });
      assert.equal(d.ok, false);
      assert.match(d.error?.message ?? '', /Ed25519 signature is over the whole artifact/);
    }
  });
}
