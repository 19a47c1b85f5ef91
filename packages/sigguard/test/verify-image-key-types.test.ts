// verifyImage() with key authorities of other key types than P-256: the policy's key.hashAlgorithm
// reaches verification (policy-controller: signature.LoadVerifier(pk, hashAlgorithm), default
// sha256), Ed25519 verifies pure Ed25519, and an RSA-PSS signature under a plain rsaEncryption key
// is denied with a reason naming the scheme (policy-controller loads RSA keys as PKCS#1 v1.5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cosignLegacyAttestation,
  cosignLegacySignature,
  generateKeyPair,
  simpleSigningPayload,
  type KeyType,
} from '@sigguard/test-vectors';
import { parseRepositoryName } from '@sigguard/oci';
import { verifyImage } from 'sigguard';
import { useSignedRegistry } from './support/signed-registry.ts';
import { keyAuthority, keyedPolicy } from './support/key-signed.ts';
import { pushBundleReferrer, pushImage, pushLegacy, COSIGN_SIGN_PREDICATE } from '@sigguard/test-vectors/support';

const reg = useSignedRegistry();

const keyPolicy = (pem: string, extraLines: string) =>
  keyedPolicy(reg, [keyAuthority(reg, 'release-key', pem, true, extraLines)]);

/** An image with a cosign legacy `.sig` signed by a fresh key of the given type (Rekor entry included). */
async function keySignedImage(name: string, keyType: KeyType) {
  const repo = parseRepositoryName(`${reg.host}/keytypes/${name}`);
  const img = await pushImage(reg.client, repo, `keytypes-${name}`);
  const key = await generateKeyPair(keyType);
  const layer = await cosignLegacySignature(reg.ts, simpleSigningPayload(`${reg.host}/keytypes/${name}`, img.digest), {
    signer: { key },
  });
  await pushLegacy(reg.client, repo, img.digest, 'sig', [{ bytes: layer.payload, annotations: layer.annotations }]);
  return { ref: `${reg.host}/keytypes/${name}@${img.digest}`, repo, digest: img.digest, key };
}

/** An image with a cosign v3 signature (v0.3 DSSE bundle, predicate sign/v1, via referrers) signed by a fresh key. */
async function keySignedBundleImage(name: string, keyType: KeyType) {
  const repo = parseRepositoryName(`${reg.host}/keytypes/${name}`);
  const img = await pushImage(reg.client, repo, `keytypes-${name}`);
  const key = await generateKeyPair(keyType);
  const signed = await reg.ts.signWithKey({
    key,
    dsseStatement: {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { sha256: img.digest.slice('sha256:'.length) } }],
      predicateType: COSIGN_SIGN_PREDICATE,
      predicate: {},
    },
  });
  await pushBundleReferrer(reg.client, repo, img, signed.bundle);
  return { ref: `${reg.host}/keytypes/${name}@${img.digest}`, key };
}

const verify = (ref: string, policies: ReturnType<typeof keyPolicy>) =>
  verifyImage(ref, { policies, defaultTrustRoot: reg.root, registry: reg.client });

test('a key authority with hashAlgorithm: sha384 admits a P-384/SHA-384 signed image (cosign v3 bundle); the default (sha256) denies naming sha384', async () => {
  const { ref, key } = await keySignedBundleImage('p384', 'ecdsa-p384');
  const ok = await verify(ref, keyPolicy(key.publicKeyPEM, '        hashAlgorithm: sha384'));
  assert.equal(ok.allowed, true, ok.summary);
  const tree = JSON.stringify(ok.policies);
  assert.match(tree, /signature verifies \(ECDSA with sha384\)/);
  assert.match(tree, /transparency-log","status":"pass"/);

  const byDefault = await verify(ref, keyPolicy(key.publicKeyPEM, ''));
  assert.equal(byDefault.allowed, false);
  assert.match(byDefault.summary, /no matching signatures/);
  assert.match(
    JSON.stringify(byDefault.policies),
    /signature is ECDSA with sha384, but the key is configured for ECDSA with sha256/,
  );

  const sha512 = await verify(ref, keyPolicy(key.publicKeyPEM, '        hashAlgorithm: SHA512 '));
  assert.equal(sha512.allowed, false, "a hash algorithm other than the signer's must deny");
});

test('a key authority with hashAlgorithm: sha512 admits a P-521/SHA-512 cosign legacy attestation (DSSE, intoto entry); sha384 denies', async () => {
  const { ref, repo, digest, key } = await keySignedImage('p521', 'ecdsa-p521');
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: `${reg.host}/keytypes/p521`, digest: { sha256: digest.slice('sha256:'.length) } }],
    predicateType: 'https://example.com/keytypes/v1',
    predicate: { built: true },
  };
  const att = await cosignLegacyAttestation(reg.ts, statement, { signer: { key } });
  await pushLegacy(reg.client, repo, digest, 'att', [
    { bytes: att.payload, annotations: { ...att.annotations, predicateType: statement.predicateType } },
  ]);
  const withAttestation = `        hashAlgorithm: sha512\n      attestations:\n        - name: built\n          predicateType: https://example.com/keytypes/v1`;
  const ok = await verify(ref, keyPolicy(key.publicKeyPEM, withAttestation));
  assert.equal(ok.allowed, true, ok.summary);
  assert.match(JSON.stringify(ok.policies), /ECDSA with sha512/);
  const wrong = await verify(ref, keyPolicy(key.publicKeyPEM, withAttestation.replace('sha512', 'sha384')));
  assert.equal(wrong.allowed, false, wrong.summary);
});

test('an Ed25519 key authority admits a pure-Ed25519 signed image; another Ed25519 key denies', async () => {
  const { ref, key } = await keySignedImage('ed25519', 'ed25519');
  const ok = await verify(ref, keyPolicy(key.publicKeyPEM, ''));
  assert.equal(ok.allowed, true, ok.summary);
  assert.match(JSON.stringify(ok.policies), /signature verifies \(Ed25519 \(pure\)\)/);
  const other = await generateKeyPair('ed25519');
  const denied = await verify(ref, keyPolicy(other.publicKeyPEM, ''));
  assert.equal(denied.allowed, false);
});

test('an RSA-PSS signature under a plain rsaEncryption key denies (keys verify PKCS#1 v1.5) with a reason naming the scheme', async () => {
  const { ref, key } = await keySignedImage('rsa-pss', 'rsa-pss-2048');
  const d = await verify(ref, keyPolicy(key.publicKeyPEM, ''));
  assert.equal(d.allowed, false);
  assert.match(
    JSON.stringify(d.policies),
    /signature is RSA-PSS with sha256, but the key is configured for RSA PKCS#1 v1.5 with sha256/,
  );
  const pkcs1 = await keySignedImage('rsa-pkcs1', 'rsa-pkcs1-2048');
  const admitted = await verify(pkcs1.ref, keyPolicy(pkcs1.key.publicKeyPEM, ''));
  assert.equal(admitted.allowed, true, admitted.summary);
});
