// Policies built by hand (not through parsePolicyDocuments) are still evaluated fail closed:
// a field the parser would have refused must not turn into an allow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePolicies } from './evaluate.ts';
import { parsePolicyDocuments } from './parse.ts';
import { ScriptedVerifier } from './testdata/scripted-verifier.ts';

const APP = `ghcr.io/acme/app@sha256:${'ab'.repeat(32)}`;
const [base] = parsePolicyDocuments(`apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: p }
spec:
  images: [{ glob: "ghcr.io/**" }]
  authorities:
    - name: ci
      keyless: { identities: [{ issuer: https://i.example.com, subject: ci@example.com }] }
`).policies;

test('hand-built requiredAuthorities outside 1..authorities never lets an unsigned image through', async () => {
  for (const n of [0, -1, Number.NaN, 1.5, 2, '1' as unknown as number]) {
    const d = await evaluatePolicies(APP, [{ ...base!, requiredAuthorities: n }], new ScriptedVerifier());
    assert.equal(d.allowed, false, `requiredAuthorities ${String(n)}: ${d.summary}`);
  }
});

test('a resource without kind/apiVersion cannot rule out a spec.match policy: it applies, with a warning', async () => {
  const [deploymentsOnly] = parsePolicyDocuments(`apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: deployments-signed }
spec:
  images: [{ glob: "ghcr.io/**" }]
  match: [{ group: apps, version: v1, resource: deployments }]
  authorities:
    - keyless: { identities: [{ issuer: https://i.example.com, subject: ci@example.com }] }
`).policies;
  for (const resource of [{ metadata: { name: 'web' } }, { kind: 'Deployment', metadata: {} }]) {
    const d = await evaluatePolicies(APP, [deploymentsOnly!], new ScriptedVerifier(), {
      resource,
      noMatchPolicy: 'allow',
    });
    assert.deepEqual(d.matchedPolicies, ['deployments-signed'], JSON.stringify(resource));
    assert.equal(d.allowed, false, d.summary);
    assert.match(d.warnings.join('\n'), /kind\/apiVersion/);
  }
});

test('a hand-built glob that is not a string makes its policy fail, even under no-match-policy allow', async () => {
  for (const glob of [42, null, '']) {
    const policy = { ...base!, images: [{ glob: glob as unknown as string }] };
    const d = await evaluatePolicies(APP, [policy], new ScriptedVerifier(), { noMatchPolicy: 'allow' });
    assert.equal(d.allowed, false, `glob ${String(glob)}: ${d.summary}`);
    assert.equal(d.policies[0]?.code, 'POLICY_UNUSABLE');
    assert.match(d.summary, /glob is empty/);
  }
});
