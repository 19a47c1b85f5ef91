// Keyless (certificate) signers with every key type the Sigstore algorithm registry lists: fresh
// bundles from the private instance (Fulcio-style certificate, SCT, Rekor entry with SET and
// proof, RFC 3161 timestamp) verify through @sigguard/verify with exactly the registered
// algorithm of the certificate key (P-384/SHA-384, P-521/SHA-512, pure Ed25519, RSA-PSS for an
// id-RSASSA-PSS key, PKCS#1 v1.5 for rsaEncryption), and each has its negative companions: wrong
// artifact, a hash other than the registered one (declared and signed), a tampered signature.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { ed25519ph } from '@noble/curves/ed25519.js';
import { dsse } from '@sigstore/core';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { parseArtifactDigest, verifyBundle, type BundleVerification, type VerifyBundleOptions } from '../index.ts';
import { sharedTestSigstore, type KeyType } from '@sigguard/test-vectors';

type Hash = 'sha256' | 'sha384' | 'sha512';
const SUBJECT = 'keyless@sigguard.test';
const ISSUER = 'https://issuer.sigguard.test';
const identities = compileIdentities([{ subject: SUBJECT, issuer: ISSUER }]);

// Registered algorithm per certificate key type, and a hash the registry does not assign to it.
const TYPES: { type: KeyType; details: RegExp; wrongHash: Hash }[] = [
  { type: 'ecdsa-p256', details: /PKIX_ECDSA_P256_SHA_256: ECDSA with sha256/, wrongHash: 'sha384' },
  { type: 'ecdsa-p384', details: /PKIX_ECDSA_P384_SHA_384: ECDSA with sha384/, wrongHash: 'sha256' },
  { type: 'ecdsa-p521', details: /PKIX_ECDSA_P521_SHA_512: ECDSA with sha512/, wrongHash: 'sha256' },
  {
    type: 'rsa-pkcs1-2048',
    details: /PKIX_RSA_PKCS1V15_2048_SHA256: RSA PKCS#1 v1.5 with sha256/,
    wrongHash: 'sha384',
  },
  { type: 'rsa-pss-spki-2048', details: /PKIX_RSA_PSS_2048_SHA256: RSA-PSS with sha256/, wrongHash: 'sha384' },
  { type: 'ed25519', details: /PKIX_ED25519: Ed25519 \(pure\)/, wrongHash: 'sha384' },
];

function statementFor(artifact: Uint8Array) {
  const sha256 = createHash('sha256').update(artifact).digest('hex');
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'a', digest: { sha256 } }],
    predicateType: 'https://example.com/p',
    predicate: {},
  };
}

async function setup() {
  const sigstore = await sharedTestSigstore();
  return { sigstore, trustRoot: parseTrustedRoot(sigstore.trustedRoot()) };
}

function verifyJSON(bundle: object, options: VerifyBundleOptions): Promise<BundleVerification> {
  return verifyBundle(bundle as Record<string, unknown>, options);
}

function failure(r: BundleVerification): { code: string | undefined; message: string } {
  assert.equal(r.ok, false, 'must not verify');
  const failed = r.checks.filter((c) => c.status === 'fail');
  assert.equal(failed.length, 1, 'exactly one failing check');
  return { code: failed[0]!.code, message: failed[0]!.reason };
}

for (const { type, details, wrongHash } of TYPES) {
  for (const kind of ['message', 'DSSE'] as const) {
    test(`keyless ${type} ${kind}: verifies with the registered algorithm; wrong artifact, wrong hash and tampered signature are denied`, async () => {
      const { sigstore, trustRoot } = await setup();
      const artifact = new TextEncoder().encode(`keyless ${type} ${kind}`);
      const content = kind === 'message' ? { artifact } : { dsseStatement: statementFor(artifact) };
      const base = { subject: SUBJECT, issuer: ISSUER, keyType: type, withTimestamp: true, ...content };

      const good = await sigstore.signKeyless(base);
      const ok = await verifyJSON(good.bundle, { artifact, trustRoot, identities });
      assert.equal(ok.ok, true, `${ok.error?.code}: ${ok.error?.message}`);
      assert.match(ok.checks.find((c) => c.name === 'signature')!.reason, details);

      const other = await verifyJSON(good.bundle, {
        artifact: new TextEncoder().encode('another artifact'),
        trustRoot,
        identities,
      });
      assert.equal(failure(other).code, 'ARTIFACT_DIGEST');

      const tampered = await sigstore.signKeyless({ ...base, corruptSignature: true });
      const t = failure(await verifyJSON(tampered.bundle, { artifact, trustRoot, identities }));
      assert.equal(t.code, 'SIGNATURE');

      // Signed (and, for messages, declared) with a hash the registry does not give this key. The
      // log entry and timestamp are consistent, so only the algorithm rule can deny it. An Ed25519
      // DSSE signature has no hash to choose: its wrong-algorithm case is Ed25519ph (test below).
      if (type === 'ed25519' && kind === 'DSSE') return;
      const wrong = await sigstore.signKeyless({ ...base, hash: wrongHash });
      const w = failure(await verifyJSON(wrong.bundle, { artifact, trustRoot, identities }));
      assert.equal(w.code, 'SIGNATURE');
      if (kind === 'message') {
        assert.match(
          w.message,
          new RegExp(`message digest is ${wrongHash}.*disagrees with the key's registered algorithm`),
        );
      } else if (type.startsWith('ecdsa')) {
        assert.match(w.message, new RegExp(`signature is ECDSA with ${wrongHash}, but the algorithm registry assigns`));
      }
    });
  }
}

test('keyless P-384 signed over SHA-256 (deprecated PKIX_ECDSA_P384_SHA_256) is denied, also in digest form', async () => {
  const { sigstore, trustRoot } = await setup();
  const artifact = new TextEncoder().encode('p384 over sha256');
  const signed = await sigstore.signKeyless({
    subject: SUBJECT,
    issuer: ISSUER,
    keyType: 'ecdsa-p384',
    artifact,
    hash: 'sha256',
    withTimestamp: true,
  });
  const digest = parseArtifactDigest(`sha256:${createHash('sha256').update(artifact).digest('hex')}`)!;
  for (const input of [{ artifact }, { artifactDigest: digest }]) {
    const f = failure(await verifyJSON(signed.bundle, { ...input, trustRoot, identities }));
    assert.equal(f.code, 'SIGNATURE');
    assert.match(f.message, /PKIX_ECDSA_P384_SHA_384/);
  }
});

test('keyless Ed25519: an Ed25519ph signature over the DSSE PAE is denied and named (pure Ed25519 is the registered algorithm)', async () => {
  const { sigstore, trustRoot } = await setup();
  const artifact = new TextEncoder().encode('ed25519ph dsse');
  // No log entry or timestamp (thresholds 0, checked at signing time), so the signature is the only difference.
  const signed = await sigstore.signKeyless({
    subject: SUBJECT,
    issuer: ISSUER,
    keyType: 'ed25519',
    dsseStatement: statementFor(artifact),
    tlog: false,
  });
  const now = signed.signedAt;
  const options = { artifact, trustRoot, identities, now, tlogThreshold: 0, timestampThreshold: 0 };
  const pure = await verifyJSON(signed.bundle, options);
  assert.equal(pure.ok, true, pure.error?.message);

  const d = signed.key.privateKey.export({ format: 'jwk' }).d!;
  const env = signed.dsseEnvelope!;
  const pae = dsse.preAuthEncoding(env.payloadType, Buffer.from(env.payload, 'base64'));
  const ph = ed25519ph.sign(pae, Buffer.from(d, 'base64url'));
  const bundle = structuredClone(signed.bundle) as typeof signed.bundle & {
    dsseEnvelope: { signatures: { sig: string }[] };
  };
  bundle.dsseEnvelope.signatures[0]!.sig = Buffer.from(ph).toString('base64');
  const f = failure(await verifyJSON(bundle, options));
  assert.equal(f.code, 'SIGNATURE');
  assert.match(f.message, /Ed25519ph \(prehashed\).*not accepted/);
});

test('keyless Ed25519 message signatures may declare a sha512 message digest (pure Ed25519 signs the message itself)', async () => {
  const { sigstore, trustRoot } = await setup();
  const artifact = new TextEncoder().encode('ed25519 sha512 digest');
  const signed = await sigstore.signKeyless({
    subject: SUBJECT,
    issuer: ISSUER,
    keyType: 'ed25519',
    artifact,
    hash: 'sha512',
    withTimestamp: true,
  });
  const r = await verifyJSON(signed.bundle, { artifact, trustRoot, identities });
  assert.equal(r.ok, true, r.error?.message);
});

test('a keyless certificate whose key has no registered algorithm (RSA-1024) is denied with a reason', async () => {
  const { sigstore, trustRoot } = await setup();
  const artifact = new TextEncoder().encode('weak rsa certificate');
  const signed = await sigstore.signKeyless({
    subject: SUBJECT,
    issuer: ISSUER,
    keyType: 'rsa-pkcs1-1024',
    artifact,
    withTimestamp: true,
  });
  const f = failure(await verifyJSON(signed.bundle, { artifact, trustRoot, identities }));
  assert.equal(f.code, 'SIGNATURE');
  assert.match(f.message, /1024-bit RSA key, which has no signing algorithm in the Sigstore algorithm registry/);
});
