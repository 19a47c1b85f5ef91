// The one-line summary people read, the N-of-M distinct-signer rule, our own crashes, and the
// engine the caller chose: each is a decision of evaluatePolicies with its own wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePolicies } from './evaluate.ts';
import { parsePolicyDocuments } from './parse.ts';
import type { PredicateRunner } from './predicate-runner.ts';
import { ScriptedVerifier, verifiedSignature } from './testdata/scripted-verifier.ts';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const APP = `ghcr.io/acme/app@${DIGEST}`;
const cip = (name: string, spec: string, annotations = '') =>
  parsePolicyDocuments(`apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: ${name}${annotations}}
spec:
  images: [{glob: "ghcr.io/**"}]
${spec}`).policies;
const staticPolicy = (name: string, action: 'pass' | 'fail', mode = 'enforce') =>
  cip(name, `  mode: ${mode}\n  authorities: [{name: gate, static: {action: ${action}}}]\n`);

test('summary: the first failed policy, then how many more failed', async () => {
  const v = new ScriptedVerifier();
  const two = await evaluatePolicies(
    APP,
    [...staticPolicy('a', 'pass'), ...staticPolicy('b', 'fail'), ...staticPolicy('c', 'fail')],
    v,
  );
  assert.equal(
    two.summary,
    `denied: ${APP}: failed policy b: no authority passed: gate: disallowed by static policy (and 1 more failed policy)`,
  );
  const three = await evaluatePolicies(
    APP,
    ['b', 'c', 'd'].flatMap((n) => staticPolicy(n, 'fail')),
    v,
  );
  assert.match(three.summary, /^denied: .*: failed policy b: .* \(and 2 more failed policies\)$/);
  const one = await evaluatePolicies(APP, staticPolicy('b', 'fail'), v);
  assert.equal(one.summary, `denied: ${APP}: failed policy b: no authority passed: gate: disallowed by static policy`);
});

test('summary: allowed names every policy it satisfied; with warnings it says so', async () => {
  const v = new ScriptedVerifier();
  assert.equal(
    (await evaluatePolicies(APP, staticPolicy('a', 'pass'), v)).summary,
    `allowed: ${APP} satisfies 1 policy (a)`,
  );
  const both = await evaluatePolicies(APP, [...staticPolicy('a', 'pass'), ...staticPolicy('b', 'pass')], v);
  assert.equal(both.summary, `allowed: ${APP} satisfies 2 policies (a, b)`);
  assert.deepEqual(both.warnings, []);
  const warned = await evaluatePolicies(
    APP,
    [...staticPolicy('a', 'pass'), ...staticPolicy('soft', 'fail', 'warn')],
    v,
  );
  assert.equal(warned.allowed, true);
  assert.equal(warned.summary, `allowed with warnings: ${APP}: 2 policies evaluated (a, soft)`);
  assert.equal(find(warned.policies, 'a').reason, 'authority gate passed');
  const tagged = await evaluatePolicies('ghcr.io/acme/app:v1', staticPolicy('a', 'pass'), v);
  assert.deepEqual(tagged.image, { input: 'ghcr.io/acme/app:v1', name: 'ghcr.io/acme/app:v1' });
});

const find = (nodes: { name: string; reason: string; code?: string; status: string }[], name: string) => {
  const n = nodes.find((x) => x.name === name);
  assert.ok(n, name);
  return n;
};

test('N-of-M: one signer satisfying two authorities is one approval (TOO_FEW_SIGNERS)', async () => {
  const keyless = '{identities: [{issuer: "https://idp.example.com", subjectRegExp: "@example\\\\.com$"}]}';
  const policies = cip(
    'two-people',
    `  authorities:\n    - {name: first, keyless: ${keyless}}\n    - {name: second, keyless: ${keyless}}\n`,
    ', annotations: {sigguard.dev/required-authorities: "2"}',
  );
  const v = new ScriptedVerifier();
  v.signatureScript['first'] = [verifiedSignature('s1', 'alice@example.com', 'https://idp.example.com')];
  v.signatureScript['second'] = [verifiedSignature('s1', 'alice@example.com', 'https://idp.example.com')];
  let d = await evaluatePolicies(APP, policies, v);
  assert.equal(d.allowed, false);
  const node = find(d.policies, 'two-people');
  assert.equal(node.code, 'TOO_FEW_SIGNERS');
  assert.equal(
    node.reason,
    '2 authorities passed (first, second) but only 1 with distinct ' +
      'signers; 2 required (sigguard.dev/required-authorities)',
  );
  v.signatureScript['second'] = [verifiedSignature('s2', 'bob@example.com', 'https://idp.example.com')];
  d = await evaluatePolicies(APP, policies, v);
  assert.equal(d.allowed, true, d.summary);
  assert.equal(find(d.policies, 'two-people').reason, '2 authorities passed (first, second; 2 required)');
  v.signatureScript['second'] = [];
  d = await evaluatePolicies(APP, policies, v);
  assert.equal(find(d.policies, 'two-people').code, 'TOO_FEW_AUTHORITIES');
  assert.match(
    find(d.policies, 'two-people').reason,
    /^1 of the 2 required authorities passed \(sigguard\.dev\/required-authorities\); failed: second: signature keyless validation failed/,
  );
});

test('our own crash while evaluating a policy denies (INTERNAL); a warn policy still only warns', async () => {
  const [base] = staticPolicy('crashy', 'pass');
  const broken = { ...base!, authorities: [null as never] };
  const d = await evaluatePolicies(APP, [broken], new ScriptedVerifier());
  assert.equal(d.allowed, false);
  assert.equal(d.policies[0]!.code, 'INTERNAL');
  assert.match(d.policies[0]!.reason, /^internal error while evaluating: /);
  const soft = await evaluatePolicies(APP, [{ ...broken, mode: 'warn' }], new ScriptedVerifier());
  assert.equal(soft.allowed, true);
  assert.equal(soft.policies[0]!.status, 'warn');
  assert.match(soft.warnings[0]!, /^failed policy: crashy: internal error while evaluating: /);
});

test("spec.policy runs on the engine the caller gave (predicateRunner), and its denial is the policy's", async () => {
  const policies = cip(
    'with-policy',
    '  authorities: [{name: gate, static: {action: pass}}]\n  policy: {type: cue, data: "authorityMatches: _"}\n',
  );
  const asked: unknown[] = [];
  const runner: PredicateRunner = {
    attestation: async () => assert.fail('no attestations here'),
    document: async (_ref, input) => {
      asked.push(input);
      return { ok: false, reason: 'custom engine says no', code: 'CUSTOM' };
    },
  };
  const d = await evaluatePolicies(APP, policies, new ScriptedVerifier(), { predicateRunner: runner });
  assert.equal(d.allowed, false);
  assert.deepEqual(asked, [{ authorityMatches: { gate: { static: true } } }]);
  const node = find(d.policies, 'with-policy');
  assert.equal(node.reason, 'custom engine says no');
  assert.equal(node.code, 'CUSTOM');
});
