// test-isolation: process (the first CUE evaluation in the process must start the engine)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluatePredicatePolicy, type PredicatePolicy } from './evaluate.ts';
import { TEST_DOUBLE_WASM } from './rego/testdata/double.ts';

test('engine start-up has its own budget: over it, ENGINE_LIMIT (startup) naming the policy, never a pass', async () => {
  // The first CUE evaluation has to start the engine (hundreds of ms at least): over a 1 ms start-up budget.
  const r = await evaluatePredicatePolicy(
    { type: 'cue', data: 'a: 1' },
    { a: 1 },
    { name: 'custom', limits: { startupTimeoutMs: 1 } },
  );
  assert.deepEqual([r.ok, r.code, r.limit], [false, 'ENGINE_LIMIT', 'startup']);
  assert.match(
    r.reason,
    /^cue policy for custom was stopped at an engine limit \(startup\): the CUE engine did not start within its start-up limit of 1 ms/,
  );
  // Start-up is not part of the evaluation budget: the same evaluation passes with a tight one once started.
  assert.equal((await evaluatePredicatePolicy({ type: 'cue', data: 'a: 1' }, { a: 1 })).ok, true);
});

test('on the calling thread an evaluation that finishes late is still ENGINE_LIMIT (time), not a pass', async () => {
  const heavy = 'import "list"\nx: [for x in list.Range(0, 30, 1) for y in list.Range(0, 30, 1) {x*y}]';
  const r = await evaluatePredicatePolicy(
    { type: 'cue', data: heavy },
    {},
    { name: 'custom', limits: { timeoutMs: 1 } },
  );
  assert.deepEqual([r.ok, r.code, r.limit], [false, 'ENGINE_LIMIT', 'time']);
  assert.match(
    r.reason,
    /^cue policy for custom was stopped at an engine limit \(time\): the evaluation exceeded its time limit of 1 ms/,
  );
});

test('inputs and policies over the size limit are refused before evaluation', async () => {
  const input = { predicate: { blob: 'x'.repeat(2000) } };
  const cue = await evaluatePredicatePolicy({ type: 'cue', data: 'predicate: _' }, input, {
    limits: { maxInputBytes: 1000 },
  });
  assert.deepEqual([cue.ok, cue.code], [false, 'INPUT_TOO_LARGE']);
  assert.match(cue.reason, /input document is \d+ bytes, over the limit of 1000 bytes/);
  const rego = await evaluatePredicatePolicy({ type: 'rego', wasm: TEST_DOUBLE_WASM }, input, {
    limits: { maxInputBytes: 1000 },
  });
  assert.deepEqual([rego.ok, rego.code], [false, 'INPUT_TOO_LARGE']);
  const bigPolicy = await evaluatePredicatePolicy(
    { type: 'cue', data: `a: "${'y'.repeat(2000)}"` },
    {},
    { limits: { maxInputBytes: 1000 } },
  );
  assert.deepEqual([bigPolicy.ok, bigPolicy.code], [false, 'INPUT_TOO_LARGE']);
});

test('inline Rego source without a compiler fails and says how to precompile', async () => {
  const r = await evaluatePredicatePolicy({ type: 'rego', data: 'package sigstore\nisCompliant { true }' }, {});
  assert.deepEqual([r.ok, r.code], [false, 'ENGINE_UNAVAILABLE']);
  assert.match(r.reason, /opa build -t wasm -e sigstore\/isCompliant --v0-compatible -o bundle\.tar\.gz policy\.rego/);
});

test("a compiler is used for inline Rego source, and its failure is the evaluation's failure", async () => {
  const sources: string[] = [];
  const ok = await evaluatePredicatePolicy({ type: 'rego', data: 'package sigstore' }, true, {
    regoCompiler: async (src) => (sources.push(src), TEST_DOUBLE_WASM),
  });
  assert.equal(ok.ok, true, ok.reason);
  assert.deepEqual(sources, ['package sigstore']);
  const broken = await evaluatePredicatePolicy({ type: 'rego', data: 'package sigstore' }, true, {
    regoCompiler: async () => {
      throw new Error('compiler crashed');
    },
  });
  assert.deepEqual([broken.ok, broken.code], [false, 'ENGINE_FAILURE']);
  assert.match(broken.reason, /compiler crashed/);
});

test('malformed policy objects and inputs fail closed', async () => {
  const noData = await evaluatePredicatePolicy({ type: 'cue' } as unknown as PredicatePolicy, {});
  assert.deepEqual([noData.ok, noData.code], [false, 'PREDICATE_POLICY_INVALID']);
  const noRego = await evaluatePredicatePolicy({ type: 'rego' } as unknown as PredicatePolicy, {});
  assert.deepEqual([noRego.ok, noRego.code], [false, 'PREDICATE_POLICY_INVALID']);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const badInput = await evaluatePredicatePolicy({ type: 'cue', data: 'a: 1' }, cyclic);
  assert.deepEqual([badInput.ok, badInput.code], [false, 'PAYLOAD_INVALID']);
});
