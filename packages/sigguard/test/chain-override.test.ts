// Issue 3, source 8 end to end: a PEM chain override (withCertificateChain) replaces the CA set
// of one trust root for verification. A bundle whose Fulcio-style certificate comes from a CA
// the trusted root does not list is refused with the base root and verifies once that CA's
// chain replaces the CAs; the override also drops the original CA (it replaces, not adds).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { certPEM, sharedTestSigstore } from '@sigguard/test-vectors';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot, withCertificateChain } from '@sigguard/trust-root';
import { verifyBundle } from '@sigguard/verify';

const identity = { subject: 'ci@example.com', issuer: 'https://issuer.example.com' };

test('a PEM chain override replaces the CAs: the other CA verifies, the original one no longer does', async () => {
  const sigstore = await sharedTestSigstore();
  const base = parseTrustedRoot(sigstore.trustedRoot());
  const other = await sigstore.createOtherCA();
  const artifact = new TextEncoder().encode(`chain override ${Date.now()}`);
  const fromOther = await sigstore.signKeyless({ ...identity, artifact, ca: other });
  const fromBase = await sigstore.signKeyless({ ...identity, artifact });
  const identities = compileIdentities([identity]);

  const refused = await verifyBundle(fromOther.bundle, { artifact, trustRoot: base, identities });
  assert.equal(refused.ok, false);
  assert.equal(refused.error?.code, 'CERTIFICATE_CHAIN', refused.error?.message);

  // Intermediate then root, as a user would paste the chain.
  const chain = certPEM(other.intermediate.cert) + certPEM(other.root.cert);
  const overridden = withCertificateChain(base, chain, 'authority a ca-cert');
  const accepted = await verifyBundle(fromOther.bundle, { artifact, trustRoot: overridden, identities });
  assert.equal(accepted.ok, true, `${accepted.error?.code}: ${accepted.error?.message}`);

  const original = await verifyBundle(fromBase.bundle, { artifact, trustRoot: overridden, identities });
  assert.equal(original.ok, false, 'the overridden root must no longer trust the replaced CA');
  assert.equal(original.error?.code, 'CERTIFICATE_CHAIN', original.error?.message);
  // and the base root is unchanged
  assert.equal((await verifyBundle(fromBase.bundle, { artifact, trustRoot: base, identities })).ok, true);
});
