// A compiled policy is loaded once and its instance reused, heap reset between evaluations
// (rego-engine.ts): reuse must not leak anything from one evaluation into the next, must not grow
// memory, and an instance that failed (trap, abort, memory limit) must never be used again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluatePredicatePolicy } from '../evaluate.ts';
import { SKIP_NO_OPA_WASM, canonical, opaWasmBytes, opaWasmJSON } from '../testdata/opa-wasm-vectors.ts';
import type { RegoValue } from './exact-json.ts';
import { clearRegoInstances, compileRegoArtifact, regoInstanceStats, runRego } from './rego-engine.ts';
import { TEST_DOUBLE_WASM } from './testdata/double.ts';

const MEMORY = 64 << 20;

interface Recorded {
  bundle: string;
  input: string;
  opaEvalValue: RegoValue;
}

/** Every recorded (OPA-built bundle, input) pair with `opa eval`'s value. */
function recorded(): Recorded[] {
  return opaWasmJSON<{ cases: Recorded[] }>('expected.json').cases;
}

async function evaluateCase(c: Recorded): Promise<string> {
  const policy = await compileRegoArtifact(opaWasmBytes(c.bundle), MEMORY);
  const rs = (await runRego(policy, opaWasmJSON(c.input), MEMORY)) as { result: RegoValue }[];
  return canonical(rs[0]?.result, false);
}

test('[OPA 0.70.0 modules] a reused instance answers like a fresh one and like opa eval, in any order', {
  skip: SKIP_NO_OPA_WASM,
}, async () => {
  const cases = recorded();
  assert.ok(cases.length >= 8, 'the vectors hold the recorded cases');
  // Fresh answers: the cache is emptied before each evaluation.
  const fresh: string[] = [];
  for (const c of cases) {
    clearRegoInstances();
    fresh.push(await evaluateCase(c));
  }
  clearRegoInstances();
  // Forwards, backwards, forwards again (A, B, A for the folders with two inputs), on live
  // instances (more policies than the cache holds: some are evicted and made again).
  const order = [...cases.keys(), ...[...cases.keys()].reverse(), ...cases.keys()];
  for (const i of order) {
    const c = cases[i]!;
    const got = await evaluateCase(c);
    assert.equal(got, fresh[i], `${c.bundle} on ${c.input}: a reused instance differs from a fresh one`);
    assert.equal(got, canonical(c.opaEvalValue, false), `${c.bundle} on ${c.input}: differs from opa eval`);
  }
});

test('[OPA 0.70.0 modules] one instance per policy answers its inputs A, B, A, B exactly as opa eval', {
  skip: SKIP_NO_OPA_WASM,
}, async () => {
  const byBundle = new Map<string, Recorded[]>();
  for (const c of recorded()) byBundle.set(c.bundle, [...(byBundle.get(c.bundle) ?? []), c]);
  for (const [bundle, inputs] of byBundle) {
    clearRegoInstances();
    const made = regoInstanceStats().made;
    const sequence = inputs.length > 1 ? [0, 1, 0, 1, 1, 0] : [0, 0, 0];
    for (const i of sequence) {
      const c = inputs[i]!;
      assert.equal(
        await evaluateCase(c),
        canonical(c.opaEvalValue, false),
        `${bundle} on ${c.input} (sequence ${sequence})`,
      );
    }
    assert.equal(regoInstanceStats().made, made + 1, `${bundle}: one instance for all ${sequence.length} evaluations`);
  }
});

test('[OPA 0.70.0 modules] 1000 evaluations on one instance: same answers, memory does not grow', {
  skip: SKIP_NO_OPA_WASM,
}, async () => {
  const pairs = recorded().filter((c) => c.bundle === 'e2e-custom-data/bundle.tar.gz');
  assert.equal(pairs.length, 2, 'e2e-custom-data has a failing and a passing input');
  clearRegoInstances();
  await evaluateCase(pairs[0]!);
  await evaluateCase(pairs[1]!);
  const made = regoInstanceStats().made;
  const [live] = regoInstanceStats().idle;
  assert.ok(live, 'the instance is kept after a clean evaluation');
  for (let i = 0; i < 1000; i++) {
    const c = pairs[i % 2]!;
    assert.equal(await evaluateCase(c), canonical(c.opaEvalValue, false), `evaluation ${i}`);
  }
  const stats = regoInstanceStats();
  assert.equal(stats.made, made, 'no new instance was made');
  assert.deepEqual(stats.idle, [live], 'the same memory size after 1000 evaluations');
});

test('[test double] after a trap, an abort or the memory limit the instance is dropped, and the next evaluation is right', async () => {
  const wasm = { type: 'rego' as const, wasm: TEST_DOUBLE_WASM };
  clearRegoInstances();
  assert.equal((await evaluatePredicatePolicy(wasm, { a: 1 })).ok, false); // a made instance, now idle
  const made = regoInstanceStats().made;
  assert.equal(regoInstanceStats().idle.length, 1);
  const failures: [unknown, string, { maxMemoryBytes: number } | undefined][] = [
    ['trap', 'ENGINE_FAILURE', undefined],
    ['abort', 'ENGINE_FAILURE', undefined],
    ['oom', 'ENGINE_LIMIT', { maxMemoryBytes: 4 << 20 }],
  ];
  let expectMade = made;
  for (const [input, code, limits] of failures) {
    // Warm an instance for these limits, then fail it.
    assert.equal((await evaluatePredicatePolicy(wasm, true, limits ? { limits } : {})).ok, true);
    expectMade = regoInstanceStats().made;
    const bad = await evaluatePredicatePolicy(wasm, input, limits ? { limits } : {});
    assert.deepEqual([bad.ok, bad.code], [false, code], bad.reason);
    assert.equal(
      regoInstanceStats().idle.length,
      limits ? 1 : 0,
      `the instance that failed on ${String(input)} is not kept`,
    );
    // The next evaluation makes a new instance and answers correctly, in both directions.
    const good = await evaluatePredicatePolicy(wasm, true, limits ? { limits } : {});
    assert.deepEqual([good.ok, good.code], [true, undefined], good.reason);
    assert.equal(regoInstanceStats().made, expectMade + 1, `a new instance after ${String(input)}`);
    assert.equal((await evaluatePredicatePolicy(wasm, false, limits ? { limits } : {})).ok, false);
  }
});

test('the same artifact array is not hashed again, and a new array with the same bytes hits the same compiled policy', async () => {
  const bytes = TEST_DOUBLE_WASM.slice();
  const a = await compileRegoArtifact(bytes, 1 << 20);
  assert.equal(await compileRegoArtifact(bytes, 1 << 20), a);
  assert.equal(await compileRegoArtifact(bytes.slice(), 1 << 20), a);
  // Another policy in another array is another compiled policy.
  const other = await compileRegoArtifact(opaWasmOr(bytes), 1 << 20);
  assert.equal(other === a, SKIP_NO_OPA_WASM !== false);
});

function opaWasmOr(fallback: Uint8Array): Uint8Array {
  return SKIP_NO_OPA_WASM ? fallback : opaWasmBytes('cosign-rego-1/policy.wasm');
}
