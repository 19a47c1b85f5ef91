// verifyImage with policy YAML text, which @sigguard/image parses once per distinct text: it decides as before
// with the cached documents, call after call (the decision changes when the policy text does).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { ALICE } from '@sigguard/test-vectors';
import { keylessImagePolicy, provenanceAttestation } from '@sigguard/test-vectors/support';
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
