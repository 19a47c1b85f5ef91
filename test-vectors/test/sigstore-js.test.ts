// Every committed vector through plain @sigstore/verify, a real verifier independent of ours:
// its answer must be the one recorded in expected.json (`sigstoreJs`).
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { test } from 'node:test';
import { bundleFromJSON } from '@sigstore/bundle';
import { PublicKeyDetails, TrustedRoot, type PublicKey } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { loadVectors, type LoadedCase } from '../src/vectors/expected.ts';

function sigstoreJsOutcome(c: LoadedCase): string {
  try {
    const bundle = bundleFromJSON(c.bundleJSON);
    const keys: Record<string, PublicKey> = {};
    const material = bundle.verificationMaterial.content;
    if (c.keyPEM && material.$case === 'publicKey') {
      keys[material.publicKey.hint] = {
        rawBytes: createPublicKey(c.keyPEM).export({ format: 'der', type: 'spki' }),
        keyDetails: PublicKeyDetails.PUBLIC_KEY_DETAILS_UNSPECIFIED,
      };
    }
    const trust = toTrustMaterial(TrustedRoot.fromJSON(c.trustedRootJSON), keys);
    const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: c.keyPEM ? 0 : 1, timestampThreshold: 1 });
    const policy = c.identity
      ? { subjectAlternativeName: c.identity.subject, extensions: { issuer: c.identity.issuer } }
      : undefined;
    verifier.verify(toSignedEntity(bundle, Buffer.from(c.artifactBytes)), policy);
    return 'verified';
  } catch (e) {
    return (e as { code?: string }).code ?? `uncoded: ${String(e)}`;
  }
}

const cases = loadVectors();

test('the vectors cover the cases the foundation issue asks for', () => {
  const names = new Set(cases.map((c) => c.name));
  for (const required of [
    'keyless-v0.3-message',
    'key-v0.3-message',
    'keyless-dsse-subject-match',
    'keyless-dsse-subject-mismatch',
    'keyless-wrong-identity',
    'keyless-wrong-issuer',
    'keyless-other-ca',
    'keyless-tampered-signature',
    'keyless-wrong-artifact',
    'keyless-expired-with-tsa',
    'keyless-expired-with-set',
    'keyless-expired-without-timestamp',
    'keyless-github-workflow',
  ])
    assert.ok(names.has(required), `missing case ${required}`);
  assert.ok(cases.some((c) => c.expected.verified) && cases.some((c) => !c.expected.verified));
});

for (const c of cases) {
  test(`@sigstore/verify: ${c.name} -> ${c.sigstoreJs}`, () => {
    assert.equal(sigstoreJsOutcome(c), c.sigstoreJs, c.description);
  });
}
