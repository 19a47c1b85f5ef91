// The CIP-level policy input's signature and attestation entries, as policy-controller's
// validator_result.go fills them (found by mutation testing): each field from its source, empty
// values omitted like Go's `omitempty`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EvidenceResult } from './evidence.ts';
import { toPolicyAttestation, toPolicySignature } from './policy-input.ts';

const full: EvidenceResult = {
  id: 'sig-1',
  ok: true,
  checks: [],
  digest: 'sha256:abc',
  signer: {
    subject: 'https://github.com/o/r/.github/workflows/w.yml@refs/heads/main',
    issuer: 'https://token.actions.githubusercontent.com',
    extensions: {
      githubWorkflowTrigger: 'push',
      githubWorkflowSHA: '0123abcd',
      githubWorkflowName: 'release',
      githubWorkflowRepository: 'o/r',
      githubWorkflowRef: 'refs/heads/main',
      sourceRepositoryURI: 'https://github.com/o/r',
    },
  },
};

test('a signature entry carries the id, subject, issuer and the five GitHub workflow fields', () => {
  assert.deepEqual(toPolicySignature(full), {
    id: 'sig-1',
    subject: 'https://github.com/o/r/.github/workflows/w.yml@refs/heads/main',
    issuer: 'https://token.actions.githubusercontent.com',
    githubWorkflowTrigger: 'push',
    githubWorkflowSha: '0123abcd',
    githubWorkflowName: 'release',
    githubWorkflowRepo: 'o/r',
    githubWorkflowRef: 'refs/heads/main',
  });
});

test('empty and absent values are omitted (omitempty), also without a signer', () => {
  const empty = {
    ...full,
    signer: { subject: '', issuer: '', extensions: { githubWorkflowTrigger: '' } },
  } as EvidenceResult;
  assert.deepEqual(toPolicySignature(empty), { id: 'sig-1' });
  assert.deepEqual(toPolicySignature({ id: 'k', ok: true, checks: [] }), { id: 'k' });
  assert.deepEqual(toPolicyAttestation({ id: 'k', ok: true, checks: [], digest: '' }, 'slsaprovenance'), {
    id: 'k',
    predicateType: 'slsaprovenance',
  });
});

test('an attestation entry adds the predicate type as written in the CIP and the digest', () => {
  const a = toPolicyAttestation(full, 'https://slsa.dev/provenance/v1');
  assert.equal(a.predicateType, 'https://slsa.dev/provenance/v1');
  assert.equal(a.digest, 'sha256:abc');
  assert.equal(a.githubWorkflowRepo, 'o/r');
});
