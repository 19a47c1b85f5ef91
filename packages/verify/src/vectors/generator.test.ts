// The generator itself, run in memory on a fresh instance: every case it would write has the
// outcome it declares under verifyBundle, and the committed expected.json lists the same cases
// with the same expectations (so the committed output is not stale against src/vectors/cases.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { publicKeyFromPem, verifyBundle } from '../index.ts';
import { buildCases, createTestSigstore, loadVectors } from '@sigguard/test-vectors';

const sigstore = await createTestSigstore();
const fresh = await buildCases(sigstore);
const trustRoot = parseTrustedRoot(sigstore.trustedRoot());

test('committed expected.json matches the cases the generator declares', () => {
  const committed = loadVectors();
  assert.deepEqual(
    committed.map((c) => [c.name, c.expected, c.sigstoreJs, c.verifyAt, c.identity ?? null]),
    fresh.map((c) => [c.name, c.expected, c.sigstoreJs, c.verifyAt.toISOString(), c.identity ?? null]),
    'expected.json is stale: run pnpm --filter @sigguard/test-vectors generate',
  );
});

test('freshly generated cases verify (or fail) as declared', async () => {
  for (const c of fresh) {
    const result = await verifyBundle(c.bundle as never, {
      artifact: c.artifact,
      trustRoot,
      now: c.verifyAt,
      ...(c.identity ? { identities: compileIdentities([c.identity]) } : {}),
      ...(c.key ? { keys: [publicKeyFromPem(c.key.publicKeyPEM)] } : {}),
    });
    const got = result.ok ? 'verified' : result.checks.find((k) => k.status === 'fail')?.code;
    assert.equal(got, c.expected.verified ? 'verified' : c.expected.code, c.name);
  }
});
