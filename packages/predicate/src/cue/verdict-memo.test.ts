// The CUE verdict memo: what cue-wasm answered once is answered again without the engine, exactly; what it
// did not answer (a limit, a failure, a caller's own evaluator) is never remembered; the memo is bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluatePredicatePolicy, type PolicyEvaluator } from '../evaluate.ts';
import type { PredicateEvaluation } from '../result.ts';
import { createWorkerEvaluator } from '../node/worker-evaluator.ts';
import {
  clearCueVerdictMemo,
  cueMemoKey,
  cueVerdictMemoSize,
  cueVerdictMemoStats,
  MAX_MEMO_CHARS,
  MAX_MEMO_ENTRIES,
  recallCueVerdict,
  rememberCueVerdict,
} from './verdict-memo.ts';

const policy = { type: 'cue' as const, data: 'predicate: builder: id: "https://sigguard.test/builder"' };
const input = (id: string) => ({ predicateType: 'https://slsa.dev/provenance/v0.2', predicate: { builder: { id } } });
const verdict = ({ durationMs: _t, ...r }: PredicateEvaluation) => r;

test('a pass and a unification failure are answered again from the memo, identically', async () => {
  clearCueVerdictMemo();
  const pass = await evaluatePredicatePolicy(policy, input('https://sigguard.test/builder'), { name: 'slsa' });
  const deny = await evaluatePredicatePolicy(policy, input('https://other/builder'), { name: 'slsa' });
  assert.equal(pass.ok, true, pass.reason);
  assert.equal(deny.ok, false);
  assert.match(deny.reason, /conflicting values/);
  assert.deepEqual([cueVerdictMemoStats.hits, cueVerdictMemoSize().entries], [0, 2]);
  const again = await evaluatePredicatePolicy(policy, input('https://sigguard.test/builder'), { name: 'slsa' });
  const denyAgain = await evaluatePredicatePolicy(policy, input('https://other/builder'), { name: 'slsa' });
  assert.equal(cueVerdictMemoStats.hits, 2);
  assert.deepEqual(verdict(again), verdict(pass));
  assert.deepEqual(verdict(denyAgain), verdict(deny));
  again.errors.push('edited');
  assert.deepEqual(
    (await evaluatePredicatePolicy(policy, input('https://sigguard.test/builder'), { name: 'slsa' })).errors,
    [],
  );
});

test('another name, limits, strictness, policy or input is another key', async () => {
  clearCueVerdictMemo();
  const ok = input('https://sigguard.test/builder');
  await evaluatePredicatePolicy(policy, ok, { name: 'a' });
  await evaluatePredicatePolicy(policy, ok, { name: 'b' });
  await evaluatePredicatePolicy(policy, ok, { name: 'a', limits: { maxDepth: 50 } });
  await evaluatePredicatePolicy(policy, ok, { name: 'a', cueConcrete: true });
  await evaluatePredicatePolicy({ ...policy, data: `${policy.data}\n` }, ok, { name: 'a' });
  await evaluatePredicatePolicy(policy, { ...ok, extra: 1 }, { name: 'a' });
  assert.deepEqual([cueVerdictMemoStats.hits, cueVerdictMemoSize().entries], [0, 6]);
  const b = await evaluatePredicatePolicy(policy, ok, { name: 'b' });
  assert.match(b.reason, /for b passed/);
  assert.equal(cueVerdictMemoStats.hits, 1);
});

test('an engine limit is never remembered, not even after the same evaluation passed', async () => {
  clearCueVerdictMemo();
  const ok = input('https://sigguard.test/builder');
  // In-thread, an evaluation that finished after its (zero) budget still fails at the time limit.
  for (let i = 0; i < 2; i++) {
    const r = await evaluatePredicatePolicy(policy, ok, { limits: { timeoutMs: 0 } });
    assert.equal(r.ok, false);
    assert.equal(r.code, 'ENGINE_LIMIT', r.reason);
  }
  assert.deepEqual([cueVerdictMemoStats.hits, cueVerdictMemoSize().entries], [0, 0]);
  assert.equal((await evaluatePredicatePolicy(policy, ok)).ok, true);
  assert.equal((await evaluatePredicatePolicy(policy, ok, { limits: { timeoutMs: 0 } })).code, 'ENGINE_LIMIT');
});

test("a caller's own evaluator is asked every time; the package's isolated evaluator is memoised", async () => {
  clearCueVerdictMemo();
  let asked = 0;
  const own: PolicyEvaluator = {
    evaluate: async () => {
      asked++;
      return { ok: true, engine: 'cue', reason: 'own', errors: [], warnings: [], durationMs: 0 };
    },
  };
  const ok = input('https://sigguard.test/builder');
  await evaluatePredicatePolicy(policy, ok, { evaluator: own });
  await evaluatePredicatePolicy(policy, ok, { evaluator: own });
  assert.equal(asked, 2);
  assert.equal(cueVerdictMemoSize().entries, 0);
  // The package's worker evaluator runs the same engine on another thread: asked once, then remembered.
  const isolated = createWorkerEvaluator();
  const first = await evaluatePredicatePolicy(policy, ok, { evaluator: isolated });
  const second = await evaluatePredicatePolicy(policy, ok, { evaluator: isolated });
  assert.equal(first.ok, true, first.reason);
  assert.deepEqual(verdict(second), verdict(first));
  assert.deepEqual([cueVerdictMemoStats.hits, cueVerdictMemoSize().entries], [1, 1]);
  await isolated.close();
});

test('the memo keeps at most MAX_MEMO_ENTRIES entries and MAX_MEMO_CHARS characters, least recently used first', () => {
  clearCueVerdictMemo();
  const pass = { ok: true, reason: 'passed', errors: [], warnings: [] };
  const key = (i: number) =>
    cueMemoKey('p', `{"i":${i}}`, { name: 'n', concrete: false, limits: undefined, evaluator: undefined })!;
  for (let i = 0; i <= MAX_MEMO_ENTRIES; i++) rememberCueVerdict(key(i), pass);
  assert.equal(cueVerdictMemoSize().entries, MAX_MEMO_ENTRIES);
  assert.equal(recallCueVerdict(key(0)), undefined);
  assert.ok(recallCueVerdict(key(1)));
  clearCueVerdictMemo();
  const big = (c: string) => `${c.repeat(MAX_MEMO_CHARS / 2 - 100)}`;
  rememberCueVerdict(big('a'), pass);
  rememberCueVerdict(big('b'), pass);
  rememberCueVerdict(big('c'), pass);
  assert.ok(cueVerdictMemoSize().chars <= MAX_MEMO_CHARS);
  assert.equal(recallCueVerdict(big('a')), undefined);
  assert.ok(recallCueVerdict(big('c')));
  // Failures that are not CUE's own verdict are refused whatever the caller hands in.
  rememberCueVerdict('x', { ok: false, reason: 'limit', errors: ['limit'], warnings: [], code: 'ENGINE_LIMIT' });
  rememberCueVerdict('y', { ok: false, reason: 'crash', errors: ['crash'], warnings: [], code: 'ENGINE_FAILURE' });
  rememberCueVerdict('z', { ok: true, reason: 'odd', errors: [], warnings: [], code: 'ENGINE_FAILURE' });
  assert.deepEqual(
    [recallCueVerdict('x'), recallCueVerdict('y'), recallCueVerdict('z')],
    [undefined, undefined, undefined],
  );
  clearCueVerdictMemo();
});

test('policies are numbered in keys, never reusing a number, also after the table of numbers starts over', () => {
  clearCueVerdictMemo();
  const how = { name: 'n', concrete: false, limits: undefined, evaluator: undefined };
  const first = cueMemoKey('policy 0', '{}', how)!;
  assert.equal(cueMemoKey('policy 0', '{}', how), first, 'the same text, the same number');
  const keys = new Set([first]);
  for (let i = 1; i <= MAX_MEMO_ENTRIES + 10; i++) keys.add(cueMemoKey(`policy ${i}`, '{}', how)!);
  assert.equal(keys.size, MAX_MEMO_ENTRIES + 11, 'every text its own key');
  // The table started over: the first text has a new number, so nothing kept under its old key is found by it.
  rememberCueVerdict(first, { ok: true, reason: 'kept', errors: [], warnings: [] });
  const again = cueMemoKey('policy 0', '{}', how)!;
  assert.ok(!keys.has(again));
  assert.equal(recallCueVerdict(again), undefined);
  clearCueVerdictMemo();
});
