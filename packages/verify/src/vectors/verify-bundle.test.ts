// Every committed vector through sigguard's own verifyBundle (@sigguard/verify), with the trust
// root parsed by @sigguard/trust-root and identities compiled by @sigguard/identity. The outcome
// (verified, or the code of the failing check) must be the one expected.json records; a case
// that unexpectedly verifies fails. Each case is checked with the artifact bytes and, where the
// bundle allows it, with the artifact's sha256 digest instead.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { parseArtifactDigest, publicKeyFromPem, verifyBundle, type BundleVerification } from '../index.ts';
import { loadVectors, type LoadedCase } from '@sigguard/test-vectors';

const cases = loadVectors();
const trustRoot = parseTrustedRoot(cases[0]?.trustedRootJSON ?? {});

function outcome(result: BundleVerification): string {
  if (result.ok) return 'verified';
  const failed = result.checks.find((c) => c.status === 'fail');
  return failed?.code ?? result.error?.code ?? 'failed without a failing check';
}

function expectedOutcome(c: LoadedCase): string {
  return c.expected.verified ? 'verified' : c.expected.code;
}

function options(c: LoadedCase) {
  return {
    trustRoot,
    now: c.verifyAtDate,
    ...(c.identity
      ? { identities: compileIdentities([{ subject: c.identity.subject, issuer: c.identity.issuer }]) }
      : {}),
    ...(c.keyPEM ? { keys: [publicKeyFromPem(c.keyPEM)] } : {}),
  };
}

for (const c of cases) {
  test(`verifyBundle: ${c.name} -> ${expectedOutcome(c)}`, async () => {
    const result = await verifyBundle(c.bundleJSON as Record<string, unknown>, {
      ...options(c),
      artifact: c.artifactBytes,
    });
    assert.equal(
      outcome(result),
      expectedOutcome(c),
      `${c.description}\nchecks: ${JSON.stringify(result.checks, null, 1)}`,
    );
    assert.equal(result.ok, c.expected.verified);
    if (!result.ok)
      assert.ok(
        result.checks.some((k) => k.status === 'fail' && k.reason.length > 0),
        'a denial names the failing check',
      );
  });
}

// Digest form: DSSE bundles and ECDSA P-256 message signatures over a sha256 digest can be
// checked from the artifact digest alone (keyless signers here are all P-256).
const P256_KEY_CASES = new Set(['key-v0.3-message', 'key-wrong-key']);
for (const c of cases.filter(
  (x) => 'dsseEnvelope' in (x.bundleJSON as object) || !x.keyPEM || P256_KEY_CASES.has(x.name),
)) {
  test(`verifyBundle (digest): ${c.name} -> ${expectedOutcome(c)}`, async () => {
    const result = await verifyBundle(c.bundleJSON as Record<string, unknown>, {
      ...options(c),
      artifactDigest: parseArtifactDigest(c.artifactDigest),
    });
    assert.equal(
      outcome(result),
      expectedOutcome(c),
      `${c.description}\nchecks: ${JSON.stringify(result.checks, null, 1)}`,
    );
  });
}
