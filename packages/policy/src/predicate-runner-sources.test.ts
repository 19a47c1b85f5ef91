// The predicate runner's decisions before any engine runs (mutation testing): an attestation
// without a statement, policy sources it cannot use (configMapRef outside a cluster, a remote policy
// whose bytes do not match its sha256sum), the caller's fetch used, one download per policy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EvidenceResult } from './evidence.ts';
import { createPredicateRunner } from './predicate-runner.ts';
import type { AttestationRequirement, PolicyRef } from './types.ts';

const FLAGS = { fetchConfigFile: false, includeSpec: false, includeObjectMeta: false, includeTypeMeta: false };
const requirement = { name: 'provenance', predicateType: 'https://slsa.dev/provenance/v1' } as AttestationRequirement;
const statement = {
  _type: 'https://in-toto.io/Statement/v1',
  predicateType: 'https://slsa.dev/provenance/v1',
  subject: [],
  predicate: {},
};
const evidence = (withStatement: boolean): EvidenceResult =>
  ({ id: 'att-1', ok: true, checks: [], ...(withStatement ? { statement } : {}) }) as EvidenceResult;

test('an attestation without a verified statement is refused before any policy is loaded', async () => {
  let fetched = 0;
  const runner = createPredicateRunner({ fetch: async () => (fetched++, new Response('x')) });
  const ref: PolicyRef = {
    type: 'cue',
    remote: { url: 'https://policy.example/p.cue', sha256sum: 'a'.repeat(64) },
    ...FLAGS,
  };
  assert.deepEqual(await runner.attestation(ref, evidence(false), requirement), {
    ok: false,
    reason: 'the verifier returned no in-toto statement for this attestation',
    code: 'PAYLOAD_INVALID',
  });
  assert.equal(fetched, 0);
});

test('a configMapRef policy cannot be read outside a cluster: a POLICY_SOURCE denial naming it', async () => {
  const runner = createPredicateRunner();
  const ref: PolicyRef = { type: 'cue', configMapRef: { name: 'policies', key: 'slsa.cue' }, ...FLAGS };
  for (const v of [await runner.document(ref, {}), await runner.attestation(ref, evidence(true), requirement)]) {
    assert.equal(v.ok, false);
    assert.equal(v.code, 'POLICY_SOURCE');
    assert.match(v.reason, /configMapRef policies\/slsa\.cue is not supported outside a cluster/);
  }
});

test('a remote policy is fetched with the given fetch, once per policy, and its sha256sum is checked', async () => {
  const urls: string[] = [];
  const runner = createPredicateRunner({
    fetch: async (url) => (urls.push(String(url)), new Response('package sigstore\n')),
  });
  const ref: PolicyRef = {
    type: 'cue',
    remote: { url: 'https://policy.example/p.cue', sha256sum: 'b'.repeat(64) },
    ...FLAGS,
  };
  const first = await runner.document(ref, {});
  const second = await runner.attestation(ref, evidence(true), requirement);
  for (const v of [first, second]) {
    assert.equal(v.ok, false);
    assert.equal(v.code, 'POLICY_SOURCE');
    assert.match(
      v.reason,
      /^policy at https:\/\/policy\.example\/p\.cue has sha256 [0-9a-f]{64}, but sha256sum says b{64} \[POLICY_SOURCE\]$/,
    );
  }
  assert.deepEqual(urls, ['https://policy.example/p.cue']);
});
