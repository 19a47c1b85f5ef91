// Policy YAML parsed once per distinct text: the same text (and source name) gives the same frozen documents,
// another text or source parses anew, a text that fails is not kept, and verifyImage decides as before with the
// cached documents, call after call (the decision changes when the policy text does).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { ALICE } from '@sigguard/test-vectors';
import { keylessImagePolicy, provenanceAttestation } from '@sigguard/test-vectors/support';
import { parsePolicyDocumentsCached } from './policy-documents-cache.ts';
import { verifyImage } from './verify-image.ts';

const vectors = join(import.meta.dirname, '..', '..', '..', 'test-vectors');
const bundle = readFileSync(join(vectors, 'bundles/keyless-dsse-subject-match/bundle.sigstore.json'), 'utf8');
const ref = 'ghcr.io/acme/app@sha256:ec0e5e69c77c3f400855d9cac0bdec908b1c36b26dcb245227128f4ac3776505';
const trustRoot = parseTrustedRoot(readFileSync(join(vectors, 'trusted_root.json'), 'utf8'));
const policy = (subject: string) =>
  keylessImagePolicy({
    name: 'signed',
    glob: 'ghcr.io/acme/**',
    identities: [{ issuer: ALICE.issuer, subject }],
    tail: provenanceAttestation(),
  });

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

test('verifyImage with policy text decides from the cached documents as before, call after call', async () => {
  const options = (subject: string) => ({
    policies: policy(subject),
    defaultTrustRoot: trustRoot,
    evidence: { bundles: [bundle] },
    cache: false as const,
  });
  for (let i = 0; i < 2; i++) {
    assert.equal((await verifyImage(ref, options('alice@example.com'))).allowed, true);
    const denied = await verifyImage(ref, options('mallory@example.com'));
    assert.equal(denied.allowed, false);
  }
});
