// Issue 7, binding of a messageSignature bundle (no DSSE) to the image digest, offline through
// verifyImage(): a Sigstore bundle whose message signature is over image A's manifest bytes admits A,
// never B, and a bundle that claims B's digest while its signature is over A's bytes never admits B.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { sharedTestSigstore } from '@sigguard/test-vectors';
import { CI, keylessPolicy } from '@sigguard/test-vectors/support';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { parsePolicyDocuments } from '@sigguard/policy';
import { verifyImage } from 'sigguard';

const policies = parsePolicyDocuments(keylessPolicy('signed-by-ci', 'registry.test/**', [CI.subject])).policies;

const manifest = (n: string) =>
  new TextEncoder().encode(
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', annotations: { n } }),
  );
const digestOf = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

test('a message-signature bundle binds to the digest it signs, and only to it', async () => {
  const sigstore = await sharedTestSigstore();
  const defaultTrustRoot = parseTrustedRoot(sigstore.trustedRoot());
  const a = manifest('a');
  const b = manifest('b');
  const signed = await sigstore.signKeyless({
    subject: 'ci@example.com',
    issuer: 'https://issuer.example.com',
    artifact: a,
  });
  assert.equal(
    (signed.bundle as any).messageSignature?.messageDigest?.algorithm,
    'SHA2_256',
    'a message-signature bundle',
  );
  const bundles = [JSON.stringify(signed.bundle)];

  const forA = await verifyImage(`registry.test/app@${digestOf(a)}`, {
    policies,
    defaultTrustRoot,
    evidence: { bundles },
  });
  assert.equal(forA.allowed, true, forA.summary);

  const forB = await verifyImage(`registry.test/app@${digestOf(b)}`, {
    policies,
    defaultTrustRoot,
    evidence: { bundles },
  });
  assert.equal(forB.allowed, false, 'a signature over A must not admit B');
  assert.match(JSON.stringify(forB.policies), /not the image|ARTIFACT_DIGEST/);

  // The bundle's messageDigest rewritten to claim B: the signature is still over A's bytes.
  const lying = structuredClone(signed.bundle) as any;
  lying.messageSignature.messageDigest.digest = Buffer.from(digestOf(b).slice(7), 'hex').toString('base64');
  const claimB = await verifyImage(`registry.test/app@${digestOf(b)}`, {
    policies,
    defaultTrustRoot,
    evidence: { bundles: [JSON.stringify(lying)] },
  });
  assert.equal(claimB.allowed, false, 'a claimed digest is not a signature over it');
  assert.match(
    JSON.stringify(claimB.policies),
    /SIGNATURE|TLOG/,
    'denied by the signature or log check, not by parsing',
  );
});
