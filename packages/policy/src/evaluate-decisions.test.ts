// evaluatePolicies' own decisions and the shape of what it answers (mutation testing): a parsed
// ImageRef as input, the decision for a reference that does not parse, no-match summaries,
// the node of every policy failure, and the reasons that join several authorities.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluatePolicies } from './evaluate.ts';
import { parsePolicyDocuments } from './parse.ts';
import { parseImageRef } from './reference.ts';
import { ScriptedVerifier, failedSignature, verifiedSignature } from './testdata/scripted-verifier.ts';
import type { ClusterImagePolicy } from './types.ts';

const APP = `ghcr.io/acme/app@sha256:${'ab'.repeat(32)}`;
const ID = '{ identities: [{ issuer: https://i.example.com, subject: ci@example.com }] }';

function policy(authorities: string, name = 'p'): ClusterImagePolicy {
  return parsePolicyDocuments(`apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: ${name} }
spec:
  images: [{ glob: "ghcr.io/**" }]
  authorities:
${authorities}`).policies[0]!;
}
const twoKeyless = policy(`    - { name: a, keyless: ${ID} }\n    - { name: b, keyless: ${ID} }`);

test('an ImageRef already parsed is used as it is', async () => {
  const ref = parseImageRef(APP);
  const d = await evaluatePolicies(ref, [policy('    - static: { action: pass }')], new ScriptedVerifier());
  assert.equal(d.allowed, true, d.summary);
  assert.deepEqual(d.image, { input: APP, name: APP, digest: `sha256:${'ab'.repeat(32)}` });
});

test('a reference that does not parse: a denial with nothing matched, naming the input', async () => {
  const d = await evaluatePolicies('ghcr.io/acme/App:1', [twoKeyless], new ScriptedVerifier());
  assert.deepEqual(
    { ...d, summary: undefined },
    {
      allowed: false,
      summary: undefined,
      warnings: [],
      image: { input: 'ghcr.io/acme/App:1', name: 'ghcr.io/acme/App:1' },
      matchedPolicies: [],
      policies: [],
    },
  );
  assert.match(d.summary, /^denied: could not parse reference/);
});

test('no matching policy: the summary of each no-match-policy, and nothing evaluated', async () => {
  const other = `docker.io/library/busybox@sha256:${'cd'.repeat(32)}`;
  const name = 'index.docker.io/library/busybox@sha256:' + 'cd'.repeat(32);
  const want = {
    deny: { allowed: false, summary: `denied: no matching policies: ${name}`, warnings: [] },
    warn: {
      allowed: true,
      summary: `allowed with warnings: no matching policies: ${name}`,
      warnings: [`no matching policies: ${name}`],
    },
    allow: { allowed: true, summary: `allowed: no matching policies: ${name} (no-match-policy allow)`, warnings: [] },
  } as const;
  for (const mode of ['deny', 'warn', 'allow'] as const) {
    const d = await evaluatePolicies(other, [twoKeyless], new ScriptedVerifier(), { noMatchPolicy: mode });
    assert.deepEqual(
      {
        allowed: d.allowed,
        summary: d.summary,
        warnings: d.warnings,
        matched: d.matchedPolicies,
        policies: d.policies,
      },
      { ...want[mode], matched: [], policies: [] },
      mode,
    );
  }
});

test('every policy failure is a policy node without children: unusable glob, no authorities, bad N, crash', async () => {
  const v = new ScriptedVerifier();
  const unusable = { ...twoKeyless, name: 'unusable', images: [{ glob: '' }] };
  const empty = { ...twoKeyless, name: 'empty', authorities: [] };
  const tooMany = { ...twoKeyless, name: 'too-many', requiredAuthorities: 3 };
  const crashing = { ...twoKeyless, name: 'crashing', authorities: [null as never] };
  const d = await evaluatePolicies(APP, [unusable, empty, tooMany, crashing], v, { noMatchPolicy: 'allow' });
  const byName = Object.fromEntries(d.policies.map((n) => [n.name, n]));
  for (const [name, code] of [
    ['unusable', 'POLICY_UNUSABLE'],
    ['empty', 'NO_AUTHORITIES'],
    ['too-many', 'POLICY_INVALID'],
    ['crashing', 'INTERNAL'],
  ] as const) {
    const n = byName[name];
    assert.ok(n, `${name} in ${Object.keys(byName).join(', ')}`);
    assert.deepEqual([n.kind, n.status, n.code, n.children], ['policy', 'fail', code, []], name);
  }
  assert.equal(byName['too-many']!.reason, 'requiredAuthorities 3 is not a whole number from 1 to 2');
  assert.deepEqual(v.calls, [], 'no verifier call for a policy that cannot pass');
});

test('several failing authorities are joined with "; " in the policy reason', async () => {
  const v = new ScriptedVerifier();
  v.signatureScript['a'] = [failedSignature('s1', 'identity', 'wrong subject', 'IDENTITY')];
  const d = await evaluatePolicies(APP, [twoKeyless], v);
  const n = d.policies[0]!;
  assert.equal(n.code, 'NO_AUTHORITY_PASSED');
  assert.match(n.reason, /^no authority passed: a: .*wrong subject; b: .*no signatures found$/);

  const two = { ...twoKeyless, requiredAuthorities: 2 };
  v.signatureScript['b'] = [failedSignature('s2', 'identity', 'wrong issuer', 'IDENTITY')];
  const n2 = (await evaluatePolicies(APP, [two], v)).policies[0]!;
  assert.equal(n2.code, 'TOO_FEW_AUTHORITIES');
  assert.match(n2.reason, /; failed: a: .*wrong subject; b: .*wrong issuer$/);
});

test('any-one policies: every passing authority is named; no distinct-signer count is asked for', async () => {
  const v = new ScriptedVerifier();
  const same = verifiedSignature('s', 'ci@example.com', 'https://i.example.com');
  v.signatureScript['a'] = [same];
  v.signatureScript['b'] = [same];
  const d = await evaluatePolicies(APP, [twoKeyless], v);
  assert.equal(d.allowed, true, d.summary);
  assert.deepEqual(
    [d.policies[0]!.kind, d.policies[0]!.status, d.policies[0]!.reason],
    ['policy', 'pass', 'authority a, b passed'],
  );
  const statics = policy('    - { name: s, static: { action: pass } }');
  const s = (await evaluatePolicies(APP, [statics], v)).policies[0]!;
  assert.deepEqual([s.status, s.reason], ['pass', 'authority s passed']);
});

test('a hand-built policy whose authorities are not a list is denied (INTERNAL), never thrown', async () => {
  for (const authorities of [null, undefined, {}, 'x']) {
    const broken = { ...twoKeyless, authorities: authorities as never };
    const d = await evaluatePolicies(APP, [broken], new ScriptedVerifier());
    assert.equal(d.allowed, false, String(authorities));
    assert.deepEqual([d.policies[0]!.code, d.policies[0]!.status], ['INTERNAL', 'fail'], String(authorities));
  }
});
