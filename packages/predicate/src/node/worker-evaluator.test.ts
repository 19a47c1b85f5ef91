import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, test } from 'node:test';
import { TEST_DOUBLE_WASM } from '../rego/testdata/double.ts';
import { createWorkerEvaluator } from './worker-evaluator.ts';

const evaluator = createWorkerEvaluator();
after(() => evaluator.close());
const wasm = { type: 'rego' as const, wasm: TEST_DOUBLE_WASM };

test('evaluations run in a worker with the same results', async () => {
  const cue = await evaluator.evaluate(
    { type: 'cue', data: 'predicate: Data: "x"' },
    { predicate: { Data: 'y' } },
    { name: 'custom' },
  );
  assert.equal(cue.ok, false);
  assert.match(
    cue.reason,
    /^failed evaluating cue policy for custom: failed to evaluate the policy with error: predicate\.Data: conflicting values "y" and "x"/,
  );
  assert.equal((await evaluator.evaluate(wasm, true)).ok, true);
});

test('[test double] an engine that never returns is stopped at the time limit: ENGINE_LIMIT, not a pass', async () => {
  const r = await evaluator.evaluate(wasm, 'spin', { name: 'custom', limits: { timeoutMs: 300 } });
  assert.deepEqual([r.ok, r.code, r.limit], [false, 'ENGINE_LIMIT', 'time']);
  assert.match(
    r.reason,
    /^rego policy for custom was stopped at an engine limit \(time\): the evaluation exceeded its time limit of 300 ms/,
  );
  // A fresh worker serves the next evaluation.
  assert.equal((await evaluator.evaluate(wasm, true)).ok, true);
});

test('inline Rego is compiled on the calling thread, then evaluated in the worker', async () => {
  const r = await evaluator.evaluate({ type: 'rego', data: 'package sigstore' }, true, {
    regoCompiler: async () => TEST_DOUBLE_WASM,
  });
  assert.equal(r.ok, true, r.reason);
  const none = await evaluator.evaluate({ type: 'rego', data: 'package sigstore' }, true);
  assert.equal(none.code, 'ENGINE_UNAVAILABLE');
});

test('an idle worker does not keep the process alive (the CLI exits after evaluating)', () => {
  const entry = new URL('./worker-evaluator.ts', import.meta.url).href;
  const script = `
    const { sharedWorkerEvaluator } = await import(${JSON.stringify(entry)});
    const r = await sharedWorkerEvaluator().evaluate({ type: 'cue', data: 'a: 1' }, { a: 1 });
    console.log(JSON.stringify({ ok: r.ok, reason: r.ok ? undefined : r.reason }));`;
  // Without unref the child would never exit and execFileSync would time out (an error).
  const out = execFileSync(process.execPath, [...process.execArgv, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  assert.equal(r.ok, true, r.reason);
});
