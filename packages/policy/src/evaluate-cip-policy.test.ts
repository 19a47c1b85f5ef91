// spec.policy's input document (policy-controller's pkg/webhook/validator_result.go): exactly what was
// asked for goes in, and what cannot be had fails the check with a reason, never an evaluation over
// absent data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePolicies } from './evaluate.ts';
import { parsePolicyDocuments } from './parse.ts';
import type { DecisionNode } from './decision.ts';
import type { EvidenceVerifier } from './evidence.ts';
import type { PredicateRunner } from './predicate-runner.ts';
import { ScriptedVerifier } from './testdata/scripted-verifier.ts';

const APP = `ghcr.io/acme/app@sha256:${'ab'.repeat(32)}`;
const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { tier: 'web' } },
  spec: { replicas: 2 },
};

function policyWith(flags: string) {
  return parsePolicyDocuments(`apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: p}
spec:
  images: [{glob: "ghcr.io/**"}]
  authorities: [{name: gate, static: {action: pass}}, {name: closed, static: {action: fail}}]
  policy: {type: cue, data: "authorityMatches: _", ${flags}}
`).policies;
}

/** Runs the policy with a runner that records its input and answers `verdict`. */
async function run(
  flags: string,
  options: Parameters<typeof evaluatePolicies>[3] = {},
  verifier: EvidenceVerifier = new ScriptedVerifier(),
  verdict: { ok: boolean; reason: string; code?: string } = { ok: true, reason: 'cue policy passed' },
) {
  const inputs: unknown[] = [];
  const runner: PredicateRunner = {
    attestation: async () => assert.fail('no attestations here'),
    document: async (_ref, input) => {
      inputs.push(input);
      return verdict;
    },
  };
  const d = await evaluatePolicies(APP, policyWith(flags), verifier, { ...options, predicateRunner: runner });
  const check = d.policies[0]!.children.find((c) => c.name === 'spec.policy') as DecisionNode;
  return { d, check, inputs };
}

test('only the passing authorities are in authorityMatches; nothing else unless asked for', async () => {
  const { d, check, inputs } = await run('includeSpec: false', { resource: DEPLOYMENT });
  assert.deepEqual(inputs, [{ authorityMatches: { gate: { static: true } } }]);
  assert.deepEqual(
    { kind: check.kind, status: check.status, reason: check.reason, children: check.children },
    { kind: 'check', status: 'pass', reason: 'cue policy passed', children: [] },
  );
  assert.equal(d.policies[0]!.reason, 'authority gate passed; spec.policy passed');
});

test("includeSpec, includeObjectMeta, includeTypeMeta put the resource's parts in", async () => {
  const { inputs } = await run('includeSpec: true, includeObjectMeta: true, includeTypeMeta: true', {
    resource: DEPLOYMENT,
  });
  assert.deepEqual(inputs, [
    {
      authorityMatches: { gate: { static: true } },
      spec: { replicas: 2 },
      metadata: { name: 'web', labels: { tier: 'web' } },
      typemeta: { kind: 'Deployment', apiVersion: 'apps/v1' },
    },
  ]);
});

test('a resource part that was asked for but not given fails the check (RESOURCE_MISSING) without running the engine', async () => {
  const cases: Array<[string, object | undefined, string]> = [
    ['includeSpec: true', { ...DEPLOYMENT, spec: undefined }, 'includeSpec is set but no resource spec was given'],
    ['includeSpec: true', undefined, 'includeSpec is set but no resource spec was given'],
    ['includeObjectMeta: true', undefined, 'includeObjectMeta is set but no resource metadata was given'],
    ['includeTypeMeta: true', undefined, 'includeTypeMeta is set but the resource kind/apiVersion was not given'],
    [
      'includeObjectMeta: true',
      { kind: 'Pod', apiVersion: 'v1' },
      'includeObjectMeta is set but no resource metadata was given',
    ],
    [
      'includeTypeMeta: true',
      { apiVersion: 'v1', metadata: {} },
      'includeTypeMeta is set but the resource kind/apiVersion was not given',
    ],
    [
      'includeTypeMeta: true',
      { kind: 'Pod', metadata: {} },
      'includeTypeMeta is set but the resource kind/apiVersion was not given',
    ],
  ];
  for (const [flags, resource, why] of cases) {
    const { d, check, inputs } = await run(flags, resource ? { resource } : {});
    assert.equal(d.allowed, false, flags);
    assert.deepEqual(inputs, [], `${flags}: the engine must not run`);
    assert.deepEqual(
      { kind: check.kind, status: check.status, code: check.code, children: check.children },
      { kind: 'check', status: 'fail', code: 'RESOURCE_MISSING', children: [] },
    );
    assert.equal(check.reason, `failed to evaluate the policy with error: ${why}`);
    assert.equal(d.policies[0]!.code, 'RESOURCE_MISSING');
  }
});

test("fetchConfigFile: the verifier's configs go in; its failure or silence fails the check", async () => {
  const v = new ScriptedVerifier();
  v.configs = { 'linux/amd64': { config: { User: '65532' } } };
  const ok = await run('fetchConfigFile: true', {}, v);
  assert.deepEqual(ok.inputs, [{ authorityMatches: { gate: { static: true } }, config: v.configs }]);

  v.configs = undefined;
  const failed = await run('fetchConfigFile: true', {}, v);
  assert.equal(failed.check.code, 'CONFIG_UNAVAILABLE');
  assert.equal(
    failed.check.reason,
    'failed to evaluate the policy with error: fetching the image config: no config in this registry',
  );

  const noConfigs = await run(
    'fetchConfigFile: true',
    {},
    { signatures: v.signatures.bind(v), attestations: v.attestations.bind(v) },
  );
  assert.equal(noConfigs.check.code, 'CONFIG_UNAVAILABLE');
  assert.equal(
    noConfigs.check.reason,
    'failed to evaluate the policy with error: fetchConfigFile is set but the verifier cannot fetch image configs',
  );

  const silent = {
    ...v,
    signatures: v.signatures.bind(v),
    attestations: v.attestations.bind(v),
    imageConfigs: () => new Promise<never>(() => {}),
  };
  const hung = await run('fetchConfigFile: true', { verifierTimeoutMs: 30 }, silent);
  assert.equal(hung.check.code, 'CONFIG_UNAVAILABLE');
  assert.match(
    hung.check.reason,
    /fetching the image config: verifier\.imageConfigs\(\) did not finish within 30 ms \[TIMEOUT\]$/,
  );
});

test("the engine's denial is the check's reason; without a code it is POLICY_FAILED", async () => {
  const { d, check } = await run('includeSpec: false', {}, new ScriptedVerifier(), {
    ok: false,
    reason: 'failed evaluating cue policy: x',
  });
  assert.equal(d.allowed, false);
  assert.deepEqual(
    { kind: check.kind, status: check.status, reason: check.reason, code: check.code, children: check.children },
    { kind: 'check', status: 'fail', reason: 'failed evaluating cue policy: x', code: 'POLICY_FAILED', children: [] },
  );
  assert.equal(d.policies[0]!.code, 'POLICY_FAILED');
});
