// The engine options a caller gives createPredicateRunner reach the engines, for attestation and
// CIP-level policies alike (mutation testing: no other policy unit test passes them), and what an
// evaluator answers is passed on as it is, except that a passing verdict never carries a code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EvaluateOptions, PolicyEvaluator, PredicateEvaluation, PredicatePolicy } from '@sigguard/predicate';
import type { EvidenceResult } from './evidence.ts';
import { createPredicateRunner } from './predicate-runner.ts';
import type { AttestationRequirement, PolicyRef } from './types.ts';

const FLAGS = { fetchConfigFile: false, includeSpec: false, includeObjectMeta: false, includeTypeMeta: false };
const requirement: AttestationRequirement = { name: 'provenance', predicateType: 'https://slsa.dev/provenance/v1' };
const evidence = {
  id: 'att-1',
  ok: true,
  checks: [],
  statement: {
    _type: 'https://in-toto.io/Statement/v1',
    predicateType: 'https://slsa.dev/provenance/v1',
    subject: [{ name: 'ghcr.io/acme/app', digest: { sha256: 'ab'.repeat(32) } }],
    predicate: { builder: { id: 'ci' } },
  },
} as EvidenceResult;

/** An evaluator that answers `answer` and records what it was asked with. */
function recordingEvaluator(answer: Partial<PredicateEvaluation>) {
  const calls: { policy: PredicatePolicy; input: unknown; options: EvaluateOptions | undefined }[] = [];
  const evaluator: PolicyEvaluator = {
    async evaluate(policy, input, options) {
      calls.push({ policy, input, options });
      return { ok: false, engine: 'cue', reason: '', errors: [], warnings: [], durationMs: 0, ...answer };
    },
  };
  return { evaluator, calls };
}

test('regoCompiler, limits, now and the evaluator reach the engines for both kinds of policy', async () => {
  const { evaluator, calls } = recordingEvaluator({ ok: true, reason: 'passed' });
  const regoCompiler = async () => new Uint8Array();
  const limits = { timeoutMs: 1234, maxInputBytes: 5678 };
  const now = new Date('2026-01-02T03:04:05Z');
  const runner = createPredicateRunner({ evaluator, regoCompiler, limits, now });
  const ref: PolicyRef = { type: 'cue', data: 'predicateType: string', ...FLAGS };

  assert.deepEqual(await runner.attestation(ref, evidence, requirement), { ok: true, reason: 'passed' });
  assert.deepEqual(await runner.document(ref, { authorityMatches: {} }), { ok: true, reason: 'passed' });
  assert.equal(calls.length, 2);
  for (const [i, name] of ['provenance', 'ClusterImagePolicy'].entries()) {
    const call = calls[i]!;
    assert.deepEqual(call.policy, { type: 'cue', data: 'predicateType: string' });
    assert.equal(call.options?.name, name);
    assert.equal(call.options?.regoCompiler, regoCompiler);
    assert.equal(call.options?.limits, limits);
    assert.equal(call.options?.now, now);
  }
  // The attestation policy judges the verified statement itself.
  assert.equal((calls[0]!.input as { predicateType?: unknown }).predicateType, 'https://slsa.dev/provenance/v1');
  assert.deepEqual(calls[1]!.input, { authorityMatches: {} });
});

test('without options the engines get only the policy name (no undefined entries passed on)', async () => {
  const { evaluator, calls } = recordingEvaluator({ ok: true, reason: 'passed' });
  const runner = createPredicateRunner({ evaluator });
  const ref: PolicyRef = { type: 'cue', data: 'x: 1', ...FLAGS };
  await runner.document(ref, {});
  assert.deepEqual(Object.keys(calls[0]!.options ?? {}).sort(), ['name']);
});

test('strictCipPolicy makes only the CIP-level CUE policy concrete, never an attestation policy', async () => {
  const { evaluator, calls } = recordingEvaluator({ ok: true, reason: 'passed' });
  const runner = createPredicateRunner({ evaluator, strictCipPolicy: true });
  const ref: PolicyRef = { type: 'cue', data: 'x: 1', ...FLAGS };
  await runner.document(ref, {});
  await runner.attestation(ref, evidence, requirement);
  assert.equal(calls[0]!.options?.cueConcrete, true);
  assert.equal(calls[1]!.options?.cueConcrete, undefined);
});

test('a failing verdict keeps the engine code; a passing one never carries a code', async () => {
  const ref: PolicyRef = { type: 'cue', data: 'x: 1', ...FLAGS };
  const failing = createPredicateRunner({
    evaluator: recordingEvaluator({ reason: 'too slow', code: 'ENGINE_LIMIT' }).evaluator,
  });
  assert.deepEqual(await failing.document(ref, {}), { ok: false, reason: 'too slow', code: 'ENGINE_LIMIT' });
  assert.deepEqual(await failing.attestation(ref, evidence, requirement), {
    ok: false,
    reason: 'too slow',
    code: 'ENGINE_LIMIT',
  });
  const passing = createPredicateRunner({
    evaluator: recordingEvaluator({ ok: true, reason: 'fine', code: 'ENGINE_LIMIT' }).evaluator,
  });
  assert.deepEqual(await passing.document(ref, {}), { ok: true, reason: 'fine' });
});

test('an error without a code while loading a policy (a fetch that misbehaves) is a POLICY_SOURCE denial', async () => {
  const brokenResponse = {
    get ok(): boolean {
      throw new TypeError('response has no status');
    },
  };
  const runner = createPredicateRunner({ fetch: async () => brokenResponse as unknown as Response });
  const ref: PolicyRef = {
    type: 'cue',
    remote: { url: 'https://policy.example/p.cue', sha256sum: 'c'.repeat(64) },
    ...FLAGS,
  };
  for (const v of [await runner.document(ref, {}), await runner.attestation(ref, evidence, requirement)]) {
    assert.deepEqual(v, { ok: false, reason: 'response has no status', code: 'POLICY_SOURCE' });
  }
});
