// Key-signed bundles verify with the key's own hash and scheme (TrustedPublicKey.hashAlgorithm /
// rsaScheme), misconfigurations are named, and nothing but the configured scheme ever passes.
// Bundles here carry no log entry or timestamp (thresholds 0) so each case is one signature;
// the test instance's end-to-end cases are in packages/sigguard/test/key-types-e2e.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constants, createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { ed25519ph } from '@noble/curves/ed25519.js';
import { publicGoodTrustRoot } from '@sigguard/trust-root';
import { verifyBundleSync, publicKeyFromPem, type TrustedPublicKey, type VerifyBundleOptions } from './index.ts';

const trustRoot = publicGoodTrustRoot();
const artifact = new TextEncoder().encode('key-signed artifact');
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const DIGEST_NAMES = { sha256: 'SHA2_256', sha384: 'SHA2_384', sha512: 'SHA2_512' } as const;

function messageBundle(signature: Uint8Array, digestAlg: keyof typeof DIGEST_NAMES = 'sha256') {
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: {
      publicKey: { hint: 'k' },
      tlogEntries: [],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    messageSignature: {
      messageDigest: {
        algorithm: DIGEST_NAMES[digestAlg],
        digest: b64(createHash(digestAlg).update(artifact).digest()),
      },
      signature: b64(signature),
    },
  };
}

function spki(k: KeyObject): Uint8Array {
  return new Uint8Array(k.export({ format: 'der', type: 'spki' }));
}

function run(bundle: object, key: TrustedPublicKey, extra: Partial<VerifyBundleOptions> = {}) {
  return verifyBundleSync(bundle as Record<string, unknown>, {
    artifact,
    trustRoot,
    keys: [key],
    tlogThreshold: 0,
    timestampThreshold: 0,
    ...extra,
  });
}

test('id-RSASSA-PSS keys verify PSS without being told; PKCS#1 v1.5 for them is an options error', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
  const sig = sign('sha256', artifact, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  const r = run(messageBundle(sig), { spki: spki(publicKey), hashAlgorithm: 'sha256' });
  assert.equal(r.ok, true, r.error?.message);
  assert.match(r.checks.find((c) => c.name === 'signature')!.reason, /RSA-PSS with sha256/);
  const bad = run(messageBundle(sig), { spki: spki(publicKey), rsaScheme: 'pkcs1v15' });
  assert.equal(bad.error?.code, 'INVALID_OPTIONS');
  assert.match(bad.error!.message, /id-RSASSA-PSS key: it verifies RSA-PSS signatures only/);
});

test('rsaEncryption keys: PKCS#1 v1.5 by default, PSS only with rsaScheme "pss"; a PSS salt other than the digest length verifies (auto)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pss = sign('sha384', artifact, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 });
  const asPss = run(messageBundle(pss), { spki: spki(publicKey), hashAlgorithm: 'sha384', rsaScheme: 'pss' });
  assert.equal(asPss.ok, true, asPss.error?.message);
  const byDefault = run(messageBundle(pss), { spki: spki(publicKey), hashAlgorithm: 'sha384' });
  assert.equal(byDefault.ok, false);
  assert.equal(byDefault.error?.code, 'SIGNATURE');
  // The hint only guesses salt = hash length (cheap in the browser shim); the denial stands either way.
  const pssHashSalt = sign('sha384', artifact, {
    key: privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 48,
  });
  const hinted = run(messageBundle(pssHashSalt), { spki: spki(publicKey), hashAlgorithm: 'sha384' });
  assert.equal(hinted.ok, false);
  assert.match(
    hinted.error!.message,
    /signature is RSA-PSS with sha384, but the key is configured for RSA PKCS#1 v1.5 with sha384.*rsaScheme "pss"/,
  );
  const both = run(messageBundle(pssHashSalt), { spki: spki(publicKey) });
  assert.match(both.error!.message, /configure the key with hashAlgorithm sha384 and rsaScheme "pss"/);
});

test('Ed25519: pure Ed25519 verifies; an Ed25519ph signature is denied with a reason; hashAlgorithm is ignored', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pure = sign(null, artifact, privateKey);
  for (const hashAlgorithm of [undefined, 'sha512'] as const) {
    const r = run(messageBundle(pure), { spki: spki(publicKey), ...(hashAlgorithm ? { hashAlgorithm } : {}) });
    assert.equal(r.ok, true, r.error?.message);
  }
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const ph = ed25519ph.sign(artifact, seed);
  const r = run(messageBundle(ph, 'sha512'), { spki: spki(publicKey) });
  assert.equal(r.ok, false, 'Ed25519ph is not accepted');
  assert.equal(r.error?.code, 'SIGNATURE');
  assert.match(r.error!.message, /Ed25519ph .* Ed25519 keys verify pure Ed25519/);
  const tampered = Uint8Array.from(pure);
  tampered[5]! ^= 1;
  const t = run(messageBundle(tampered), { spki: spki(publicKey) });
  assert.equal(t.ok, false);
  assert.doesNotMatch(t.error!.message, /Ed25519ph/, 'a corrupt signature is not explained as Ed25519ph');
});

test('ECDSA: the key hash decides, not the bundle messageDigest; a mismatch names the signer hash', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const sig = sign('sha384', artifact, privateKey);
  // cosign/legacy bundles record a sha256 message digest whatever hash the key signs with.
  assert.equal(run(messageBundle(sig, 'sha256'), { spki: spki(publicKey), hashAlgorithm: 'sha384' }).ok, true);
  const r = run(messageBundle(sig, 'sha256'), { spki: spki(publicKey), hashAlgorithm: 'sha256' });
  assert.equal(r.ok, false);
  assert.match(r.error!.message, /checked ECDSA with sha256\): the signature is ECDSA with sha384/);
  // Unset: plain @sigstore/verify behaviour (the message digest's algorithm).
  assert.equal(run(messageBundle(sig, 'sha384'), { spki: spki(publicKey) }).ok, true);
  assert.equal(run(messageBundle(sig, 'sha256'), { spki: spki(publicKey) }).ok, false);
});

test('digest-only verification refuses a key hash that differs from the message digest', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const sig = sign('sha256', artifact, privateKey);
  const artifactDigest = { algorithm: 'sha256' as const, hex: createHash('sha256').update(artifact).digest('hex') };
  const opts = { artifactDigest, trustRoot, tlogThreshold: 0, timestampThreshold: 0 };
  assert.equal(
    verifyBundleSync(messageBundle(sig), { ...opts, keys: [{ spki: spki(publicKey), hashAlgorithm: 'sha256' }] }).ok,
    true,
  );
  const r = verifyBundleSync(messageBundle(sig), {
    ...opts,
    keys: [{ spki: spki(publicKey), hashAlgorithm: 'sha384' }],
  });
  assert.equal(r.ok, false);
  assert.match(r.error!.message, /key's hash algorithm is sha384 but the bundle's message digest is sha256/);
});

test('scheme options are checked: unknown hash, rsaScheme on a non-RSA key', () => {
  const ec = spki(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);
  const sig = new Uint8Array(8);
  const unknown = run(messageBundle(sig), { spki: ec, hashAlgorithm: 'md5' as never });
  assert.equal(unknown.error?.code, 'INVALID_OPTIONS');
  assert.match(unknown.error!.message, /options.keys\[0\].hashAlgorithm must be sha256, sha384 or sha512/);
  const rsaOnEc = run(messageBundle(sig), { spki: ec, rsaScheme: 'pss' });
  assert.equal(rsaOnEc.error?.code, 'INVALID_OPTIONS');
  assert.match(rsaOnEc.error!.message, /rsaScheme applies to RSA keys only, this key is ecdsa/);
  const pem = `-----BEGIN PUBLIC KEY-----\n${b64(ec)}\n-----END PUBLIC KEY-----\n`;
  assert.deepEqual(publicKeyFromPem(pem, { hashAlgorithm: 'sha384' }).hashAlgorithm, 'sha384');
  assert.throws(() => publicKeyFromPem(pem, { rsaScheme: 'pss' }), /public key.rsaScheme applies to RSA keys only/);
});
