// Policy YAML parsed once per distinct text: the same text (and source name) gives the same frozen documents,
// another text or source parses anew, a text that fails is not kept (verifyImage on the cached documents:
// packages/sigguard/src/verify-image-policy-text.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicyDocumentsCached } from './policy-documents-cache.ts';

const policy = (subject: string) => `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: signed }
spec:
  images: [{ glob: "ghcr.io/acme/**" }]
  authorities:
    - keyless:
        url: https://fulcio.sigguard.test
        identities: [{ issuer: https://accounts.example.com, subject: ${subject} }]
      attestations:
        - name: provenance
          predicateType: https://slsa.dev/provenance/v1
`;

test('the same text and source give the same frozen documents; another text or source parses anew', () => {
  const a = parsePolicyDocumentsCached(policy('alice@example.com'), 'p');
  assert.equal(parsePolicyDocumentsCached(policy('alice@example.com'), 'p'), a);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.policies) && Object.isFrozen(a.policies[0]));
  assert.throws(() => (a.policies as unknown[]).push({}), TypeError);
  assert.notEqual(parsePolicyDocumentsCached(policy('alice@example.com'), 'q'), a);
  assert.notEqual(parsePolicyDocumentsCached(policy('bob@example.com'), 'p'), a);
});

test('a text that does not parse is refused every time (nothing kept)', () => {
  for (let i = 0; i < 2; i++) assert.throws(() => parsePolicyDocumentsCached('kind: [', 'bad'), /bad/);
});

test('bounded: after 32 other texts the first is parsed anew; a text in use stays', () => {
  const first = parsePolicyDocumentsCached(policy('first@example.com'), 'bound');
  const kept = parsePolicyDocumentsCached(policy('kept@example.com'), 'bound');
  for (let i = 0; i < 31; i++) {
    parsePolicyDocumentsCached(policy(`u${i}@example.com`), 'bound');
    assert.equal(parsePolicyDocumentsCached(policy('kept@example.com'), 'bound'), kept);
  }
  assert.notEqual(parsePolicyDocumentsCached(policy('first@example.com'), 'bound'), first);
  assert.equal(parsePolicyDocumentsCached(policy('kept@example.com'), 'bound'), kept);
});
