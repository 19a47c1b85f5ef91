// evaluateAuthority's decisions and the reasons it gives (mutation testing): how many failure
// reasons a denial lists, several failing attestation requirements, what a passing authority says,
// and the bundle format's one-identity rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecisionNode } from './decision.ts';
import { evaluateAuthority } from './evaluate-authority.ts';
import type { EvaluationContext } from './evaluation-context.ts';
import type { EvidenceResult } from './evidence.ts';
import { parsePolicyDocuments } from './parse.ts';
import { defaultPredicateRunner, type PredicateRunner } from './predicate-runner.ts';
import { parseImageRef } from './reference.ts';
import { ScriptedVerifier, attestation, failedSignature, verifiedSignature } from './testdata/scripted-verifier.ts';
import type { Authority } from './types.ts';

const APP = `ghcr.io/acme/app@sha256:${'ab'.repeat(32)}`;
const SLSA = 'https://slsa.dev/provenance/v1';

function authorityOf(body: string): Authority {
  const { policies } = parsePolicyDocuments(`apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: p }
spec:
  images: [{ glob: "**" }]
  authorities:
${body}`);
  return policies[0]!.authorities[0]!;
}

const KEYLESS = '      keyless: { identities: [{ issuer: https://i.example.com, subject: ci@example.com }] }';

/** An attestation authority whose one requirement (prov) has a CUE policy. */
const judgedProvenance = () =>
  authorityOf(`    - name: att
${KEYLESS}
      attestations:
        - name: prov
          predicateType: "${SLSA}"
          policy: { type: cue, data: "predicateType: string" }`);

function context(v: ScriptedVerifier, predicates: PredicateRunner = defaultPredicateRunner): EvaluationContext {
  return { image: parseImageRef(APP), verifier: v, predicates };
}

test('a denial lists at most 5 distinct failure reasons, then "..."', async () => {
  const a = authorityOf(`    - name: ci\n${KEYLESS}`);
  const v = new ScriptedVerifier();
  const reasons = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
  v.signatureScript['ci'] = [
    ...reasons.map((r, i) => failedSignature(`sig-${i}`, 'identity', r, 'IDENTITY')),
    failedSignature('sig-again', 'identity', 'r1', 'IDENTITY'),
  ];
  const { node } = await evaluateAuthority(a, context(v));
  assert.equal(node.code, 'NO_MATCHING_SIGNATURES');
  assert.match(
    node.reason,
    /no matching signatures: identity: r1; identity: r2; identity: r3; identity: r4; identity: r5; \.\.\.$/,
  );
  assert.equal(node.children.length, 7);

  v.signatureScript['ci'] = reasons.slice(0, 5).map((r, i) => failedSignature(`sig-${i}`, 'identity', r, 'IDENTITY'));
  const five = (await evaluateAuthority(a, context(v))).node;
  assert.match(
    five.reason,
    /no matching signatures: identity: r1; identity: r2; identity: r3; identity: r4; identity: r5$/,
  );
});

test('a passing keyless authority counts its verified signatures and names their signers', async () => {
  const a = authorityOf(`    - name: ci\n${KEYLESS}`);
  const v = new ScriptedVerifier();
  v.signatureScript['ci'] = [
    verifiedSignature('sig-1', 'ci@example.com', 'https://i.example.com'),
    failedSignature('sig-2', 'identity', 'wrong subject', 'IDENTITY'),
    verifiedSignature('sig-3', 'ci@example.com', 'https://i.example.com'),
  ];
  const out = await evaluateAuthority(a, context(v));
  assert.equal(out.node.status, 'pass');
  assert.equal(out.node.reason, '2 of 3 signature(s) verified');
  assert.deepEqual(
    out.node.children.map((c) => [c.name, c.status, c.code]),
    [
      ['sig-1', 'pass', undefined],
      ['sig-2', 'fail', 'IDENTITY'],
      ['sig-3', 'pass', undefined],
    ],
  );
  assert.equal(out.signers?.length, 1, 'one signer, however many signatures');
  assert.equal(out.match?.signatures?.length, 2);
});

test('a keyless authority without signatures says "keyless"; one with a key says "key"', async () => {
  const v = new ScriptedVerifier();
  const keyless = (await evaluateAuthority(authorityOf(`    - name: ci\n${KEYLESS}`), context(v))).node;
  assert.match(
    keyless.reason,
    /^signature keyless validation failed for authority ci for ghcr\.io\/acme\/app@sha256:(ab)+: no signatures found$/,
  );
  const kms = (await evaluateAuthority(authorityOf('    - name: k\n      key: { kms: "hashivault://k" }'), context(v)))
    .node;
  assert.match(kms.reason, /^signature key validation failed for authority k /);
});

test('several failing attestation requirements: the first is named, the others counted', async () => {
  const a = authorityOf(`    - name: att
${KEYLESS}
      attestations:
        - { name: one, predicateType: "https://example.com/one" }
        - { name: two, predicateType: "https://example.com/two" }
        - { name: three, predicateType: "https://example.com/three" }`);
  const v = new ScriptedVerifier();
  v.attestationScript['att'] = [attestation('a1', SLSA, {})];
  let node: DecisionNode = (await evaluateAuthority(a, context(v))).node;
  assert.equal(node.code, 'NO_MATCHING_ATTESTATIONS');
  assert.match(
    node.reason,
    /^attestation one: no matching attestations with type https:\/\/example\.com\/one, checked the following predicateTypes: "https:\/\/slsa\.dev\/provenance\/v1" \(and 2 more\)$/,
  );
  v.attestationScript['att'] = [
    attestation('a1', 'https://example.com/one', {}),
    attestation('a2', 'https://example.com/two', {}),
  ];
  node = (await evaluateAuthority(a, context(v))).node;
  assert.match(
    node.reason,
    /^attestation three: no matching attestations with type https:\/\/example\.com\/three, [^(]*$/,
  );
});

test('an attestation without a statement is listed as "(no statement)" among the types seen', async () => {
  const a = authorityOf(`    - name: att\n${KEYLESS}\n      attestations: [{ name: prov, predicateType: "${SLSA}" }]`);
  const v = new ScriptedVerifier();
  const bare: EvidenceResult = { ...attestation('a1', SLSA, {}) };
  delete bare.statement;
  v.attestationScript['att'] = [bare];
  const { node } = await evaluateAuthority(a, context(v));
  assert.match(node.reason, /checked the following predicateTypes: "\(no statement\)"$/);
});

test('passing attestations: what each requirement and the authority say, with unverified ones kept', async () => {
  const a = authorityOf(`    - name: att
${KEYLESS}
      attestations:
        - { name: prov, predicateType: "${SLSA}" }
        - { name: also, predicateType: "${SLSA}" }`);
  const v = new ScriptedVerifier();
  v.attestationScript['att'] = [
    attestation('a1', SLSA, {}),
    attestation('a2', SLSA, {}),
    attestation('bad', SLSA, {}, false),
  ];
  const out = await evaluateAuthority(a, context(v));
  assert.equal(out.node.status, 'pass');
  assert.equal(out.node.reason, 'all 2 attestation requirement(s) satisfied');
  assert.equal(out.node.kind, 'authority');
  assert.deepEqual(
    out.node.children.map((c) => [c.kind, c.name, c.status]),
    [
      ['attestation', 'prov', 'pass'],
      ['attestation', 'also', 'pass'],
      ['attestation', 'bad', 'fail'],
    ],
  );
  assert.equal(out.node.children[0]!.reason, `2 of 2 ${SLSA} attestation(s) satisfy it`);
  assert.deepEqual(Object.keys(out.match?.attestations ?? {}), ['prov', 'also']);
  assert.equal(out.signers?.length, 1);
});

test('attestation policy verdicts: failing ones keep their code (or POLICY_FAILED); passing ones count', async () => {
  const a = judgedProvenance();
  const v = new ScriptedVerifier();
  v.attestationScript['att'] = [attestation('a1', SLSA, { n: 1 }), attestation('a2', SLSA, { n: 2 })];
  const verdicts: Record<string, { ok: boolean; reason: string; code?: string }> = {
    a1: { ok: false, reason: 'n is not 2' },
    a2: { ok: false, reason: 'engine stopped', code: 'ENGINE_LIMIT' },
  };
  const runner: PredicateRunner = {
    attestation: async (_policy, evidence) => verdicts[evidence.id]!,
    document: async () => ({ ok: false, reason: 'unused' }),
  };
  let out = await evaluateAuthority(a, context(v, runner));
  const req = out.node.children[0]!;
  assert.equal(req.code, 'POLICY_FAILED', 'the first failing attestation had no code');
  assert.equal(req.reason, `none of 2 ${SLSA} attestation(s) passed the policy: n is not 2`);
  assert.deepEqual(
    req.children.map((c) => [c.name, c.status, c.code, c.reason]),
    [
      ['a1', 'fail', 'POLICY_FAILED', 'n is not 2'],
      ['a2', 'fail', 'ENGINE_LIMIT', 'engine stopped'],
    ],
  );
  assert.deepEqual(
    req.children[1]!.children.map((c) => [c.name, c.status, c.code]),
    [
      ['dsse', 'pass', undefined],
      ['policy (cue)', 'fail', 'ENGINE_LIMIT'],
    ],
  );
  assert.equal(out.node.code, 'POLICY_FAILED');

  verdicts.a1 = { ok: true, reason: 'fine' };
  out = await evaluateAuthority(a, context(v, runner));
  assert.equal(out.node.status, 'pass');
  const passed = out.node.children[0]!;
  assert.equal(passed.reason, `1 of 2 ${SLSA} attestation(s) satisfy it`);
  assert.equal(passed.children[0]!.reason, 'passes its cue policy');
  assert.equal(passed.children[0]!.code, undefined);
  assert.equal(out.match?.attestations?.prov?.length, 1);
});

test('the bundle format takes one keyless identity, as policy-controller does', async () => {
  const two = authorityOf(`    - name: b
      signatureFormat: bundle
      keyless:
        identities:
          - { issuer: https://i.example.com, subject: a@example.com }
          - { issuer: https://i.example.com, subject: b@example.com }`);
  const v = new ScriptedVerifier();
  const { node } = await evaluateAuthority(two, context(v));
  assert.equal(node.code, 'UNSUPPORTED');
  assert.equal(node.reason, 'unsupported: multiple identities are not supported at this time');
  assert.deepEqual(v.calls, [], 'refused before the verifier is asked');

  const one = authorityOf(`    - name: b\n      signatureFormat: bundle\n${KEYLESS}`);
  v.signatureScript['b'] = [verifiedSignature('s', 'ci@example.com', 'https://i.example.com')];
  assert.equal((await evaluateAuthority(one, context(v))).node.status, 'pass');
});

test('a static fail authority without a message says it is disallowed; with one, its message', async () => {
  const v = new ScriptedVerifier();
  const plain = (await evaluateAuthority(authorityOf('    - static: { action: fail }'), context(v))).node;
  assert.deepEqual([plain.status, plain.reason, plain.code], ['fail', 'disallowed by static policy', 'STATIC_FAIL']);
  const said = (await evaluateAuthority(authorityOf('    - static: { action: fail, message: "frozen" }'), context(v)))
    .node;
  assert.equal(said.reason, 'frozen');
  const pass = await evaluateAuthority(authorityOf('    - static: { action: pass }'), context(v));
  assert.deepEqual([pass.node.status, pass.node.reason, pass.match], ['pass', 'static policy: pass', { static: true }]);
});

test('an error without a code from the verifier is a VERIFIER_ERROR naming the authority', async () => {
  const v = new ScriptedVerifier();
  v.signatureScript['ci'] = new Error('connection reset');
  const { node } = await evaluateAuthority(authorityOf(`    - name: ci\n${KEYLESS}`), context(v));
  assert.deepEqual([node.code, node.reason], ['VERIFIER_ERROR', 'failed to process authority: ci: connection reset']);
});

test('verified means ok AND no failed check: either alone is not enough, and says why', async () => {
  const a = authorityOf(`    - name: ci\n${KEYLESS}`);
  const v = new ScriptedVerifier();
  const good = verifiedSignature('good', 'ci@example.com', 'https://i.example.com');
  const okButFailedCheck: EvidenceResult = {
    ...good,
    id: 'ok-but-failed',
    checks: [...good.checks, { name: 'tlog', status: 'fail', reason: 'entry not found', code: 'TLOG' }],
  };
  const notOk: EvidenceResult = { ...good, id: 'not-ok', ok: false };
  v.signatureScript['ci'] = [okButFailedCheck, notOk];
  const { node } = await evaluateAuthority(a, context(v));
  assert.deepEqual([node.kind, node.status, node.code], ['authority', 'fail', 'NO_MATCHING_SIGNATURES']);
  assert.deepEqual(
    node.children.map((c) => [c.kind, c.name, c.status, c.code, c.reason]),
    [
      ['signature', 'ok-but-failed', 'fail', 'TLOG', 'tlog: entry not found'],
      ['signature', 'not-ok', 'fail', 'UNVERIFIED', 'not verified'],
    ],
  );
  v.signatureScript['ci'] = [good];
  const pass = (await evaluateAuthority(a, context(v))).node;
  assert.deepEqual(
    [pass.kind, pass.children[0]!.kind, pass.children[0]!.reason],
    ['authority', 'signature', 'verified'],
  );
});

test('the nodes of failures: authority kind, no children where nothing was looked at', async () => {
  const v = new ScriptedVerifier();
  v.signatureScript['ci'] = new Error('connection reset');
  const failures = [
    await evaluateAuthority(authorityOf(`    - name: ci\n${KEYLESS}`), context(v)),
    await evaluateAuthority(authorityOf('    - static: { action: fail }'), context(v)),
    await evaluateAuthority(
      authorityOf('    - signatureFormat: bundle\n      key: { kms: "hashivault://k" }'),
      context(v),
    ),
  ];
  for (const { node } of failures) assert.deepEqual([node.kind, node.status, node.children], ['authority', 'fail', []]);
  const pass = (await evaluateAuthority(authorityOf('    - static: { action: pass }'), context(v))).node;
  assert.equal(pass.kind, 'authority');
});

test('no verified attestation: the reason lists why when there were some, nothing when there were none', async () => {
  const a = authorityOf(`    - name: att\n${KEYLESS}\n      attestations: [{ name: prov, predicateType: "${SLSA}" }]`);
  const v = new ScriptedVerifier();
  const none = (await evaluateAuthority(a, context(v))).node;
  assert.deepEqual(
    [none.code, none.reason],
    ['NO_MATCHING_ATTESTATIONS', `no matching attestations for authority att for ${APP}`],
  );
  v.attestationScript['att'] = [attestation('bad', SLSA, {}, false)];
  const bad = (await evaluateAuthority(a, context(v))).node;
  assert.equal(bad.code, 'NO_MATCHING_ATTESTATIONS');
  assert.equal(bad.reason, `no matching attestations for authority att for ${APP}: dsse: envelope signature invalid`);
  assert.deepEqual(
    bad.children.map((c) => [c.kind, c.name, c.status]),
    [['attestation', 'bad', 'fail']],
  );
});

test('attestation requirement nodes: kinds, statuses and reasons, with and without a policy', async () => {
  const a = authorityOf(`    - name: att
${KEYLESS}
      attestations:
        - { name: bare, predicateType: "${SLSA}" }
        - name: judged
          predicateType: "${SLSA}"
          policy: { type: cue, data: "predicateType: string" }
        - { name: other, predicateType: "https://example.com/other" }`);
  const v = new ScriptedVerifier();
  v.attestationScript['att'] = [attestation('a1', SLSA, {}), attestation('a2', 'https://example.com/third', {})];
  const runner: PredicateRunner = {
    attestation: async () => ({ ok: true, reason: 'fine' }),
    document: async () => ({ ok: false, reason: 'unused' }),
  };
  const { node } = await evaluateAuthority(a, context(v, runner));
  const [bare, judged, other] = node.children;
  assert.deepEqual(
    [bare!.kind, bare!.children[0]!.kind, bare!.children[0]!.status, bare!.children[0]!.reason],
    ['attestation', 'attestation', 'pass', `verified ${SLSA} attestation (no policy: presence suffices)`],
  );
  const judgedAtt = judged!.children[0]!;
  assert.deepEqual([judgedAtt.kind, judgedAtt.status], ['attestation', 'pass']);
  assert.deepEqual(
    judgedAtt.children.map((c) => [c.kind, c.name, c.status, c.children]),
    [
      ['check', 'dsse', 'pass', []],
      ['check', 'policy (cue)', 'pass', []],
    ],
  );
  assert.deepEqual(
    [other!.kind, other!.status, other!.children, other!.code],
    ['attestation', 'fail', [], 'NO_MATCHING_ATTESTATIONS'],
  );
  assert.match(
    other!.reason,
    /checked the following predicateTypes: "https:\/\/slsa\.dev\/provenance\/v1", "https:\/\/example\.com\/third"$/,
  );
});

test('signers of attestations that pass a policy count for N-of-M; a failing first keeps its engine code', async () => {
  const a = judgedProvenance();
  const v = new ScriptedVerifier();
  v.attestationScript['att'] = [attestation('a1', SLSA, {})];
  let verdict: { ok: boolean; reason: string; code?: string } = { ok: true, reason: 'fine' };
  const runner: PredicateRunner = { attestation: async () => verdict, document: async () => verdict };
  const pass = await evaluateAuthority(a, context(v, runner));
  assert.equal(pass.signers?.length, 1);
  verdict = { ok: false, reason: 'stopped', code: 'ENGINE_LIMIT' };
  const fail = (await evaluateAuthority(a, context(v, runner))).node;
  assert.deepEqual(
    [fail.children[0]!.kind, fail.children[0]!.code, fail.code],
    ['attestation', 'ENGINE_LIMIT', 'ENGINE_LIMIT'],
  );
});
